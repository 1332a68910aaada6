package org.likeness.gallery.search;

/**
 * Shape of the HNSW graph and how widely a query explores it.
 *
 * @param maxConn neighbours kept per node on the upper layers (Lucene's {@code M}; twice that on
 *     the bottom layer); more means better recall, more memory and slower builds
 * @param beamWidth candidates considered when inserting a node; more means a better graph and
 *     slower builds
 * @param efSearch candidates a query collects from the graph before they are re-ranked exactly and
 *     grouped by person; the search uses {@code max(efSearch, topK * OVERFETCH)}
 */
public record HnswParams(int maxConn, int beamWidth, int efSearch) {
  /** Graph nodes fetched per requested person, at least: people often own several templates. */
  public static final int OVERFETCH = 10;

  /** Lucene's own upper bound on {@code maxConn}. */
  public static final int MAX_MAX_CONN = 512;

  /** Lucene's own upper bound on {@code beamWidth}. */
  public static final int MAX_BEAM_WIDTH = 3200;

  public HnswParams {
    if (maxConn < 2 || maxConn > MAX_MAX_CONN) {
      throw new IllegalArgumentException(
          "HNSW maxConn must be in 2.." + MAX_MAX_CONN + ", got " + maxConn);
    }
    if (beamWidth < 1 || beamWidth > MAX_BEAM_WIDTH) {
      throw new IllegalArgumentException(
          "HNSW beamWidth must be in 1.." + MAX_BEAM_WIDTH + ", got " + beamWidth);
    }
    if (efSearch < 1 || efSearch > 10_000) {
      throw new IllegalArgumentException("HNSW efSearch must be in 1..10000, got " + efSearch);
    }
  }

  /**
   * Lucene's default graph ({@code maxConn} 16, {@code beamWidth} 100) searched with 160
   * candidates. Measured with {@code likeness bench gallery} on two cores, probes being noisy copies of
   * enrolled templates (cosine 0.83): recall@1 against exact search 1.000 at 100k random 128-d
   * templates (0.998 in {@code HnswRecallTest}), 0.995 at 1M templates of 200k people with five
   * photos each (p50 3.9 ms), but only 0.875 at 1M unclustered random templates, the worst case,
   * which needs a far larger {@code efSearch} or {@code maxConn}.
   */
  public static HnswParams defaults() {
    return new HnswParams(16, 100, 160);
  }

  /** How many graph candidates a query for {@code topK} people collects. */
  public int candidates(int topK) {
    return Math.max(efSearch, Math.multiplyExact(topK, OVERFETCH));
  }
}
