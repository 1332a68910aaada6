package org.likeness.align;

import org.likeness.detect.FivePoints;
import org.likeness.detect.Point;

/**
 * dlib's mean face: the average positions of iBUG points 17 to 67 in a unit square, copied from
 * {@code get_face_chip_details} in dlib/image_transforms/interpolation.h (Boost licence).
 */
final class DlibMeanFace {
  private DlibMeanFace() {}

  private static final double[] X = {
    0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124, 0.904991,
    0.98004, 0.490127, 0.490127, 0.490127, 0.490127, 0.36688, 0.426036, 0.490127, 0.554217,
    0.613373, 0.121737, 0.187122, 0.265825, 0.334606, 0.260918, 0.182743, 0.645647, 0.714428,
    0.793132, 0.858516, 0.79751, 0.719335, 0.254149, 0.340985, 0.428858, 0.490127, 0.551395,
    0.639268, 0.726104, 0.642159, 0.556721, 0.490127, 0.423532, 0.338094, 0.290379, 0.428096,
    0.490127, 0.552157, 0.689874, 0.553364, 0.490127, 0.42689
  };
  private static final double[] Y = {
    0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891, 0.0187482, 0.038915,
    0.106454, 0.203352, 0.307009, 0.409805, 0.515625, 0.587326, 0.609345, 0.628106, 0.609345,
    0.587326, 0.216423, 0.178758, 0.179852, 0.231733, 0.245099, 0.244077, 0.231733, 0.179852,
    0.178758, 0.216423, 0.244077, 0.245099, 0.780233, 0.745405, 0.727388, 0.742578, 0.727388,
    0.745405, 0.780233, 0.864805, 0.902192, 0.909281, 0.902192, 0.864805, 0.784792, 0.778746,
    0.785343, 0.778746, 0.784792, 0.824182, 0.831803, 0.824182
  };

  /** The five-point template of a {@code size} chip with dlib's {@code padding} convention. */
  static AlignmentTemplate chipTemplate(int size, double padding) {
    return new AlignmentTemplate(
        "dlib-" + size + "-pad" + padding,
        size,
        new FivePoints(
            chip(mean(36, 42), size, padding),
            chip(mean(42, 48), size, padding),
            chip(point(30), size, padding),
            chip(point(48), size, padding),
            chip(point(54), size, padding)),
        "dlib get_face_chip_details mean face, padding " + padding);
  }

  private static double[] point(int ibug) {
    return new double[] {X[ibug - 17], Y[ibug - 17]};
  }

  private static double[] mean(int from, int to) {
    double x = 0;
    double y = 0;
    for (int i = from; i < to; i++) {
      x += X[i - 17];
      y += Y[i - 17];
    }
    return new double[] {x / (to - from), y / (to - from)};
  }

  private static Point chip(double[] unit, int size, double padding) {
    return new Point(
        (float) ((padding + unit[0]) / (2 * padding + 1) * size),
        (float) ((padding + unit[1]) / (2 * padding + 1) * size));
  }
}
