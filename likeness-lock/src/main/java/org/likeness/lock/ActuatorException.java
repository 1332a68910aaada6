package org.likeness.lock;

/**
 * An actuator could not deliver an opening; the message names the actuator and what failed (exit
 * code, HTTP status, broker error). The door stays shut.
 */
public final class ActuatorException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String actuator;

  public ActuatorException(String actuator, String message) {
    super(actuator + ": " + message);
    this.actuator = actuator;
  }

  public ActuatorException(String actuator, String message, Throwable cause) {
    super(actuator + ": " + message, cause);
    this.actuator = actuator;
  }

  /** The failing actuator's {@link DoorActuator#describe()}. */
  public String actuator() {
    return actuator;
  }
}
