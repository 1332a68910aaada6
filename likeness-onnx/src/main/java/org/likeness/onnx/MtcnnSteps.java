package org.likeness.onnx;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.likeness.detect.Box;
import org.likeness.detect.FivePoints;
import org.likeness.detect.Point;

/**
 * The pure-Java steps of the MTCNN cascade, apart from the network calls so they can be tested
 * without a model: the image pyramid, P-Net's proposals, non-maximum suppression by union or by
 * minimum, box regression, squaring, and landmark decoding.
 */
final class MtcnnSteps {
  /** P-Net's window side, in pixels of the scaled image. */
  static final int CELL = 12;

  /** P-Net's stride between windows, in pixels of the scaled image. */
  static final int STRIDE = 2;

  private MtcnnSteps() {}

  /** How two boxes' overlap is measured: over their union (IoU) or over the smaller box. */
  enum Overlap {
    /** Intersection over union. */
    UNION {
      @Override
      float between(Box a, Box b) {
        return a.iou(b);
      }
    },
    /** Intersection over the smaller box's area: a box nested in a bigger one counts as full. */
    MIN {
      @Override
      float between(Box a, Box b) {
        float inter = intersection(a, b);
        return inter == 0 ? 0 : inter / Math.min(a.area(), b.area());
      }
    };

    abstract float between(Box a, Box b);
  }

  /**
   * A box one stage proposes, with its face probability and the regression offsets (fractions of
   * the box width and height) for its four edges.
   */
  record Candidate(Box box, float score, float dx1, float dy1, float dx2, float dy2) {
    /** The box with the edges moved by the regression offsets. */
    Box regressed() {
      float w = box.width();
      float h = box.height();
      return new Box(
          box.x1() + dx1 * w, box.y1() + dy1 * h, box.x2() + dx2 * w, box.y2() + dy2 * h);
    }
  }

  /**
   * The scales at which P-Net sees the image: the first maps {@code minFace} pixels onto P-Net's
   * 12-pixel window, each next one is {@code factor} times smaller, and the last still leaves the
   * image's shorter side at least 12 pixels.
   */
  static List<Double> pyramidScales(int width, int height, int minFace, double factor) {
    if (minFace < CELL) {
      throw new IllegalArgumentException(
          "MTCNN's smallest face must be at least " + CELL + " pixels, got " + minFace);
    }
    if (!(factor > 0 && factor < 1)) {
      throw new IllegalArgumentException("pyramid factor must lie in (0, 1), got " + factor);
    }
    List<Double> scales = new ArrayList<>();
    double scale = (double) CELL / minFace;
    double side = Math.min(width, height) * scale;
    while (side >= CELL) {
      scales.add(scale);
      scale *= factor;
      side *= factor;
    }
    return scales;
  }

  /**
   * Side of P-Net's output grid for an input side: a 3x3 convolution, 2x2 max pooling at stride 2
   * that pads an odd side (TFLite's SAME), then two more 3x3 convolutions without padding.
   */
  static int pnetOutputSide(int inputSide) {
    return (inputSide - 2 + 1) / 2 - 4;
  }

  /**
   * P-Net's proposals at one scale, in the original image's pixels. Both maps are laid out
   * transposed, as the network returns them: cell (x, y) of a {@code gridW x gridH} grid is at
   * {@code [x][y]}, with 2 probabilities (background, face) and 4 offsets per cell.
   */
  static List<Candidate> proposals(
      float[] probability, float[] regression, int gridW, int gridH, double scale, float threshold) {
    if (probability.length != gridW * gridH * 2 || regression.length != gridW * gridH * 4) {
      throw new IllegalArgumentException(
          "a " + gridW + "x" + gridH + " P-Net grid needs " + gridW * gridH * 2 + " probabilities and "
              + gridW * gridH * 4 + " offsets, got " + probability.length + " and " + regression.length);
    }
    List<Candidate> out = new ArrayList<>();
    for (int x = 0; x < gridW; x++) {
      for (int y = 0; y < gridH; y++) {
        int cell = x * gridH + y;
        float score = probability[cell * 2 + 1];
        if (score < threshold) {
          continue;
        }
        float x1 = (float) Math.floor((STRIDE * x + 1) / scale);
        float y1 = (float) Math.floor((STRIDE * y + 1) / scale);
        float x2 = (float) Math.floor((STRIDE * x + CELL) / scale);
        float y2 = (float) Math.floor((STRIDE * y + CELL) / scale);
        int r = cell * 4;
        out.add(
            new Candidate(
                new Box(x1, y1, x2, y2), Math.min(1f, score),
                regression[r], regression[r + 1], regression[r + 2], regression[r + 3]));
      }
    }
    return out;
  }

  /**
   * Greedy non-maximum suppression: strongest first, dropping any candidate whose overlap with a
   * kept one exceeds {@code maxOverlap}.
   */
  static List<Candidate> suppress(List<Candidate> candidates, float maxOverlap, Overlap overlap) {
    List<Candidate> sorted = new ArrayList<>(candidates);
    sorted.sort(Comparator.comparingDouble(Candidate::score).reversed());
    List<Candidate> kept = new ArrayList<>();
    for (Candidate c : sorted) {
      boolean suppressed = false;
      for (Candidate k : kept) {
        if (overlap.between(k.box(), c.box()) > maxOverlap) {
          suppressed = true;
          break;
        }
      }
      if (!suppressed) {
        kept.add(c);
      }
    }
    return kept;
  }

  /** The square with the box's centre and its longer side, as the next stage's input. */
  static Box square(Box b) {
    float side = Math.max(b.width(), b.height());
    float x1 = b.centerX() - side / 2;
    float y1 = b.centerY() - side / 2;
    return new Box(x1, y1, x1 + side, y1 + side);
  }

  /** The box with its corners rounded down to whole pixels, at least one pixel wide and high. */
  static Box wholePixels(Box b) {
    float x1 = (float) Math.floor(b.x1());
    float y1 = (float) Math.floor(b.y1());
    return new Box(
        x1, y1, Math.max(x1 + 1, (float) Math.floor(b.x2())), Math.max(y1 + 1, (float) Math.floor(b.y2())));
  }

  /**
   * O-Net's landmarks in image pixels: {@code values[offset..offset+4]} are the x of left eye,
   * right eye, nose, left and right mouth corner as fractions of the box width, the next five their
   * y as fractions of its height.
   */
  static FivePoints landmarks(Box box, float[] values, int offset) {
    Point[] p = new Point[5];
    for (int i = 0; i < 5; i++) {
      p[i] =
          new Point(
              box.x1() + values[offset + i] * box.width(),
              box.y1() + values[offset + 5 + i] * box.height());
    }
    return new FivePoints(p[0], p[1], p[2], p[3], p[4]);
  }

  private static float intersection(Box a, Box b) {
    float ix = Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1());
    float iy = Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1());
    return ix <= 0 || iy <= 0 ? 0 : ix * iy;
  }
}
