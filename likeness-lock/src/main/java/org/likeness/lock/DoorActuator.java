package org.likeness.lock;

import java.time.Duration;

/**
 * Something that makes a door open: a relay command, a webhook, an MQTT message. Implementations
 * hold their connections and are closed with the {@link DoorLock} that uses them.
 */
public interface DoorActuator extends AutoCloseable {

  /**
   * Delivers one opening and returns once the receiving end has acknowledged it.
   *
   * @param opening who opens which door, and when
   * @param hold how long the door should stay open (the door's {@link LockPolicy#hold()}), passed
   *     on so the relay knows
   * @throws ActuatorException when the opening could not be delivered; the door must be treated as
   *     shut
   */
  void open(Opening opening, Duration hold) throws ActuatorException;

  /** A one-line description for logs and health checks; never contains a secret. */
  String describe();

  /** Releases connections and threads; does not throw checked exceptions. */
  @Override
  void close();
}
