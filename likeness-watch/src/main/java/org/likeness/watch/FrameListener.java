package org.likeness.watch;

/**
 * Told of every frame the watcher processed, with the faces followed in it: a live view on an admin
 * page, say. It is called on the watcher's thread, so it must return at once: keep the latest view
 * and do any encoding or sending elsewhere. A listener that throws is counted in {@link
 * WatchStats#listenerFailures()} and does not stop the watcher.
 */
@FunctionalInterface
public interface FrameListener {
  void onFrame(FrameView view);
}
