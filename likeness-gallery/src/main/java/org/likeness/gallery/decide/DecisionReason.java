package org.likeness.gallery.decide;

/** Why an open-set decision came out as it did. */
public enum DecisionReason {
  /** The nearest person is close enough and stands out from everyone else. */
  MATCH("match"),
  /** Nobody enrolled is close enough. */
  NOBODY_CLOSE("nobody enrolled is close enough"),
  /** The nearest person is close, but so is the next one: the face does not tell them apart. */
  AMBIGUOUS("two enrolled people are about as close"),
  /** The gallery holds nobody. */
  EMPTY_GALLERY("the gallery is empty");

  private final String text;

  DecisionReason(String text) {
    this.text = text;
  }

  /** A short phrase for people, e.g. "nobody enrolled is close enough". */
  public String text() {
    return text;
  }
}
