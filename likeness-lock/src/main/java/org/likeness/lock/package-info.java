/**
 * Opening the door: a {@link org.likeness.lock.DoorLock} turns one accepted visit (an {@link
 * org.likeness.lock.Opening}) into a signal to the hardware through one or more {@link
 * org.likeness.lock.DoorActuator}s (a command, a signed webhook, an MQTT message), with a hold
 * time, a minimum gap between openings and a fail-secure default: when an actuator errors, the
 * outcome says FAILED and nothing is retried behind the caller's back.
 */
package org.likeness.lock;
