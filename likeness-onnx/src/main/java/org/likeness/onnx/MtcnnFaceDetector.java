package org.likeness.onnx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.likeness.detect.Box;
import org.likeness.detect.FaceBox;
import org.likeness.detect.FaceDetector;
import org.likeness.detect.FivePoints;
import org.likeness.detect.Point;
import org.likeness.image.RgbImage;
import org.likeness.models.ModelSpec;
import org.likeness.models.convert.MtcnnConverter;
import org.likeness.onnx.MtcnnSteps.Candidate;
import org.likeness.onnx.MtcnnSteps.Overlap;

/**
 * The MTCNN face detector (Zhang et al. 2016): a cascade of three small networks that also gives
 * each face's five landmarks, so the pipeline needs no separate landmark network.
 *
 * <p>P-Net runs once per level of an image pyramid (one ONNX session; its input size is dynamic)
 * and proposes 12x12 windows; they are suppressed per scale and across scales, moved by their
 * regression and squared. R-Net rescores and refines 24x24 crops of them, O-Net 48x48 crops and
 * adds the five points; the final boxes are suppressed by overlap over the smaller box, so a box
 * nested inside a face's box does not survive. Every crop is taken with black outside the image,
 * as the original does. A face that fills the whole frame has no room for its box, so when nothing
 * is found the image is searched again inside a mid-grey border.
 *
 * <p>The networks (see {@link MtcnnConverter}) take RGB as {@code (pixel - 127.5) / 128} with the
 * image transposed, x before y. Not thread-safe; use one per thread.
 */
public final class MtcnnFaceDetector implements FaceDetector {
  /** Border added on each side, as a fraction of the image side, when nothing is found. */
  static final double RETRY_BORDER = 0.3;

  private static final int RNET_SIDE = MtcnnConverter.Stage.RNET.inputSize();
  private static final int ONET_SIDE = MtcnnConverter.Stage.ONET.inputSize();

  /**
   * The cascade's settings.
   *
   * @param minFaceSize the smallest face side searched for, in pixels (at least 12)
   * @param pyramidFactor how much smaller each pyramid level is than the last, in (0, 1)
   * @param minPnetScore, minRnetScore, minOnetScore the face probability each stage requires
   */
  public record Settings(
      int minFaceSize, double pyramidFactor, float minPnetScore, float minRnetScore, float minOnetScore) {
    /** The published settings, with faces down to 20 pixels. */
    public static final Settings DEFAULTS = new Settings(20, 0.709, 0.6f, 0.7f, 0.7f);

    public Settings {
      if (minFaceSize < MtcnnSteps.CELL) {
        throw new IllegalArgumentException(
            "MTCNN's smallest face must be at least " + MtcnnSteps.CELL + " pixels, got " + minFaceSize);
      }
      if (!(pyramidFactor > 0 && pyramidFactor < 1)) {
        throw new IllegalArgumentException("pyramid factor must lie in (0, 1), got " + pyramidFactor);
      }
      for (float s : new float[] {minPnetScore, minRnetScore, minOnetScore}) {
        if (!(s >= 0 && s <= 1)) {
          throw new IllegalArgumentException(
              "MTCNN stage thresholds must lie in [0, 1], got " + minPnetScore + ", " + minRnetScore
                  + ", " + minOnetScore);
        }
      }
    }
  }

  private final Settings settings;
  private final OrtModel pnet;
  private final OrtModel rnet;
  private final OrtModel onet;

  /** Loads the three networks; {@code files} are their verified ONNX files, in P, R, O order. */
  public MtcnnFaceDetector(
      List<ModelSpec> specs, List<Path> files, OrtSettings ortSettings, Settings settings) {
    if (specs.size() != 3 || files.size() != 3) {
      throw new IllegalArgumentException(
          "MTCNN needs P-Net, R-Net and O-Net, got " + specs.size() + " specs and " + files.size() + " files");
    }
    this.settings = settings;
    String in = MtcnnConverter.INPUT_NAME;
    String p = MtcnnConverter.PROBABILITY;
    String r = MtcnnConverter.BOX_REGRESSION;
    OrtModel first = null;
    OrtModel second = null;
    try {
      first = new OrtModel(specs.get(0).name(), files.get(0), ortSettings, in, Set.of(p, r));
      second = new OrtModel(specs.get(1).name(), files.get(1), ortSettings, in, Set.of(p, r));
      this.onet =
          new OrtModel(
              specs.get(2).name(), files.get(2), ortSettings, in, Set.of(p, r, MtcnnConverter.LANDMARKS));
    } catch (RuntimeException e) {
      if (first != null) {
        first.close();
      }
      if (second != null) {
        second.close();
      }
      throw e;
    }
    this.pnet = first;
    this.rnet = second;
  }

  @Override
  public List<FaceBox> detect(RgbImage image) {
    List<FaceBox> faces = cascade(image);
    if (!faces.isEmpty()) {
      return faces;
    }
    int bx = (int) Math.ceil(image.width() * RETRY_BORDER);
    int by = (int) Math.ceil(image.height() * RETRY_BORDER);
    List<FaceBox> framed = cascade(withGreyBorder(image, bx, by));
    List<FaceBox> out = new ArrayList<>();
    for (FaceBox f : framed) {
      Box b = f.box();
      FivePoints p = f.fivePoints().orElseThrow();
      out.add(
          new FaceBox(
              new Box(b.x1() - bx, b.y1() - by, b.x2() - bx, b.y2() - by),
              f.score(),
              Optional.of(
                  new FivePoints(
                      shift(p.leftEye(), bx, by), shift(p.rightEye(), bx, by), shift(p.nose(), bx, by),
                      shift(p.leftMouth(), bx, by), shift(p.rightMouth(), bx, by)))));
    }
    return out;
  }

  private List<FaceBox> cascade(RgbImage image) {
    List<Box> proposals = proposals(image);
    if (proposals.isEmpty()) {
      return List.of();
    }
    List<Box> refined = refine(image, proposals);
    if (refined.isEmpty()) {
      return List.of();
    }
    return output(image, refined);
  }

  /** Stage 1: P-Net over the pyramid, squared boxes in image pixels. */
  private List<Box> proposals(RgbImage image) {
    int w = image.width();
    int h = image.height();
    List<Candidate> all = new ArrayList<>();
    for (double scale : MtcnnSteps.pyramidScales(w, h, settings.minFaceSize(), settings.pyramidFactor())) {
      int ws = (int) Math.ceil(w * scale);
      int hs = (int) Math.ceil(h * scale);
      RgbImage scaled = Tensors.resizeRegion(image, 0, 0, w, h, ws, hs);
      float[] input = new float[ws * hs * 3];
      packTransposed(scaled, input, 0);
      float[][] out =
          pnet.run(input, new long[] {1, ws, hs, 3}, MtcnnConverter.PROBABILITY, MtcnnConverter.BOX_REGRESSION);
      List<Candidate> found =
          MtcnnSteps.proposals(
              out[0], out[1], MtcnnSteps.pnetOutputSide(ws), MtcnnSteps.pnetOutputSide(hs), scale,
              settings.minPnetScore());
      all.addAll(MtcnnSteps.suppress(found, 0.5f, Overlap.UNION));
    }
    List<Box> boxes = new ArrayList<>();
    for (Candidate c : MtcnnSteps.suppress(all, 0.7f, Overlap.UNION)) {
      boxes.add(MtcnnSteps.wholePixels(MtcnnSteps.square(c.regressed())));
    }
    return boxes;
  }

  /** Stage 2: R-Net on 24x24 crops; surviving boxes regressed and squared. */
  private List<Box> refine(RgbImage image, List<Box> boxes) {
    float[][] out =
        rnet.run(
            crops(image, boxes, RNET_SIDE), new long[] {boxes.size(), RNET_SIDE, RNET_SIDE, 3},
            MtcnnConverter.PROBABILITY, MtcnnConverter.BOX_REGRESSION);
    List<Candidate> kept = keep(boxes, out[0], out[1], settings.minRnetScore());
    List<Box> refined = new ArrayList<>();
    for (Candidate c : MtcnnSteps.suppress(kept, 0.7f, Overlap.UNION)) {
      refined.add(MtcnnSteps.wholePixels(MtcnnSteps.square(c.regressed())));
    }
    return refined;
  }

  /** Stage 3: O-Net on 48x48 crops: final score, box and five landmarks. */
  private List<FaceBox> output(RgbImage image, List<Box> boxes) {
    float[][] out =
        onet.run(
            crops(image, boxes, ONET_SIDE), new long[] {boxes.size(), ONET_SIDE, ONET_SIDE, 3},
            MtcnnConverter.PROBABILITY, MtcnnConverter.BOX_REGRESSION, MtcnnConverter.LANDMARKS);
    List<Candidate> kept = new ArrayList<>();
    List<FivePoints> points = new ArrayList<>();
    for (int i = 0; i < boxes.size(); i++) {
      float score = out[0][i * 2 + 1];
      if (score < settings.minOnetScore()) {
        continue;
      }
      float[] r = Arrays.copyOfRange(out[1], i * 4, i * 4 + 4);
      kept.add(new Candidate(boxes.get(i), Math.min(1f, score), r[0], r[1], r[2], r[3]));
      points.add(MtcnnSteps.landmarks(boxes.get(i), out[2], i * 10));
    }
    List<Candidate> regressed = new ArrayList<>();
    for (Candidate c : kept) {
      regressed.add(new Candidate(c.regressed(), c.score(), 0, 0, 0, 0));
    }
    List<FaceBox> faces = new ArrayList<>();
    for (Candidate c : MtcnnSteps.suppress(regressed, 0.7f, Overlap.MIN)) {
      faces.add(new FaceBox(c.box(), c.score(), Optional.of(points.get(regressed.indexOf(c)))));
    }
    return faces;
  }

  private static List<Candidate> keep(List<Box> boxes, float[] probability, float[] regression, float min) {
    List<Candidate> kept = new ArrayList<>();
    for (int i = 0; i < boxes.size(); i++) {
      float score = probability[i * 2 + 1];
      if (score >= min) {
        int r = i * 4;
        kept.add(
            new Candidate(
                boxes.get(i), Math.min(1f, score), regression[r], regression[r + 1], regression[r + 2],
                regression[r + 3]));
      }
    }
    return kept;
  }

  /** Each box cut out (black outside the image), resized to side x side, packed transposed. */
  private static float[] crops(RgbImage image, List<Box> boxes, int side) {
    float[] batch = new float[boxes.size() * side * side * 3];
    for (int i = 0; i < boxes.size(); i++) {
      Box b = boxes.get(i);
      int x = (int) b.x1();
      int y = (int) b.y1();
      int w = Math.max(1, Math.round(b.width()));
      int h = Math.max(1, Math.round(b.height()));
      RgbImage crop = Tensors.resizeRegion(cut(image, x, y, w, h), 0, 0, w, h, side, side);
      packTransposed(crop, batch, i * side * side * 3);
    }
    return batch;
  }

  /** The w x h region at (x, y), black where it leaves the image. */
  static RgbImage cut(RgbImage image, int x, int y, int w, int h) {
    byte[] out = new byte[w * h * 3];
    byte[] src = image.pixels();
    int fromX = Math.max(0, x);
    int toX = Math.min(image.width(), x + w);
    if (toX > fromX) {
      for (int row = Math.max(0, y); row < Math.min(image.height(), y + h); row++) {
        System.arraycopy(
            src, (row * image.width() + fromX) * 3, out, ((row - y) * w + fromX - x) * 3, (toX - fromX) * 3);
      }
    }
    return new RgbImage(w, h, out);
  }

  /** Writes {@code img} as MTCNN's transposed NHWC input, {@code [x][y][rgb]}, normalized. */
  static void packTransposed(RgbImage img, float[] dst, int offset) {
    byte[] p = img.pixels();
    int w = img.width();
    int h = img.height();
    float mean = MtcnnConverter.PIXEL_MEAN;
    float inv = 1f / MtcnnConverter.PIXEL_SCALE;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int s = (y * w + x) * 3;
        int d = offset + (x * h + y) * 3;
        dst[d] = ((p[s] & 0xFF) - mean) * inv;
        dst[d + 1] = ((p[s + 1] & 0xFF) - mean) * inv;
        dst[d + 2] = ((p[s + 2] & 0xFF) - mean) * inv;
      }
    }
  }

  /** The image centred on a mid-grey canvas with the given border on each side. */
  static RgbImage withGreyBorder(RgbImage image, int bx, int by) {
    int w = image.width() + 2 * bx;
    int h = image.height() + 2 * by;
    byte[] out = new byte[w * h * 3];
    Arrays.fill(out, (byte) 128);
    for (int y = 0; y < image.height(); y++) {
      System.arraycopy(
          image.pixels(), y * image.width() * 3, out, ((y + by) * w + bx) * 3, image.width() * 3);
    }
    return new RgbImage(w, h, out);
  }

  private static Point shift(Point p, int bx, int by) {
    return new Point(p.x() - bx, p.y() - by);
  }

  @Override
  public void close() {
    try (pnet;
        rnet;
        onet) {
      // closes all three, even if one throws
    }
  }
}
