package org.likeness.models;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.likeness.error.BadInputException;

/**
 * Thresholds for one model, measured on a labelled pair list, so users pick a security level (a
 * false-accept rate) rather than a distance. Stored as JSON next to the models or shipped inside
 * the jar.
 *
 * @param model the model's catalog name
 * @param modelSha256 SHA-256 of the weights it was measured with
 * @param metric the distance the thresholds apply to
 * @param flip whether the flip trick was on
 * @param source what it was measured on, e.g. {@code LFW pairsDevTrain.txt (2200 pairs)}
 * @param created ISO-8601 time of measurement
 * @param bestAccuracyDistance the threshold that maximized accuracy on the source
 * @param points thresholds for target false-accept rates
 * @param impostorMeanDistance the mean distance over all different-person pairs of the source, the
 *     reference an open-set decision compares a gallery's strangers with; null in calibrations made
 *     before it was recorded (read it through {@link #impostorMean()})
 */
public record Calibration(
    String model, String modelSha256, String metric, boolean flip, String source, String created,
    double bestAccuracyDistance, List<Point> points, Double impostorMeanDistance) {

  /**
   * One operating point.
   *
   * @param far the target false-accept rate
   * @param maxDistance accept when the distance is at most this
   * @param tar the true-accept rate measured on the source at that threshold
   */
  public record Point(double far, double maxDistance, double tar) {}

  public Calibration {
    points = List.copyOf(points);
    if (impostorMeanDistance != null && !Double.isFinite(impostorMeanDistance)) {
      throw new IllegalArgumentException("impostor mean distance must be finite, got " + impostorMeanDistance);
    }
  }

  /** The mean different-person distance of the source, when the calibration recorded it. */
  public Optional<Double> impostorMean() {
    return Optional.ofNullable(impostorMeanDistance);
  }

  /**
   * The loosest calibrated point whose false-accept rate is at most {@code far}; when even the
   * strictest point is looser, that strictest point (the caller must say so).
   */
  public Point strictestWithin(double far) {
    Point best = null;
    Point strictest = null;
    for (Point p : points) {
      if (strictest == null || p.far() < strictest.far()) {
        strictest = p;
      }
      if (p.far() <= far && (best == null || p.far() > best.far())) {
        best = p;
      }
    }
    if (strictest == null) {
      throw new IllegalStateException("calibration of " + model + " has no points");
    }
    return best != null ? best : strictest;
  }

  /**
   * The threshold for a false-accept rate between calibrated points, interpolated linearly in the
   * logarithm of the rate between the two neighbouring points (the impostor tail is close to
   * log-linear there); the strictest point for a rate below it, the loosest for a rate above.
   */
  public Point interpolated(double far) {
    if (!(far > 0 && far < 1)) {
      throw new IllegalArgumentException("a false-accept rate lies strictly between 0 and 1, got " + far);
    }
    List<Point> byRate = points.stream().sorted(java.util.Comparator.comparingDouble(Point::far)).toList();
    if (byRate.isEmpty()) {
      throw new IllegalStateException("calibration of " + model + " has no points");
    }
    if (far <= byRate.get(0).far()) {
      return byRate.get(0);
    }
    for (int i = 1; i < byRate.size(); i++) {
      Point lo = byRate.get(i - 1);
      Point hi = byRate.get(i);
      if (far <= hi.far()) {
        double t = Math.log(far / lo.far()) / Math.log(hi.far() / lo.far());
        return new Point(far, lo.maxDistance() + t * (hi.maxDistance() - lo.maxDistance()),
            lo.tar() + t * (hi.tar() - lo.tar()));
      }
    }
    return byRate.get(byRate.size() - 1);
  }

  /** The threshold for false-accept rate {@code far}; the error lists the calibrated rates. */
  public Point at(double far) {
    for (Point p : points) {
      if (Math.abs(p.far() - far) <= far * 1e-6) {
        return p;
      }
    }
    throw new BadInputException(
        "model " + model + " has no calibration for FAR " + far + " (calibrated: "
            + points.stream().map(p -> String.format(Locale.ROOT, "%g", p.far())).collect(Collectors.joining(", "))
            + "); run: likeness calibrate --model " + model + " --target-far " + far);
  }
}
