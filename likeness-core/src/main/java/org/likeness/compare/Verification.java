package org.likeness.compare;

/**
 * A 1:1 decision: the distance found, the largest distance accepted, and the verdict.
 *
 * @param distance distance between the probe and the closest template
 * @param maxDistance the calibrated threshold; the probe is accepted when {@code distance <= maxDistance}
 * @param accepted whether the claim is accepted
 */
public record Verification(double distance, double maxDistance, boolean accepted) {
  public static Verification decide(double distance, double maxDistance) {
    if (!Double.isFinite(distance)) {
      throw new IllegalArgumentException("distance must be finite, got " + distance);
    }
    return new Verification(distance, maxDistance, distance <= maxDistance);
  }
}
