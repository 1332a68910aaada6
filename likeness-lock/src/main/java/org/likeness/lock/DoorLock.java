package org.likeness.lock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Opens one door through its actuators, at most once per minimum gap, and fails secure.
 *
 * <p>What OPENED means with several actuators: every actuator is called in order for each request,
 * even after one has failed (a relay command still runs when the notification webhook is down), and
 * the outcome is {@link LockOutcome.Kind#OPENED} only when every one of them acknowledged. If any
 * failed the outcome is {@link LockOutcome.Kind#FAILED}, naming each failure and the actuators that
 * did succeed, and nothing is retried behind the caller's back.
 *
 * <p>The minimum gap counts from the last request at which at least one actuator acknowledged,
 * because that one may have opened the door. A request where every actuator failed starts no gap,
 * so the next visit can try again at once.
 *
 * <p>Requests are handled one at a time; this class is thread-safe.
 */
public final class DoorLock implements AutoCloseable {

  private final List<DoorActuator> actuators;
  private final LockPolicy policy;
  private final Clock clock;
  private Instant lastOpened;
  private boolean closed;

  /**
   * @param actuators the actuators, called in this order; at least one (choose {@link
   *     LogOnlyActuator} explicitly for a door that opens nothing); closed with this lock
   * @param policy hold time and minimum gap
   * @param clock the time that the minimum gap is measured on
   */
  public DoorLock(List<? extends DoorActuator> actuators, LockPolicy policy, Clock clock) {
    Objects.requireNonNull(actuators, "actuators");
    if (actuators.isEmpty()) {
      throw new IllegalArgumentException(
          "a door lock needs at least one actuator; choose LogOnlyActuator for a door that opens"
              + " nothing");
    }
    this.actuators = List.copyOf(actuators);
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Asks the door to open for this visit; see the class comment for what each outcome means. */
  public synchronized LockOutcome request(Opening opening) {
    Objects.requireNonNull(opening, "opening");
    if (closed) {
      throw new IllegalStateException("door lock for " + opening.door() + " is closed");
    }
    Instant now = clock.instant();
    if (lastOpened != null && now.isBefore(lastOpened.plus(policy.minGap()))) {
      String detail =
          "last opening at "
              + lastOpened
              + " is within the minimum gap of "
              + policy.minGap().toMillis()
              + " ms; nothing sent";
      return new LockOutcome(
          opening, LockOutcome.Kind.TOO_SOON, now, Duration.ZERO, detail, List.of());
    }
    long start = System.nanoTime();
    List<LockOutcome.ActuatorFailure> failures = new ArrayList<>();
    List<String> succeeded = new ArrayList<>();
    for (DoorActuator actuator : actuators) {
      try {
        actuator.open(opening, policy.hold());
        succeeded.add(actuator.describe());
      } catch (ActuatorException e) {
        failures.add(new LockOutcome.ActuatorFailure(actuator.describe(), e.getMessage()));
      } catch (RuntimeException e) {
        failures.add(
            new LockOutcome.ActuatorFailure(
                actuator.describe(), actuator.describe() + ": unexpected " + e));
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    if (!succeeded.isEmpty()) {
      lastOpened = now;
    }
    if (failures.isEmpty()) {
      return new LockOutcome(opening, LockOutcome.Kind.OPENED, now, took, "", List.of());
    }
    String detail =
        "fail-secure: "
            + failures.size()
            + " of "
            + actuators.size()
            + " actuators failed"
            + (succeeded.isEmpty()
                ? ", none acknowledged"
                : "; acknowledged by " + String.join(", ", succeeded));
    return new LockOutcome(opening, LockOutcome.Kind.FAILED, now, took, detail, failures);
  }

  /** When the door was last (possibly partly) opened, if ever. */
  public synchronized Optional<Instant> lastOpened() {
    return Optional.ofNullable(lastOpened);
  }

  /** The policy this lock applies. */
  public LockPolicy policy() {
    return policy;
  }

  /** The actuators, one line each, for logs and health checks. */
  public String describe() {
    return actuators.stream().map(DoorActuator::describe).collect(Collectors.joining("; "));
  }

  /** Closes every actuator, each even when another one fails to close. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException first = null;
    for (DoorActuator actuator : actuators) {
      try {
        actuator.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
