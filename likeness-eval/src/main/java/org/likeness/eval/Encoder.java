package org.likeness.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.likeness.embed.Embedding;
import org.likeness.embed.ModelId;
import org.likeness.engine.Likeness;
import org.likeness.error.BadInputException;
import org.likeness.models.Sha256;
import org.likeness.pipeline.FaceEncoding;

/**
 * Encodes many image files on all cores, one {@link Likeness} (and so one set of native sessions)
 * per worker thread, optionally through an {@link EmbeddingCache}.
 */
public final class Encoder {
  private Encoder() {}

  /** Called after each image with the number done and the total. */
  public interface Progress {
    void update(int done, int total);
  }

  /**
   * What an encoding run produced.
   *
   * @param embeddings each distinct path's embedding, or empty when the photo holds no face
   * @param computed how many images were encoded rather than found in the cache
   * @param msPerImage mean single-thread time to decode and encode one computed image (NaN if none)
   */
  public record Result(Map<Path, Optional<Embedding>> embeddings, int computed, double msPerImage) {}

  /** Encodes without a cache. */
  public static Map<Path, Optional<Embedding>> encodeAll(
      List<Path> images, Supplier<Likeness> opener, int threads, Progress progress) {
    return encodeAll(images, null, opener, threads, progress, null).embeddings();
  }

  /**
   * Encodes every distinct path. With a cache, images are keyed by the SHA-256 of their bytes and
   * only unseen ones are encoded; {@code model} labels the cached vectors.
   */
  public static Result encodeAll(
      List<Path> images, ModelId model, Supplier<Likeness> opener, int threads, Progress progress,
      EmbeddingCache cache) {
    List<Path> distinct = new ArrayList<>(new LinkedHashSet<>(images));
    @SuppressWarnings("unchecked")
    Optional<Embedding>[] out = new Optional[distinct.size()];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicInteger computed = new AtomicInteger();
    AtomicLong nanos = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(pool.submit(() -> {
          Likeness face = null;
          try {
            for (int i; (i = next.getAndIncrement()) < distinct.size(); ) {
              Path path = distinct.get(i);
              if (cache == null) {
                if (face == null) {
                  face = opener.get();
                }
                long start = System.nanoTime();
                out[i] = face.encode(path).embedding();
                nanos.addAndGet(System.nanoTime() - start);
                computed.incrementAndGet();
              } else {
                byte[] bytes = read(path);
                String sha = Sha256.of(bytes);
                Optional<Optional<float[]>> hit = cache.get(sha);
                if (hit.isPresent()) {
                  out[i] = hit.get().map(v -> new Embedding(v, model));
                } else {
                  if (face == null) {
                    face = opener.get();
                  }
                  long start = System.nanoTime();
                  FaceEncoding e = face.encode(face.decode(bytes, path.toString()));
                  nanos.addAndGet(System.nanoTime() - start);
                  computed.incrementAndGet();
                  out[i] = e.embedding();
                  cache.put(sha, e.embedding().map(Embedding::vector).orElse(null));
                }
              }
              progress.update(done.incrementAndGet(), distinct.size());
            }
          } finally {
            if (face != null) {
              face.close();
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
      throw new IllegalStateException("encoding failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    Map<Path, Optional<Embedding>> result = new LinkedHashMap<>();
    for (int i = 0; i < distinct.size(); i++) {
      result.put(distinct.get(i), out[i]);
    }
    int n = computed.get();
    return new Result(result, n, n == 0 ? Double.NaN : nanos.get() / 1e6 / n);
  }

  private static byte[] read(Path path) {
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new BadInputException(path + ": cannot be read (" + e.getMessage() + ")", e);
    }
  }
}
