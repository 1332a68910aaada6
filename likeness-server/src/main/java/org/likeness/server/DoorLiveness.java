package org.likeness.server;

import java.util.Locale;
import java.util.Optional;
import org.likeness.error.BadInputException;

/**
 * How the door tells a live person from a photo or screen held up to its camera.
 *
 * @param challenge whether a kiosk key must send a burst that passes a head-turn challenge ({@link
 *     Challenge#REQUIRED}, the default) or may send one photo ({@link Challenge#OFF}); an admin key
 *     may always send one photo, and any caller may send a burst. While it is required, an upload
 *     holding an image byte-identical to one that opened the door before is refused as a replay;
 *     with it off, only bursts are checked for replays
 * @param passive what the passive network does: nothing, a score reported beside the decision, or
 *     a gate that refuses a face scoring as an attack
 * @param passiveThreshold the passive network's attack-score threshold for this door; empty uses
 *     its shipped calibration
 */
public record DoorLiveness(Challenge challenge, Passive passive, Optional<Double> passiveThreshold) {
  /** Whether the kiosk's head-turn challenge is required. */
  public enum Challenge {
    REQUIRED,
    OFF;

    public static Challenge parse(String text) {
      for (Challenge c : values()) {
        if (c.name().equalsIgnoreCase(text)) {
          return c;
        }
      }
      throw new BadInputException("--challenge takes required or off, got '" + text + "'");
    }
  }

  /** What the passive presentation-attack network does at this door. */
  public enum Passive {
    /** Not run. */
    OFF,
    /** Run and reported beside every decision, never refusing (the shipped network is too weak to gate). */
    REPORT,
    /** Run, and a face at or above the threshold is refused as a spoof. */
    GATE;

    public static Passive parse(String text) {
      for (Passive p : values()) {
        if (p.name().equalsIgnoreCase(text)) {
          return p;
        }
      }
      throw new BadInputException("--liveness takes off, report or gate, got '" + text + "'");
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public DoorLiveness {
    if (challenge == null || passive == null || passiveThreshold == null) {
      throw new IllegalArgumentException("incomplete door liveness: " + challenge + ", " + passive + ", "
          + passiveThreshold);
    }
    passiveThreshold.ifPresent(t -> {
      if (!Double.isFinite(t)) {
        throw new BadInputException("--liveness-threshold must be a finite number, got " + t);
      }
    });
  }

  /** The default: the challenge required, the passive score reported. */
  public static DoorLiveness defaults() {
    return new DoorLiveness(Challenge.REQUIRED, Passive.REPORT, Optional.empty());
  }
}
