package org.likeness.lock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a {@link DoorLock} did with one {@link Opening}, as the audit log records it.
 *
 * @param opening the request
 * @param kind what happened
 * @param decidedAt the lock's clock when the request was handled
 * @param took how long the actuators took (zero when nothing was sent)
 * @param detail why, for TOO_SOON and FAILED; empty for OPENED
 * @param failures the actuators that failed, with their errors; empty unless FAILED
 */
public record LockOutcome(
    Opening opening,
    Kind kind,
    Instant decidedAt,
    Duration took,
    String detail,
    List<ActuatorFailure> failures) {

  /** What happened to the request. */
  public enum Kind {
    /** Every actuator acknowledged the opening. */
    OPENED,
    /** Within the minimum gap of the last opening: nothing was sent. */
    TOO_SOON,
    /** At least one actuator failed: the door is treated as shut (fail-secure). */
    FAILED
  }

  /**
   * One actuator that failed.
   *
   * @param actuator its {@link DoorActuator#describe()}
   * @param error what failed
   */
  public record ActuatorFailure(String actuator, String error) {
    public ActuatorFailure {
      Objects.requireNonNull(actuator, "actuator");
      Objects.requireNonNull(error, "error");
    }
  }

  public LockOutcome {
    Objects.requireNonNull(opening, "opening");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(decidedAt, "decidedAt");
    Objects.requireNonNull(took, "took");
    Objects.requireNonNull(detail, "detail");
    failures = List.copyOf(failures);
    if ((kind == Kind.FAILED) == failures.isEmpty()) {
      throw new IllegalArgumentException(
          "a "
              + kind
              + " outcome for "
              + opening.person()
              + " cannot have "
              + failures.size()
              + " actuator failures");
    }
  }

  /** Whether the door was opened. */
  public boolean opened() {
    return kind == Kind.OPENED;
  }

  /** One line for the audit log: kind, door, person, visit, time taken, and why if not opened. */
  public String auditLine() {
    StringBuilder line =
        new StringBuilder()
            .append(kind)
            .append(" door=")
            .append(opening.door())
            .append(" person=")
            .append(opening.person())
            .append(" visit=")
            .append(opening.visit())
            .append(" at=")
            .append(decidedAt)
            .append(" took_ms=")
            .append(took.toMillis());
    if (!detail.isEmpty()) {
      line.append(" detail=\"").append(detail).append('"');
    }
    if (!failures.isEmpty()) {
      line.append(" errors=\"")
          .append(failures.stream().map(ActuatorFailure::error).collect(Collectors.joining("; ")))
          .append('"');
    }
    return line.toString();
  }
}
