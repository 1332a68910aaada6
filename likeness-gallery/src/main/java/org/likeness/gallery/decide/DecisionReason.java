package org.likeness.gallery.decide;

/** Why a door decision (identify or verify) came out as it did. */
public enum DecisionReason {
  /** The face is close enough to the person: accepted. */
  MATCH("match"),
  /** Nobody enrolled (or not the claimed person) is close enough. */
  NOBODY_CLOSE("nobody enrolled is close enough"),
  /** Verification only: the face is closer to another enrolled person than to the one claimed. */
  CLOSER_TO_ANOTHER("the face is closer to another enrolled person"),
  /** The face is too small, blurred, dark or turned to decide on; see the quality verdict. */
  LOW_QUALITY("the face is not good enough to decide on"),
  /** No face in the photo. */
  NO_FACE("no face in the photo"),
  /** Nobody is enrolled (or the claimed name has no faces). */
  EMPTY_GALLERY("nobody to compare with");

  private final String text;

  DecisionReason(String text) {
    this.text = text;
  }

  /** A short phrase for people, e.g. "nobody enrolled is close enough". */
  public String text() {
    return text;
  }
}
