package org.likeness.watch;

/**
 * Opens the door for an admitted visit: a lock, a relay, a webhook. The watcher calls it at most
 * once per visit, on its own thread; whatever the opener returns is recorded in the visit's event,
 * and an opener that throws or returns null is recorded as {@link OpenResult#FAILED}: the door is
 * taken to be shut.
 */
@FunctionalInterface
public interface DoorOpener {
  OpenResult open(VisitDecision decision);
}
