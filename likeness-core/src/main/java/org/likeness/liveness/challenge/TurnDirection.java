package org.likeness.liveness.challenge;

/**
 * Which way the kiosk asks the person to turn their head, in the person's own terms. In a
 * non-mirrored camera frame a turn to the person's own {@link #LEFT} moves their nose toward the
 * image's right (larger x); see the package comment for the reasoning.
 */
public enum TurnDirection {
  /** The person's own left: the nose moves toward the image's right. */
  LEFT(+1, "left"),
  /** The person's own right: the nose moves toward the image's left. */
  RIGHT(-1, "right");

  private final int imageSign;
  private final String word;

  TurnDirection(int imageSign, String word) {
    this.imageSign = imageSign;
    this.word = word;
  }

  /** The other way. */
  public TurnDirection opposite() {
    return this == LEFT ? RIGHT : LEFT;
  }

  /**
   * +1 when this turn moves the nose toward larger image x (the yaw proxy grows), -1 when toward
   * smaller x.
   */
  public int imageSign() {
    return imageSign;
  }

  /** The word a kiosk shows: "left" or "right". */
  public String word() {
    return word;
  }

  /** Parses "left" or "right", case-insensitively, naming the valid choices on failure. */
  public static TurnDirection parse(String s) {
    for (TurnDirection d : values()) {
      if (d.name().equalsIgnoreCase(s)) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown turn direction '" + s + "', expected left or right");
  }
}
