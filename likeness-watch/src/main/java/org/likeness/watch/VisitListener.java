package org.likeness.watch;

/**
 * Told of each visit's events on the watcher's thread: an audit log, a kiosk screen, a metrics
 * counter. A listener that throws is reported in {@link WatchStats#listenerFailures()} and does not
 * stop the watcher or the other listeners.
 */
@FunctionalInterface
public interface VisitListener {
  void onEvent(VisitEvent event);
}
