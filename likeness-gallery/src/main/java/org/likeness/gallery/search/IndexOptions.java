package org.likeness.gallery.search;

/**
 * How a {@link TemplateIndex} searches.
 *
 * @param engine which engine answers queries
 * @param hnswThreshold with {@link EngineChoice#AUTO}, the number of live templates from which the
 *     HNSW graph takes over from the exact scan
 * @param hnsw the graph's shape and search width
 * @param threads how many threads one exact scan or graph build may use (the caller's included)
 */
public record IndexOptions(EngineChoice engine, int hnswThreshold, HnswParams hnsw, int threads) {
  /**
   * Live templates from which {@link EngineChoice#AUTO} switches to HNSW. Below it an exact scan
   * costs under about 5 ms on two cores (2.4 ms at 100k, 25 ms at 1M 128-d templates; it is bound
   * by memory bandwidth, 512 bytes per template), and the graph's build time (about 40 s per 100k
   * templates on two cores) and approximation are not worth it.
   */
  public static final int DEFAULT_HNSW_THRESHOLD = 200_000;

  public IndexOptions {
    if (engine == null) {
      throw new IllegalArgumentException("engine choice must not be null");
    }
    if (hnswThreshold < 1) {
      throw new IllegalArgumentException("hnswThreshold must be at least 1, got " + hnswThreshold);
    }
    if (hnsw == null) {
      throw new IllegalArgumentException("HNSW parameters must not be null");
    }
    if (threads < 1 || threads > 1024) {
      throw new IllegalArgumentException("threads must be in 1..1024, got " + threads);
    }
  }

  /** AUTO engine, the default threshold and graph, one thread per available processor. */
  public static IndexOptions defaults() {
    return new IndexOptions(
        EngineChoice.AUTO,
        DEFAULT_HNSW_THRESHOLD,
        HnswParams.defaults(),
        Runtime.getRuntime().availableProcessors());
  }

  public IndexOptions withEngine(EngineChoice value) {
    return new IndexOptions(value, hnswThreshold, hnsw, threads);
  }

  public IndexOptions withHnswThreshold(int value) {
    return new IndexOptions(engine, value, hnsw, threads);
  }

  public IndexOptions withHnsw(HnswParams value) {
    return new IndexOptions(engine, hnswThreshold, value, threads);
  }

  public IndexOptions withThreads(int value) {
    return new IndexOptions(engine, hnswThreshold, hnsw, value);
  }
}
