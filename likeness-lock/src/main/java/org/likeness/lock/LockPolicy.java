package org.likeness.lock;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link DoorLock} opens its door.
 *
 * @param hold how long the door stays open; passed to each actuator ({@code LIKENESS_HOLD_SECONDS},
 *     JSON {@code hold_seconds}) so the relay knows; positive
 * @param minGap the least time between two openings; a request sooner than that after the last
 *     opening is {@link LockOutcome.Kind#TOO_SOON} and sends nothing; zero or more
 * @param actuatorTimeout the limit each actuator is built with (a command's run time, a webhook
 *     attempt, an MQTT connect or acknowledgement); positive
 */
public record LockPolicy(Duration hold, Duration minGap, Duration actuatorTimeout) {

  /** Hold 3 s, at least 5 s between openings, 5 s per actuator call. */
  public static final LockPolicy DEFAULT =
      new LockPolicy(Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(5));

  public LockPolicy {
    Objects.requireNonNull(hold, "hold");
    Objects.requireNonNull(minGap, "minGap");
    Objects.requireNonNull(actuatorTimeout, "actuatorTimeout");
    if (hold.isNegative() || hold.isZero()) {
      throw new IllegalArgumentException("hold time must be positive but was " + hold);
    }
    if (minGap.isNegative()) {
      throw new IllegalArgumentException("minimum gap must not be negative but was " + minGap);
    }
    if (actuatorTimeout.isNegative() || actuatorTimeout.isZero()) {
      throw new IllegalArgumentException(
          "actuator timeout must be positive but was " + actuatorTimeout);
    }
  }
}
