package org.likeness.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.likeness.embed.Embedding;
import org.likeness.engine.Likeness;
import org.likeness.pipeline.FaceEncoding;

/**
 * Encodes many image files on all cores, one {@link Likeness} (and so one set of native sessions)
 * per worker thread.
 */
public final class Encoder {
  private Encoder() {}

  /** Called after each image with the number done and the total. */
  public interface Progress {
    void update(int done, int total);
  }

  /**
   * Encodes every distinct path; the result maps each path to its embedding, or to empty when the
   * photo holds no face.
   */
  public static Map<Path, Optional<Embedding>> encodeAll(
      List<Path> images, Supplier<Likeness> opener, int threads, Progress progress) {
    List<Path> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(images));
    @SuppressWarnings("unchecked")
    Optional<Embedding>[] out = new Optional[distinct.size()];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(
            pool.submit(
                () -> {
                  try (Likeness face = opener.get()) {
                    for (int i; (i = next.getAndIncrement()) < distinct.size(); ) {
                      FaceEncoding e = face.encode(distinct.get(i));
                      out[i] = e.embedding();
                      progress.update(done.incrementAndGet(), distinct.size());
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
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("encoding failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    Map<Path, Optional<Embedding>> result = new LinkedHashMap<>();
    for (int i = 0; i < distinct.size(); i++) {
      result.put(distinct.get(i), out[i]);
    }
    return result;
  }
}
