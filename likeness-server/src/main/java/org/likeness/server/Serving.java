package org.likeness.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * The door's current {@link Served}, and the lock that lets a migration switch it while requests
 * run: every request that reads or writes the gallery holds the read lock for its whole length, and
 * a switch takes the write lock, so it waits for the requests in flight (an enrollment among them
 * is then in the old gallery, where the switch's last pass finds it) and new requests wait for it.
 * The lock is fair, so a steady stream of requests cannot starve a switch.
 */
final class Serving {
  /** A route's work on the served gallery. */
  interface Work {
    void handle(Served served, Context ctx) throws Exception;
  }

  /** A switch: given what is served, what is served next (the same, when it decides not to switch). */
  interface Switch {
    Served apply(Served now);
  }

  /**
   * Told of a switch with no request in flight: {@link #before} with what is served, then {@link
   * #after} with what is served next (the same when the switch did not happen). The door camera
   * stops its watcher before and starts one on the new gallery after.
   */
  interface SwitchListener {
    void before(Served now);

    void after(Served next);
  }

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
  private volatile Served current;
  private volatile SwitchListener listener = new SwitchListener() {
    @Override
    public void before(Served now) {}

    @Override
    public void after(Served next) {}
  };

  Serving(Served first) {
    this.current = first;
  }

  /**
   * What is served now, for reads that tolerate a switch under them (the model's name for health);
   * anything that touches the gallery or the engines goes through {@link #handler} or {@link #read}.
   */
  Served current() {
    return current;
  }

  /** A route handler that runs {@code work} on the served gallery, holding off a switch until it returns. */
  Handler handler(Work work) {
    return ctx -> {
      lock.readLock().lock();
      try {
        work.handle(current, ctx);
      } finally {
        lock.readLock().unlock();
      }
    };
  }

  /** {@code read} applied to the served gallery, holding off a switch meanwhile (gauges, say). */
  <T> T read(Function<Served, T> read) {
    lock.readLock().lock();
    try {
      return read.apply(current);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Runs {@code change} with no request in flight and makes its result the served gallery; when it
   * throws, what was served stays served.
   *
   * @return what was served before
   */
  Served switchWith(Switch change) {
    lock.writeLock().lock();
    try {
      Served before = current;
      listener.before(before);
      try {
        current = change.apply(before);
      } finally {
        listener.after(current);
      }
      return before;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Sets who is told of switches; one at most. */
  void onSwitch(SwitchListener l) {
    this.listener = l;
  }
}
