package org.likeness.train;

/**
 * One triplet of batch rows: an anchor, a positive of the same person and a negative of another.
 *
 * @param anchor row of the anchor
 * @param positive row of a different image of the anchor's person
 * @param negative row of an image of another person
 */
public record Triplet(int anchor, int positive, int negative) {
  public Triplet {
    if (anchor < 0 || positive < 0 || negative < 0) {
      throw new IllegalArgumentException(
          "triplet rows must be non-negative, got (" + anchor + ", " + positive + ", " + negative + ")");
    }
    if (anchor == positive || anchor == negative || positive == negative) {
      throw new IllegalArgumentException(
          "triplet rows must differ, got (" + anchor + ", " + positive + ", " + negative + ")");
    }
  }
}
