package org.likeness.quality;

import org.likeness.align.AlignedFace;
import org.likeness.align.AlignmentTemplate;
import org.likeness.detect.DetectedFace;
import org.likeness.detect.FivePoints;
import org.likeness.detect.Point;
import org.likeness.image.RgbImage;

/**
 * Measures a found face's {@link FaceQuality}: its width from the landmarks in the photo, and its
 * sharpness, exposure and contrast on the aligned chip, which the aligner has already sampled from
 * the photo at the face's own scale. Pure arithmetic; no model is involved.
 */
public final class QualityAssessor {
  /**
   * Names how quality is measured (on which chip, with which formulas); caches of measured faces key
   * on it. Change it whenever a change here can change a measured value.
   */
  public static final String REVISION = "q2";

  /** The side, in pixels, the chip is area-resampled to before sharpness is measured. */
  public static final int WORK_SIZE = 64;

  /**
   * Face width over inter-ocular distance (eye centre to eye centre): the median ratio of the
   * detector's box width to the inter-ocular distance over 300 frontal LFW faces (docs/quality.md).
   */
  public static final double FACE_WIDTH_PER_EYE_DISTANCE = 2.2;

  /**
   * Eye-to-mouth distance (eye midpoint to mouth midpoint) over inter-ocular distance in a frontal
   * face, from insightface's {@code arcface_dst}: 40.68 / 35.24.
   */
  static final double EYE_MOUTH_PER_EYE_DISTANCE = eyeMouth(AlignmentTemplate.ARCFACE_112.points())
      / eyeDistance(AlignmentTemplate.ARCFACE_112.points());

  /** Where the nose tip sits between the eye line (0) and the mouth line (1) in a frontal face, from {@code arcface_dst}. */
  static final double FRONTAL_NOSE_HEIGHT = noseHeight(AlignmentTemplate.ARCFACE_112.points());

  /**
   * How far the nose tip stands out of the plane of the eyes and mouth corners, over the
   * eye-to-mouth distance, in a generic adult face (about 3.2 cm against 7 cm). Pose angles scale
   * with it, so they are estimates: good to tell a frontal face from a turned one, not to measure
   * how far it is turned to the degree.
   */
  static final double NOSE_DEPTH_PER_EYE_MOUTH = 0.45;

  private QualityAssessor() {}

  /** The quality of {@code face}, whose aligned chip is {@code chip}. */
  public static FaceQuality assess(DetectedFace face, AlignedFace chip) {
    FivePoints p = face.landmarks().five();
    double[] luma = luma(chip.chip());
    int size = chip.chip().width();
    int[] region = faceRegion(chip.template().points(), size);
    double[] stats = meanAndStd(luma, size, region);
    double sharpness = sharpness(resample(luma, size, WORK_SIZE), WORK_SIZE, scale(region, size, WORK_SIZE));
    double[] pose = pose(p);
    return new FaceQuality(faceWidth(p), sharpness, stats[0], stats[1], pose[0], pose[1], pose[2], face.score());
  }

  /**
   * The face's width in the photo's pixels: {@link #FACE_WIDTH_PER_EYE_DISTANCE} times the
   * inter-ocular distance, or times the eye-to-mouth distance converted to an inter-ocular one when
   * that is larger (a turned head narrows the eyes' spacing but not the eye-to-mouth distance).
   * Landmarks move less from frame to frame than a detector's box edges do.
   */
  public static double faceWidth(FivePoints p) {
    double eyes = Math.max(eyeDistance(p), eyeMouth(p) / EYE_MOUTH_PER_EYE_DISTANCE);
    return FACE_WIDTH_PER_EYE_DISTANCE * eyes;
  }

  /**
   * Yaw, pitch and roll in degrees from five points, with a generic face's nose depth: the nose
   * tip's offset from the eye-mouth midline is depth times sin(yaw); its height between eye line and
   * mouth line moves from the frontal {@link #FRONTAL_NOSE_HEIGHT} by depth times tan(pitch).
   */
  static double[] pose(FivePoints p) {
    Point eyes = mid(p.leftEye(), p.rightEye());
    Point mouth = mid(p.leftMouth(), p.rightMouth());
    double ux = mouth.x() - eyes.x();
    double uy = mouth.y() - eyes.y();
    double em = Math.hypot(ux, uy);
    double roll = Math.toDegrees(Math.atan2(p.rightEye().y() - p.leftEye().y(), p.rightEye().x() - p.leftEye().x()));
    if (em < 1e-6) {
      return new double[] {90, 90, roll};
    }
    ux /= em;
    uy /= em;
    double nx = p.nose().x() - eyes.x();
    double ny = p.nose().y() - eyes.y();
    double along = (nx * ux + ny * uy) / em; // 0 at the eyes, 1 at the mouth
    double across = (nx * -uy + ny * ux) / em; // to the image's left of the midline when positive
    double depth = NOSE_DEPTH_PER_EYE_MOUTH;
    double yaw = Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, -across / depth))));
    double pitch = Math.toDegrees(Math.atan((along - FRONTAL_NOSE_HEIGHT) / depth));
    return new double[] {yaw, pitch, roll};
  }

  /** Sharpness: RMS of the 4-neighbour Laplacian over the luma std, inside {@code r} = {x0, y0, x1, y1}. */
  static double sharpness(double[] g, int size, int[] r) {
    double sum = 0;
    double sum2 = 0;
    double lap2 = 0;
    int n = 0;
    for (int y = Math.max(1, r[1]); y < Math.min(size - 1, r[3]); y++) {
      for (int x = Math.max(1, r[0]); x < Math.min(size - 1, r[2]); x++) {
        int i = y * size + x;
        double v = g[i];
        double lap = 4 * v - g[i - 1] - g[i + 1] - g[i - size] - g[i + size];
        sum += v;
        sum2 += v * v;
        lap2 += lap * lap;
        n++;
      }
    }
    if (n == 0) {
      return 0;
    }
    double mean = sum / n;
    double std = Math.sqrt(Math.max(0, sum2 / n - mean * mean));
    return Math.sqrt(lap2 / n) / Math.max(std, 1);
  }

  /**
   * The face's skin in a chip, {x0, y0, x1, y1} exclusive: from 0.3 inter-ocular distances outside
   * the eyes, half of one above them, to 0.3 below the mouth corners. Backgrounds and hair stay out.
   */
  static int[] faceRegion(FivePoints t, int size) {
    double iod = eyeDistance(t);
    double x0 = Math.min(t.leftEye().x(), t.leftMouth().x()) - 0.3 * iod;
    double x1 = Math.max(t.rightEye().x(), t.rightMouth().x()) + 0.3 * iod;
    double y0 = Math.min(t.leftEye().y(), t.rightEye().y()) - 0.5 * iod;
    double y1 = Math.max(t.leftMouth().y(), t.rightMouth().y()) + 0.3 * iod;
    return new int[] {
      clamp((int) Math.floor(x0), size), clamp((int) Math.floor(y0), size),
      clamp((int) Math.ceil(x1), size), clamp((int) Math.ceil(y1), size)
    };
  }

  private static int[] scale(int[] r, int from, int to) {
    double s = (double) to / from;
    return new int[] {
      (int) Math.floor(r[0] * s), (int) Math.floor(r[1] * s), (int) Math.ceil(r[2] * s), (int) Math.ceil(r[3] * s)
    };
  }

  private static int clamp(int v, int size) {
    return Math.max(0, Math.min(size, v));
  }

  /** Mean and standard deviation of {@code g} inside {@code r}. */
  static double[] meanAndStd(double[] g, int size, int[] r) {
    double sum = 0;
    double sum2 = 0;
    int n = 0;
    for (int y = r[1]; y < r[3]; y++) {
      for (int x = r[0]; x < r[2]; x++) {
        double v = g[y * size + x];
        sum += v;
        sum2 += v * v;
        n++;
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException("empty face region " + java.util.Arrays.toString(r) + " in a " + size + " chip");
    }
    double mean = sum / n;
    return new double[] {mean, Math.sqrt(Math.max(0, sum2 / n - mean * mean))};
  }

  /** BT.601 luma of every pixel, 0..255, row-major. */
  static double[] luma(RgbImage image) {
    byte[] px = image.pixels();
    double[] out = new double[image.width() * image.height()];
    for (int i = 0; i < out.length; i++) {
      out[i] = 0.299 * (px[3 * i] & 0xFF) + 0.587 * (px[3 * i + 1] & 0xFF) + 0.114 * (px[3 * i + 2] & 0xFF);
    }
    return out;
  }

  /** A square grey image resampled from {@code from} to {@code to} pixels a side by area averaging. */
  static double[] resample(double[] g, int from, int to) {
    double[][] w = areaWeights(from, to);
    double[] rows = new double[from * to];
    for (int y = 0; y < from; y++) {
      for (int ox = 0; ox < to; ox++) {
        double s = 0;
        for (int x = 0; x < from; x++) {
          s += w[ox][x] * g[y * from + x];
        }
        rows[y * to + ox] = s;
      }
    }
    double[] out = new double[to * to];
    for (int oy = 0; oy < to; oy++) {
      for (int ox = 0; ox < to; ox++) {
        double s = 0;
        for (int y = 0; y < from; y++) {
          s += w[oy][y] * rows[y * to + ox];
        }
        out[oy * to + ox] = s;
      }
    }
    return out;
  }

  /**
   * Weight of source pixel i in output pixel o: the overlap of their spans, normalised to sum 1.
   * When enlarging, each output pixel takes the source pixel it falls in.
   */
  private static double[][] areaWeights(int from, int to) {
    double[][] w = new double[to][from];
    double step = (double) from / to;
    for (int o = 0; o < to; o++) {
      double a = o * step;
      double b = a + step;
      if (step < 1) {
        w[o][Math.min(from - 1, (int) Math.floor(a + step / 2))] = 1;
        continue;
      }
      for (int i = (int) Math.floor(a); i < Math.min(from, (int) Math.ceil(b)); i++) {
        w[o][i] = (Math.min(b, i + 1) - Math.max(a, i)) / step;
      }
    }
    return w;
  }

  private static Point mid(Point a, Point b) {
    return new Point((a.x() + b.x()) / 2, (a.y() + b.y()) / 2);
  }

  static double eyeDistance(FivePoints p) {
    return Math.hypot(p.rightEye().x() - p.leftEye().x(), p.rightEye().y() - p.leftEye().y());
  }

  static double eyeMouth(FivePoints p) {
    Point e = mid(p.leftEye(), p.rightEye());
    Point m = mid(p.leftMouth(), p.rightMouth());
    return Math.hypot(m.x() - e.x(), m.y() - e.y());
  }

  private static double noseHeight(FivePoints p) {
    Point e = mid(p.leftEye(), p.rightEye());
    Point m = mid(p.leftMouth(), p.rightMouth());
    double ux = m.x() - e.x();
    double uy = m.y() - e.y();
    double em2 = ux * ux + uy * uy;
    return ((p.nose().x() - e.x()) * ux + (p.nose().y() - e.y()) * uy) / em2;
  }
}
