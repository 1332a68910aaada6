package org.likeness.eval.challenge;

import java.util.List;
import java.util.Locale;
import org.likeness.error.BadInputException;
import org.likeness.eval.door.DoorSplit;

/**
 * Which data the challenge benchmark uses. Split by set, never by frame: frames of one video are
 * near-copies, so a threshold chosen on some frames of a video would be tested on its own twins.
 */
public enum ChallengeSplit {
  /** Development: choose the thresholds here. */
  DEV(List.of("apfol", "trickyf0x"), DoorSplit.DEV_TRAIN),
  /** Report here, never choose. */
  TEST(List.of("alexcamargoweb", "wolf-huo"), DoorSplit.DEV_TEST);

  private final List<String> spoofSets;
  private final DoorSplit lfwPeople;

  ChallengeSplit(List<String> spoofSets, DoorSplit lfwPeople) {
    this.spoofSets = spoofSets;
    this.lfwPeople = lfwPeople;
  }

  /** The shared spoof sets (folders under {@code spoof/}) whose real and fake frames this split uses. */
  public List<String> spoofSets() {
    return spoofSets;
  }

  /** Whose LFW photos become flat attacks: DevTrain people for development, DevTest for the test. */
  public DoorSplit lfwPeople() {
    return lfwPeople;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ChallengeSplit parse(String name) {
    for (ChallengeSplit s : values()) {
      if (s.label().equalsIgnoreCase(name.trim())) {
        return s;
      }
    }
    throw new BadInputException("unknown split '" + name + "', expected dev or test");
  }
}
