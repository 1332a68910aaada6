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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.likeness.embed.Embedding;
import org.likeness.embed.ModelId;
import org.likeness.engine.EngineWorkers;
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
    AtomicInteger computed = new AtomicInteger();
    AtomicLong nanos = new AtomicLong();
    List<Optional<Embedding>> out = EngineWorkers.map(distinct, opener, threads, (engine, path) -> {
      if (cache == null) {
        Likeness face = engine.get();
        long start = System.nanoTime();
        Optional<Embedding> e = face.encode(path).embedding();
        nanos.addAndGet(System.nanoTime() - start);
        computed.incrementAndGet();
        return e;
      }
      byte[] bytes = read(path);
      String sha = Sha256.of(bytes);
      Optional<Optional<float[]>> hit = cache.get(sha);
      if (hit.isPresent()) {
        return hit.get().map(v -> new Embedding(v, model));
      }
      Likeness face = engine.get();
      long start = System.nanoTime();
      FaceEncoding e = face.encode(face.decode(bytes, path.toString()));
      nanos.addAndGet(System.nanoTime() - start);
      computed.incrementAndGet();
      cache.put(sha, e.embedding().map(Embedding::vector).orElse(null));
      return e.embedding();
    }, progress::update);
    Map<Path, Optional<Embedding>> result = new LinkedHashMap<>();
    for (int i = 0; i < distinct.size(); i++) {
      result.put(distinct.get(i), out.get(i));
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
