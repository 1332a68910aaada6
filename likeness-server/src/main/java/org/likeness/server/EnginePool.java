package org.likeness.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.likeness.engine.Likeness;

/**
 * A fixed set of {@link Likeness} instances shared by request threads. {@link Likeness} is not
 * thread-safe, so each request borrows a whole {@link Slot} for its decode and encode and returns
 * it after; with one slot per core, that many photos are worked on in parallel and no more, which
 * also bounds the memory that decoded images take. A slot opens its engine on first use unless the
 * pool was preloaded.
 */
final class EnginePool implements AutoCloseable {
  private final BlockingQueue<Slot> free;
  private final List<Slot> all = new ArrayList<>();
  private final Duration maxWait;

  /** One borrowed engine; the holder has it to itself until the work returns. */
  static final class Slot {
    private final Supplier<Likeness> opener;
    private Likeness engine;

    private Slot(Supplier<Likeness> opener) {
      this.opener = opener;
    }

    /** The slot's engine, opened now if this is its first use. */
    Likeness engine() {
      if (engine == null) {
        engine = opener.get();
      }
      return engine;
    }

    private synchronized void close() {
      if (engine != null) {
        engine.close();
        engine = null;
      }
    }
  }

  EnginePool(int size, Supplier<Likeness> opener, Duration maxWait) {
    if (size < 1) {
      throw new IllegalArgumentException("an engine pool needs at least one engine, got " + size);
    }
    this.maxWait = maxWait;
    this.free = new ArrayBlockingQueue<>(size);
    for (int i = 0; i < size; i++) {
      Slot s = new Slot(opener);
      all.add(s);
      free.add(s);
    }
  }

  /** Opens every slot's engine now, so that missing models fail here rather than on a request. */
  void openAll() {
    for (Slot s : all) {
      s.engine();
    }
  }

  /**
   * Runs {@code work} with a slot to itself, waiting for one to come free.
   *
   * @throws ApiException {@link ErrorCode#BUSY} when none comes free within the pool's wait
   */
  <T> T withSlot(Function<Slot, T> work) {
    Slot slot;
    try {
      slot = free.poll(maxWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a face engine", e);
    }
    if (slot == null) {
      throw new ApiException(ErrorCode.BUSY,
          "all " + all.size() + " face engines stayed busy for " + maxWait.toSeconds() + " s; retry later");
    }
    try {
      return work.apply(slot);
    } finally {
      free.add(slot);
    }
  }

  int size() {
    return all.size();
  }

  /** Slots not lent out right now. */
  int available() {
    return free.size();
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (Slot s : all) {
      try {
        s.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
