package org.likeness.camera;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one place a decoded frame waits for its consumer: a newer frame replaces an unread older
 * one, so a slow pipeline sees the latest picture and memory stays at one frame. The replaced
 * frame's pixel array is kept for the decoder to fill next, since nobody else ever saw it.
 */
final class FrameSlot {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private Frame waiting;
  private byte[] spare;
  private long dropped;
  private boolean finished;

  /**
   * Puts a frame in the slot once the previous one has been read: a consumer of a file read as
   * fast as possible sees every frame. Returns false, without putting it, when the slot finished.
   */
  boolean put(Frame frame) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (waiting != null && !finished) {
        changed.await();
      }
      if (finished) {
        return false;
      }
      waiting = frame;
      changed.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Puts a frame in the slot; returns true when it replaced one nobody had read. */
  boolean offer(Frame frame) {
    lock.lock();
    try {
      boolean replaced = waiting != null;
      if (replaced) {
        dropped++;
        spare = waiting.image().pixels();
      }
      waiting = frame;
      changed.signalAll();
      return replaced;
    } finally {
      lock.unlock();
    }
  }

  /** A pixel array of the given length nobody holds, or a new one. */
  byte[] pixels(int length) {
    lock.lock();
    try {
      byte[] reuse = spare;
      spare = null;
      return reuse != null && reuse.length == length ? reuse : new byte[length];
    } finally {
      lock.unlock();
    }
  }

  /** No more frames will come; waiting readers return what is left, then empty. */
  void finish() {
    lock.lock();
    try {
      finished = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Drops the waiting frame (on close), so its pixels can be collected. */
  void clear() {
    lock.lock();
    try {
      waiting = null;
      spare = null;
    } finally {
      lock.unlock();
    }
  }

  Optional<Frame> take(Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lockInterruptibly();
    try {
      while (waiting == null && !finished) {
        if (nanos <= 0) {
          return Optional.empty();
        }
        nanos = changed.awaitNanos(nanos);
      }
      Frame frame = waiting;
      waiting = null;
      changed.signalAll();
      return Optional.ofNullable(frame);
    } finally {
      lock.unlock();
    }
  }

  long dropped() {
    lock.lock();
    try {
      return dropped;
    } finally {
      lock.unlock();
    }
  }
}
