package org.likeness.lock;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens nothing: logs each opening and keeps it, for a door that is watched but not yet wired to a
 * relay. {@link ActuatorConfig} chooses it, and says so, only when no actuator is configured.
 */
public final class LogOnlyActuator implements DoorActuator {

  private static final System.Logger LOG = System.getLogger(LogOnlyActuator.class.getName());

  private final List<Opening> seen = new ArrayList<>();

  @Override
  public synchronized void open(Opening opening, Duration hold) {
    seen.add(opening);
    LOG.log(
        Level.INFO,
        "log only, nothing opened: door {0} for {1} at {2} (distance {3}, visit {4})",
        opening.door(),
        opening.person(),
        opening.at(),
        opening.distance(),
        opening.visit());
  }

  /** The openings logged so far, oldest first. */
  public synchronized List<Opening> seen() {
    return List.copyOf(seen);
  }

  @Override
  public String describe() {
    return "log only (no actuator configured: nothing opens)";
  }

  @Override
  public void close() {}
}
