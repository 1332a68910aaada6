package org.likeness.gallery.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.likeness.compare.Metric;

/**
 * The searchable templates of one model, held in memory, answering "which people look most like
 * this face?" in milliseconds. Every vector sits in one contiguous row-major array that an exact
 * search scans in parallel; from {@link IndexOptions#hnswThreshold()} templates on, a Lucene HNSW
 * graph finds the candidates instead. Either way the candidates' people are then scored exactly
 * over all their templates with a {@link PersonScoring}, so both engines report identical distances
 * for the people they find.
 *
 * <p>Thread-safe: searches run concurrently with each other under a read lock, changes take the
 * write lock, so a search never sees half of a change. Close it to stop its threads and, for a
 * persistent index, to save the graph.
 */
public final class TemplateIndex implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(TemplateIndex.class.getName());

  /** Template candidates kept per requested person by the first exact pass. */
  static final int EXACT_OVERFETCH = 8;

  /** Smallest first exact pass; cheap, and enough for people with several near-identical photos. */
  static final int MIN_EXACT_CANDIDATES = 32;

  /**
   * Floats in the live table (rows times dimensions, 32 MiB) from which an exact search starts
   * with the int8 pre-scan (when {@link ScanKernel#int8Prescan}). With the blocked int8 kernel,
   * measured on one core (thread CPU time, median of 2 alternating runs, busy machine), the
   * pre-scan won at 100k x 128-d (51 MB of floats: 1.8 against 3.1 ms) and 100k x 192-d (77 MB: 2.1
   * against 4.0 ms); smaller tables were not measured with it, so the threshold stays above 10k x
   * 512-d (20 MB), which mostly sits in cache.
   */
  static final long INT8_MIN_FLOATS = 8L << 20;

  /**
   * Rows the int8 pre-scan keeps for the float32 re-rank, at least. Fewer rows cost less to select
   * and re-score (1M x 128-d, one thread: 10.0 ms CPU per search with 2,048 against 10.8 with
   * 4,096); more make it likelier that the bound settles the answer when one person owns many
   * templates near the probe (otherwise the search widens with float scans, still exact).
   */
  static final int INT8_CANDIDATES = 2_048;

  /** Rows below which a scan stays on the calling thread. */
  static final int PARALLEL_MIN_ROWS = 32_768;

  private static final double UNIT_TOLERANCE = 1e-3;
  private static final String HNSW_FORMAT = "likeness-hnsw-1";

  private final Metric metric;
  private final IndexOptions options;
  private final Optional<Path> hnswDirectory;
  private final String fingerprint;
  private final VectorTable table;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final ExecutorService pool;
  private final Object buildLock = new Object();
  private volatile HnswIndex hnsw;
  private volatile boolean closed;

  private TemplateIndex(
      int dimensions,
      Metric metric,
      IndexOptions options,
      Optional<Path> hnswDirectory,
      String owner) {
    if (metric == null || options == null) {
      throw new IllegalArgumentException("metric and options must not be null");
    }
    this.table = new VectorTable(dimensions, ScanKernel.active().int8Prescan() ? INT8_MIN_FLOATS : -1);
    this.metric = metric;
    this.options = options;
    this.hnswDirectory = hnswDirectory;
    HnswParams p = options.hnsw();
    this.fingerprint =
        HNSW_FORMAT
            + " owner="
            + owner
            + " dim="
            + dimensions
            + " similarity=dot_product maxConn="
            + p.maxConn()
            + " beamWidth="
            + p.beamWidth();
    AtomicInteger threadNumber = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            options.threads(),
            r -> {
              Thread t = new Thread(r, "likeness-search-" + threadNumber.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * An index whose HNSW graph, when it gets one, lives on the heap and is rebuilt at every start.
   */
  public static TemplateIndex inMemory(int dimensions, Metric metric, IndexOptions options) {
    return new TemplateIndex(dimensions, metric, options, Optional.empty(), "memory");
  }

  /**
   * An index that keeps its HNSW graph in {@code hnswDirectory}, a cache reused by later starts as
   * long as it was made for the same {@code owner} (for example a gallery's unique id and model)
   * and graph parameters, and brought up to date with the templates added here.
   */
  public static TemplateIndex persistent(
      int dimensions, Metric metric, IndexOptions options, Path hnswDirectory, String owner) {
    if (hnswDirectory == null || owner == null || owner.isBlank()) {
      throw new IllegalArgumentException(
          "a persistent index needs a directory and an owner, got "
              + hnswDirectory
              + " and '"
              + owner
              + "'");
    }
    return new TemplateIndex(dimensions, metric, options, Optional.of(hnswDirectory), owner);
  }

  public int dimensions() {
    return table.dim();
  }

  public Metric metric() {
    return metric;
  }

  public IndexOptions options() {
    return options;
  }

  /** Live templates. */
  public int size() {
    return read(table::live);
  }

  /** People with at least one live template. */
  public int personCount() {
    return read(table::personCount);
  }

  /** The engine a search would use now. */
  public Engine activeEngine() {
    return read(() -> engineFor(table.live()));
  }

  /** Makes room for {@code templates} in total, to load a large gallery without regrowing. */
  public void reserve(int templates) {
    write(() -> table.ensureCapacity(templates));
  }

  /**
   * Adds a template. Ids must grow from one call to the next (a gallery's SQLite row ids do), and
   * the vector must have unit length; it is copied.
   */
  public void add(long templateId, String person, float[] unitVector) {
    if (person == null) {
      throw new IllegalArgumentException("template " + templateId + " needs a person");
    }
    requireUnit(unitVector, "template " + templateId);
    write(
        () -> {
          table.add(templateId, person, unitVector);
          HnswIndex graph = hnsw;
          if (graph != null) {
            try {
              graph.add(templateId, unitVector);
            } catch (IOException | RuntimeException e) {
              dropGraph(graph, "adding template " + templateId, e);
            }
          }
        });
  }

  /** Removes a template; false when no live template has that id. */
  public boolean remove(long templateId) {
    return write(
        () -> {
          boolean removed = table.remove(templateId);
          if (removed) {
            deleteFromGraph(templateId);
          }
          return removed;
        });
  }

  /** Removes all of a person's templates; returns how many there were. */
  public int removePerson(String person) {
    return write(
        () -> {
          long[] removed = table.removePerson(person);
          deleteFromGraph(removed);
          return removed.length;
        });
  }

  private void deleteFromGraph(long... ids) {
    HnswIndex graph = hnsw;
    if (graph != null && ids.length > 0) {
      try {
        graph.delete(ids);
      } catch (IOException | RuntimeException e) {
        dropGraph(graph, "removing " + ids.length + " templates", e);
      }
    }
  }

  /**
   * The graph could not follow a change. The table stays right; the graph is closed and rebuilt (or
   * caught up from disk) at the next HNSW search. Called under the write lock.
   */
  private void dropGraph(HnswIndex graph, String what, Exception cause) {
    LOG.log(
        Level.WARNING, "HNSW index failed while " + what + "; it will be rebuilt: " + cause, cause);
    hnsw = null;
    try {
      graph.close();
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * Builds the HNSW graph now, or opens and catches up the stored one, if the engine choice will
   * need it; otherwise does nothing. Without this the first HNSW search pays for it.
   */
  public void prepare(BuildProgress progress) {
    read(
        () -> {
          if (engineFor(table.live()) == Engine.HNSW) {
            graph(progress);
          }
          return null;
        });
  }

  /**
   * Builds (or opens) the HNSW graph now whatever the engine choice, e.g. to time it. Changes wait
   * meanwhile; searches go on.
   */
  public void buildHnsw(BuildProgress progress) {
    read(() -> graph(progress));
  }

  /** The people nearest to {@code query}, nearest first, using the engine the options choose. */
  public List<PersonHit> search(float[] query, int topK, PersonScoring scoring) {
    return search(query, topK, scoring, null);
  }

  /**
   * The people nearest to {@code query}, nearest first, with the given engine ({@code null}: the
   * engine the options choose). At most {@code topK} people; fewer when the index holds fewer.
   */
  public List<PersonHit> search(float[] query, int topK, PersonScoring scoring, Engine engine) {
    checkQuery(query, topK, scoring);
    return read(
        () -> {
          if (table.live() == 0) {
            return List.of();
          }
          int k = Math.min(topK, table.personCount());
          Engine use = engine != null ? engine : engineFor(table.live());
          return use == Engine.EXACT
              ? searchExact(query, k, scoring)
              : graphSearch(query, k, scoring, options.hnsw().candidates(k));
        });
  }

  /**
   * An HNSW search that collects {@code efSearch} graph candidates (at least {@code topK *} {@link
   * HnswParams#OVERFETCH}) instead of the options' number: for tuning recall against latency on an
   * index built once.
   */
  public List<PersonHit> searchHnsw(float[] query, int topK, PersonScoring scoring, int efSearch) {
    checkQuery(query, topK, scoring);
    if (efSearch < 1) {
      throw new IllegalArgumentException("efSearch must be at least 1, got " + efSearch);
    }
    return read(
        () -> {
          if (table.live() == 0) {
            return List.of();
          }
          int k = Math.min(topK, table.personCount());
          return graphSearch(query, k, scoring, Math.max(efSearch, k * HnswParams.OVERFETCH));
        });
  }

  private void checkQuery(float[] query, int topK, PersonScoring scoring) {
    if (topK < 1) {
      throw new IllegalArgumentException("topK must be at least 1, got " + topK);
    }
    if (scoring == null) {
      throw new IllegalArgumentException("person scoring must not be null");
    }
    if (query == null || query.length != table.dim()) {
      throw new IllegalArgumentException(
          "query has "
              + (query == null ? "no" : query.length + "")
              + " dimensions but the index holds "
              + table.dim()
              + "-d vectors");
    }
    requireUnit(query, "query");
  }

  private Engine engineFor(int live) {
    return switch (options.engine()) {
      case EXACT -> Engine.EXACT;
      case HNSW -> Engine.HNSW;
      case AUTO -> live >= options.hnswThreshold() ? Engine.HNSW : Engine.EXACT;
    };
  }

  /**
   * Exact search in rounds: keep the {@code n} rows nearest to the query, score their people over
   * all their templates, and stop once the last person reported is provably no farther than any
   * person not seen yet. Every unseen person's templates are at least as far as the farthest row
   * kept, and both scorings average template distances, so that row's distance bounds them from
   * below. Otherwise widen {@code n} eightfold; the last round keeps every row.
   */
  private List<PersonHit> searchExact(float[] query, int topK, PersonScoring scoring) {
    int live = table.live();
    int wanted = Math.min(topK, table.personCount());
    int capacity =
        (int) Math.min(live, Math.max(MIN_EXACT_CANDIDATES, (long) topK * EXACT_OVERFETCH));
    boolean int8 = table.hasCodes() && (long) live * table.dim() >= INT8_MIN_FLOATS;
    while (true) {
      Candidates candidates = candidates(query, capacity, live, int8);
      List<PersonHit> ranked = rankPeople(query, scoring, candidates.rows(), new long[0]);
      if (capacity >= live) {
        return head(ranked, topK);
      }
      double bound = VectorMath.lowerBoundFromDot(metric, candidates.unseenDot(), UNIT_TOLERANCE);
      if (ranked.size() >= wanted && ranked.get(wanted - 1).distance() <= bound) {
        return head(ranked, wanted);
      }
      capacity = (int) Math.min(live, capacity * 8L);
      // Later rounds scan floats: an int8 round that the bound could not settle would mostly be
      // repeated by a wider one, while a float round needs no slack in its bound.
      int8 = false;
    }
  }

  /**
   * The {@code capacity} rows with the largest float32 dot products, and a dot product no row left
   * out can exceed. Large tables are first scanned in int8 for {@link #INT8_CANDIDATES} rows (or
   * {@code capacity}, if more), which are re-scored in float32. A row outside that pool has an int8
   * dot product at most the pool's floor, and its float one exceeds its int8 one by at most half
   * the largest scale times the query's L1 norm (each code is off by at most half its row's scale),
   * so that sum bounds every row not kept; {@link #searchExact} widens when the bound is too loose.
   */
  private Candidates candidates(float[] query, int capacity, int live, boolean int8) {
    int pool = Math.max(INT8_CANDIDATES, capacity);
    if (!int8 || pool >= live) {
      TopRows top = scan(query, 0, table.size(), capacity, false);
      return new Candidates(top, top.floor());
    }
    TopRows approximate = scan(query, 0, table.size(), pool, true);
    float[] vectors = table.vectors();
    int dim = table.dim();
    TopRows top = new TopRows(capacity);
    for (int i = 0; i < approximate.size(); i++) {
      int row = approximate.row(i);
      top.offer(VectorMath.dot(vectors, row * dim, query), row);
    }
    double l1 = 0;
    for (float q : query) {
      l1 += Math.abs(q);
    }
    // The slack covers float rounding in both sums (far below 1e-4 for unit vectors).
    double unseen = approximate.floor() + table.largestScale() / 2.0 * l1 + 1e-4;
    return new Candidates(top, Math.max(top.floor(), unseen));
  }

  /** Rows kept for ranking, and the largest dot product a row not kept may have. */
  private record Candidates(TopRows rows, double unseenDot) {}

  private List<PersonHit> graphSearch(
      float[] query, int topK, PersonScoring scoring, int candidates) {
    HnswIndex graph = graph(BuildProgress.NONE);
    try {
      int pending = table.size() - table.firstRowAfter(graph.coveredId());
      HnswIndex.Snapshot snapshot = graph.acquire(table.lastAddedId(), pending);
      try {
        long[] ids = graph.search(snapshot, query, candidates);
        int tailFrom = table.firstRowAfter(snapshot.coveredId());
        TopRows tail =
            tailFrom < table.size()
                ? scan(query, tailFrom, table.size(), candidates, false)
                : null;
        return head(rankPeople(query, scoring, tail, ids), topK);
      } finally {
        graph.release(snapshot);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("HNSW search failed: " + e.getMessage(), e);
    }
  }

  /** The graph, built or opened first if need be; the caller holds a lock so the table is still. */
  private HnswIndex graph(BuildProgress progress) {
    HnswIndex graph = hnsw;
    if (graph != null) {
      return graph;
    }
    synchronized (buildLock) {
      if (hnsw == null) {
        try {
          hnsw =
              HnswIndex.open(
                  hnswDirectory,
                  options.hnsw(),
                  fingerprint,
                  table,
                  pool,
                  options.threads(),
                  progress);
        } catch (IOException e) {
          throw new UncheckedIOException(
              "cannot build the HNSW index"
                  + hnswDirectory.map(p -> " in " + p).orElse("")
                  + ": "
                  + e.getMessage(),
              e);
        }
      }
      return hnsw;
    }
  }

  /**
   * The {@code capacity} rows in {@code [from, to)} with the largest dot products, in parallel when
   * large.
   */
  private TopRows scan(float[] query, int from, int to, int capacity, boolean int8) {
    int rows = to - from;
    int threads = options.threads();
    if (threads == 1 || rows < PARALLEL_MIN_ROWS) {
      return scanRange(query, from, to, capacity, int8);
    }
    int chunks = threads * 4;
    // Whole blocks of the int8 copy per chunk, so no block is scored by two threads.
    int block = VectorTable.CODE_BLOCK;
    int chunkRows = ((rows + chunks - 1) / chunks + block - 1) / block * block;
    TopRows[] parts = new TopRows[chunks];
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(chunks);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable worker =
        () -> {
          for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
            try {
              int start = from + c * chunkRows;
              int end = Math.min(to, start + chunkRows);
              parts[c] =
                  start < end
                      ? scanRange(query, start, end, Math.min(capacity, end - start), int8)
                      : null;
            } catch (Throwable t) {
              failure.compareAndSet(null, t);
            } finally {
              done.countDown();
            }
          }
        };
    // Helpers speed the scan up but are not needed for it to finish: the caller claims chunks too.
    for (int i = 1; i < threads; i++) {
      try {
        pool.execute(worker);
      } catch (RejectedExecutionException e) {
        break;
      }
    }
    worker.run();
    awaitUninterruptibly(done);
    if (failure.get() != null) {
      throw new IllegalStateException("exact scan failed: " + failure.get(), failure.get());
    }
    TopRows merged = new TopRows(capacity);
    for (TopRows part : parts) {
      if (part != null) {
        merged.addAll(part);
      }
    }
    return merged;
  }

  private TopRows scanRange(float[] query, int from, int to, int capacity, boolean int8) {
    return int8
        ? scanCodes(query, from, to, capacity)
        : scanFloats(query, from, to, capacity);
  }

  private TopRows scanFloats(float[] query, int from, int to, int capacity) {
    float[] vectors = table.vectors();
    int[] owners = table.owners();
    int dim = table.dim();
    TopRows top = new TopRows(capacity);
    float floor = Float.NEGATIVE_INFINITY;
    for (int row = from; row < to; row++) {
      if (owners[row] == VectorTable.REMOVED) {
        continue;
      }
      float dot = VectorMath.dot(vectors, row * dim, query);
      if (dot > floor) {
        top.offer(dot, row);
        if (top.isFull()) {
          floor = top.floor();
        }
      }
    }
    return top;
  }

  /**
   * Like {@link #scanFloats}, on the int8 codes: keeps the largest approximate dot products. The
   * codes come in blocks of {@link VectorTable#CODE_BLOCK} rows, scored together; a block whose
   * best row does not beat the floor is skipped whole, and rows of a block outside {@code [from,
   * to)} (a neighbouring chunk's, or past the table's end) or removed are never offered.
   */
  private TopRows scanCodes(float[] query, int from, int to, int capacity) {
    byte[] codes = table.codes();
    float[] scales = table.scales();
    int[] owners = table.owners();
    int block = VectorTable.CODE_BLOCK;
    float[] dots = new float[block];
    RowSelection selection = new RowSelection(capacity);
    float floor = Float.NEGATIVE_INFINITY;
    for (int first = from - from % block; first < to; first += block) {
      float best =
          SimdDot.dotCodeBlock(codes, table.codeOffset(first), query, scales, first, dots);
      if (!(best > floor)) {
        continue;
      }
      int end = Math.min(to, first + block);
      for (int row = Math.max(from, first); row < end; row++) {
        float dot = dots[row - first];
        if (dot > floor && owners[row] != VectorTable.REMOVED) {
          selection.offer(dot, row);
          floor = selection.floor();
        }
      }
    }
    return selection.top();
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Scores every person owning one of the candidate rows or candidate template ids exactly over all
   * of their templates, nearest first (ties by name, so results are repeatable).
   */
  private List<PersonHit> rankPeople(
      float[] query, PersonScoring scoring, TopRows rows, long[] ids) {
    int[] owners = table.owners();
    int[] keys = new int[(rows == null ? 0 : rows.size()) + ids.length];
    int n = 0;
    if (rows != null) {
      for (int i = 0; i < rows.size(); i++) {
        keys[n++] = owners[rows.row(i)];
      }
    }
    for (long id : ids) {
      int row = table.rowOf(id);
      if (row >= 0) {
        keys[n++] = owners[row];
      }
    }
    Arrays.sort(keys, 0, n);
    List<PersonHit> hits = new ArrayList<>();
    double[] best = new double[scoring.templatesUsed()];
    for (int i = 0; i < n; i++) {
      if (i > 0 && keys[i] == keys[i - 1]) {
        continue;
      }
      hits.add(scorePerson(table.person(keys[i]), query, scoring, best));
    }
    hits.sort(Comparator.comparingDouble(PersonHit::distance).thenComparing(PersonHit::person));
    return hits;
  }

  private PersonHit scorePerson(
      VectorTable.Person person, float[] query, PersonScoring scoring, double[] best) {
    float[] vectors = table.vectors();
    int dim = table.dim();
    int kept = 0;
    long bestId = 0;
    for (int i = 0; i < person.count(); i++) {
      long id = person.templateId(i);
      double distance = VectorMath.distance(metric, vectors, table.rowOf(id) * dim, query);
      if (kept < best.length || distance < best[kept - 1]) {
        int at = Math.min(kept, best.length - 1);
        while (at > 0 && best[at - 1] > distance) {
          best[at] = best[at - 1];
          at--;
        }
        best[at] = distance;
        if (at == 0) {
          bestId = id;
        }
        kept = Math.min(kept + 1, best.length);
      }
    }
    return new PersonHit(person.name, scoring.combine(best, kept), bestId, person.count());
  }

  private static List<PersonHit> head(List<PersonHit> ranked, int n) {
    return List.copyOf(ranked.size() <= n ? ranked : ranked.subList(0, n));
  }

  private static void requireUnit(float[] vector, String what) {
    if (vector == null) {
      throw new IllegalArgumentException(what + " has no vector");
    }
    double norm = 0;
    for (float v : vector) {
      norm += (double) v * v;
    }
    norm = Math.sqrt(norm);
    if (!(Math.abs(norm - 1) <= UNIT_TOLERANCE)) {
      throw new IllegalArgumentException(what + " must have unit length, got " + norm);
    }
  }

  /** Segments of the HNSW graph's current snapshot, or 0 when there is no graph. */
  public int hnswSegments() {
    HnswIndex graph = hnsw;
    return graph == null ? 0 : graph.segments();
  }

  /**
   * Bytes of the vector table's arrays, capacity included; the graph and person names are not
   * counted.
   */
  public long tableBytes() {
    return read(table::arrayBytes);
  }

  /** Saves the HNSW graph (when persistent and built) so the next start only has to catch up. */
  public void commit() {
    read(
        () -> {
          HnswIndex graph = hnsw;
          if (graph != null) {
            try {
              graph.commit();
            } catch (IOException e) {
              throw new UncheckedIOException("cannot save the HNSW index: " + e.getMessage(), e);
            }
          }
          return null;
        });
  }

  @Override
  public void close() {
    Lock w = lock.writeLock();
    w.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      HnswIndex graph = hnsw;
      hnsw = null;
      if (graph != null) {
        graph.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the HNSW index: " + e.getMessage(), e);
    } finally {
      pool.shutdown();
      w.unlock();
    }
  }

  private interface Action<T> {
    T run();
  }

  private <T> T read(Action<T> action) {
    Lock r = lock.readLock();
    r.lock();
    try {
      requireOpen();
      return action.run();
    } finally {
      r.unlock();
    }
  }

  private <T> T write(Action<T> action) {
    Lock w = lock.writeLock();
    w.lock();
    try {
      requireOpen();
      return action.run();
    } finally {
      w.unlock();
    }
  }

  private void write(Runnable action) {
    write(
        () -> {
          action.run();
          return null;
        });
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the template index is closed");
    }
  }
}
