package org.likeness.liveness.challenge;

/**
 * Why a challenge passed or was refused, with a one-line message for logs and the admin page and
 * advice for the person at the kiosk. The judge checks in the order of the constants below and
 * answers with the first check that fails.
 */
public enum ChallengeReason {
  PASSED("a live person turned as asked", ""),
  TOO_FEW_FRAMES("the burst holds too few frames to judge a turn", "Keep facing the camera until the check ends."),
  FROZEN("consecutive frames are identical or nearly so: a frozen or replayed stream",
      "Stay in front of the camera and try again."),
  NO_FACE("at least one frame shows no face", "Keep your whole face in view of the camera while you turn."),
  DIFFERENT_PEOPLE("the frames do not all show the same person", "Only one person at a time, please."),
  FLAT("the face moves as one flat plane, like a photo or a screen: no parallax between nose and eyes",
      "Turn your own head, slowly, the way the screen asks."),
  NO_TURN("the head did not turn far enough", "Turn your head further, slowly, the way the screen asks."),
  WRONG_DIRECTION("the head turned the other way", "Turn your head the other way: the side the screen shows.");

  private final String message;
  private final String advice;

  ChallengeReason(String message, String advice) {
    this.message = message;
    this.advice = advice;
  }

  /** One line saying what the judge found. */
  public String message() {
    return message;
  }

  /** What the person at the kiosk can do about it; empty for {@link #PASSED}. */
  public String advice() {
    return advice;
  }

  public boolean passed() {
    return this == PASSED;
  }
}
