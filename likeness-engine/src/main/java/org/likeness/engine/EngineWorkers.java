package org.likeness.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs one task per item on several threads, each thread with its own {@link Likeness} (an engine
 * is not thread-safe), opened on first need and closed at the end. Results come back in the items'
 * order. The first failure is rethrown on the caller's thread and stops the rest.
 */
public final class EngineWorkers {
  private EngineWorkers() {}

  /** Called after each item with the number done and the total; from worker threads. */
  public interface Progress {
    void update(int done, int total);
  }

  /** The work for one item, given this thread's engine; {@code engine.get()} opens it on first use. */
  public interface Task<T, R> {
    R apply(Supplier<Likeness> engine, T item);
  }

  public static <T, R> List<R> map(
      List<T> items, Supplier<Likeness> opener, int threads, Task<T, R> task, Progress progress) {
    if (threads < 1) {
      throw new IllegalArgumentException("need at least one worker thread, got " + threads);
    }
    Object[] out = new Object[items.size()];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(pool.submit(() -> {
          Likeness[] face = {null};
          Supplier<Likeness> engine = () -> face[0] != null ? face[0] : (face[0] = opener.get());
          try {
            for (int i; (i = next.getAndIncrement()) < items.size(); ) {
              out[i] = task.apply(engine, items.get(i));
              progress.update(done.incrementAndGet(), items.size());
            }
          } finally {
            if (face[0] != null) {
              face[0].close();
            }
          }
          return null;
        }));
      }
      for (Future<?> w : workers) {
        w.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while encoding", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("encoding failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    @SuppressWarnings("unchecked")
    List<R> result = (List<R>) Arrays.asList(out);
    return result;
  }
}
