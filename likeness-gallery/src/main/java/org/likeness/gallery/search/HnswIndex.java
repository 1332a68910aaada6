package org.likeness.gallery.search;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Bits;

/**
 * A Lucene HNSW graph over the templates of a {@link VectorTable}, addressed by template id. It is
 * a cache: the table (and behind it the gallery's SQLite file) is the truth, and on open the graph
 * is brought in line with it, or rebuilt when it was made for other data or parameters.
 *
 * <p>Searches read a near-real-time snapshot that may lag the table by a few hundred templates;
 * {@link Snapshot#coveredId()} says up to which id it is complete so the caller scans the rest
 * exactly. Removed templates may still come back from a snapshot; the caller drops them.
 */
final class HnswIndex implements Closeable {
  private static final System.Logger LOG = System.getLogger(HnswIndex.class.getName());
  static final String VECTOR_FIELD = "vector";
  static final String ID_FIELD = "template_id";
  static final String FINGERPRINT_KEY = "likeness.fingerprint";

  /** Changes after which a search first refreshes its snapshot rather than scanning them. */
  static final int REFRESH_AFTER_CHANGES = 1024;

  private static final int INCREMENTAL_RAM_BUFFER_MB = 64;
  private static final int MAX_BUILD_RAM_BUFFER_MB = 1800;

  /** A searchable point-in-time view and the last template id it is known to hold. */
  record Snapshot(DirectoryReader reader, IndexSearcher searcher, long coveredId) {}

  private final Directory directory;
  private final IndexWriter writer;
  private final ExecutorService searchExecutor;
  private final String fingerprint;
  private final boolean persistent;
  private Snapshot current; // guarded by this
  private int deletesSinceRefresh; // guarded by this
  private volatile long coveredId;

  private HnswIndex(
      Directory directory,
      IndexWriter writer,
      ExecutorService searchExecutor,
      String fingerprint,
      boolean persistent,
      long coveredId)
      throws IOException {
    this.directory = directory;
    this.writer = writer;
    this.searchExecutor = searchExecutor;
    this.fingerprint = fingerprint;
    this.persistent = persistent;
    DirectoryReader reader = DirectoryReader.open(writer);
    this.current = new Snapshot(reader, new IndexSearcher(reader, searchExecutor), coveredId);
    this.coveredId = coveredId;
  }

  /**
   * Opens the graph stored at {@code path} and brings it in line with {@code table}, or builds it
   * from the table when there is none, it is unreadable, or it was made with another {@code
   * fingerprint}. With an empty {@code path} the graph lives on the heap. The caller must keep the
   * table unchanged meanwhile.
   */
  static HnswIndex open(
      Optional<Path> path,
      HnswParams params,
      String fingerprint,
      VectorTable table,
      ExecutorService searchExecutor,
      int threads,
      BuildProgress progress)
      throws IOException {
    Directory directory =
        path.isPresent() ? FSDirectory.open(path.get()) : new ByteBuffersDirectory();
    try {
      if (path.isPresent() && reusable(directory, path.get(), fingerprint)) {
        try {
          return openWriter(
              directory, path, true, params, fingerprint, table, searchExecutor, threads, progress);
        } catch (LockObtainFailedException e) {
          throw e;
        } catch (IOException e) {
          LOG.log(
              Level.WARNING,
              "rebuilding HNSW index " + path.get() + ": it cannot be read: " + e,
              e);
        }
      }
      return openWriter(
          directory, path, false, params, fingerprint, table, searchExecutor, threads, progress);
    } catch (IOException | RuntimeException | Error e) {
      directory.close();
      throw e;
    }
  }

  /**
   * Opens a writer on the stored graph ({@code reuse}) or on an emptied directory, and syncs it
   * with the table.
   */
  private static HnswIndex openWriter(
      Directory directory,
      Optional<Path> path,
      boolean reuse,
      HnswParams params,
      String fingerprint,
      VectorTable table,
      ExecutorService searchExecutor,
      int threads,
      BuildProgress progress)
      throws IOException {
    if (!reuse) {
      for (String file : directory.listAll()) {
        if (!file.equals(IndexWriter.WRITE_LOCK_NAME)) {
          directory.deleteFile(file);
        }
      }
    }
    IndexWriterConfig config = new IndexWriterConfig();
    config.setCodec(codec(params));
    config.setOpenMode(
        reuse ? IndexWriterConfig.OpenMode.APPEND : IndexWriterConfig.OpenMode.CREATE);
    config.setCommitOnClose(false);
    config.setRAMBufferSizeMB(buildRamBufferMb(table));
    IndexWriter writer = new IndexWriter(directory, config);
    try {
      long[] wanted = table.liveIds();
      long[] present = reuse ? liveIds(writer) : new long[0];
      long[] extra = difference(present, wanted);
      long[] missing = difference(wanted, present);
      if (extra.length > 0) {
        writer.deleteDocuments(LongPoint.newSetQuery(ID_FIELD, extra));
      }
      if (reuse && (extra.length > 0 || missing.length > 0)) {
        LOG.log(
            Level.INFO,
            "bringing HNSW index {0} up to date: {1} templates to add, {2} to drop",
            path.orElseThrow(),
            missing.length,
            extra.length);
      }
      addInParallel(writer, table, missing, threads, progress);
      writer.getConfig().setRAMBufferSizeMB(INCREMENTAL_RAM_BUFFER_MB);
      HnswIndex index =
          new HnswIndex(
              directory,
              writer,
              searchExecutor,
              fingerprint,
              path.isPresent(),
              table.lastAddedId());
      if (path.isPresent() && (!reuse || extra.length > 0 || missing.length > 0)) {
        index.commit();
      }
      return index;
    } catch (IOException | RuntimeException | Error e) {
      writer.rollback();
      throw e;
    }
  }

  private static boolean reusable(Directory directory, Path path, String fingerprint) {
    try {
      if (!DirectoryReader.indexExists(directory)) {
        return false;
      }
      String found = SegmentInfos.readLatestCommit(directory).getUserData().get(FINGERPRINT_KEY);
      if (!fingerprint.equals(found)) {
        LOG.log(
            Level.INFO,
            "rebuilding HNSW index {0}: it was made for [{1}], the gallery needs [{2}]",
            path,
            found,
            fingerprint);
        return false;
      }
      return true;
    } catch (IOException e) {
      LOG.log(Level.WARNING, "rebuilding HNSW index " + path + ": it cannot be read: " + e, e);
      return false;
    }
  }

  private static Lucene912Codec codec(HnswParams params) {
    KnnVectorsFormat format = new Lucene99HnswVectorsFormat(params.maxConn(), params.beamWidth());
    return new Lucene912Codec() {
      @Override
      public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return format;
      }
    };
  }

  /**
   * A RAM buffer large enough that a bulk build flushes one segment per building thread and never
   * has to merge graphs, which would cost as much again as building them.
   */
  private static double buildRamBufferMb(VectorTable table) {
    double perTemplate = table.dim() * (double) Float.BYTES * 2 + 400;
    double mb = table.live() * perTemplate / (1 << 20);
    long heapMb = Runtime.getRuntime().maxMemory() >> 20;
    return Math.max(
        INCREMENTAL_RAM_BUFFER_MB, Math.min(mb, Math.min(MAX_BUILD_RAM_BUFFER_MB, heapMb / 3)));
  }

  private static void addInParallel(
      IndexWriter writer, VectorTable table, long[] ids, int threads, BuildProgress progress)
      throws IOException {
    if (ids.length == 0) {
      return;
    }
    int workers = Math.max(1, Math.min(threads, ids.length / 1000));
    AtomicLong done = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long reportEvery = Math.max(1000, ids.length / 100);
    List<Thread> started = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      int first = w;
      Thread thread =
          new Thread(
              () -> {
                try {
                  for (int i = first; i < ids.length && failure.get() == null; i += workers) {
                    int row = table.rowOf(ids[i]);
                    writer.addDocument(
                        document(ids[i], table.vectors(), row * table.dim(), table.dim()));
                    long n = done.incrementAndGet();
                    if (n % reportEvery == 0) {
                      progress.update(n, ids.length);
                    }
                  }
                } catch (Throwable t) {
                  failure.compareAndSet(null, t);
                }
              },
              "likeness-hnsw-build-" + w);
      thread.setDaemon(true);
      thread.start();
      started.add(thread);
    }
    boolean interrupted = false;
    for (Thread thread : started) {
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable t = failure.get();
    if (t instanceof IOException io) {
      throw io;
    } else if (t instanceof RuntimeException re) {
      throw re;
    } else if (t instanceof Error err) {
      throw err;
    } else if (t != null) {
      throw new IllegalStateException("building the HNSW index failed", t);
    }
    progress.update(ids.length, ids.length);
  }

  private static Document document(long id, float[] vectors, int offset, int dim) {
    Document doc = new Document();
    doc.add(
        new KnnFloatVectorField(
            VECTOR_FIELD,
            Arrays.copyOfRange(vectors, offset, offset + dim),
            VectorSimilarityFunction.DOT_PRODUCT));
    doc.add(new LongPoint(ID_FIELD, id));
    doc.add(new NumericDocValuesField(ID_FIELD, id));
    return doc;
  }

  private static long[] liveIds(IndexWriter writer) throws IOException {
    try (DirectoryReader reader = DirectoryReader.open(writer)) {
      long[] out = new long[reader.numDocs()];
      int n = 0;
      for (LeafReaderContext leaf : reader.leaves()) {
        LeafReader r = leaf.reader();
        Bits live = r.getLiveDocs();
        NumericDocValues values = r.getNumericDocValues(ID_FIELD);
        if (values == null) {
          continue;
        }
        for (int doc = values.nextDoc();
            doc != DocIdSetIterator.NO_MORE_DOCS;
            doc = values.nextDoc()) {
          if (live == null || live.get(doc)) {
            out[n++] = values.longValue();
          }
        }
      }
      long[] ids = Arrays.copyOf(out, n);
      Arrays.sort(ids);
      return ids;
    }
  }

  /** The ids in sorted {@code a} that are not in sorted {@code b}. */
  static long[] difference(long[] a, long[] b) {
    long[] out = new long[a.length];
    int n = 0;
    int j = 0;
    for (long id : a) {
      while (j < b.length && b[j] < id) {
        j++;
      }
      if (j >= b.length || b[j] != id) {
        out[n++] = id;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** Adds one template; the caller holds the table's write lock. */
  void add(long id, float[] vector) throws IOException {
    writer.addDocument(document(id, vector, 0, vector.length));
  }

  /** Drops templates; the caller holds the table's write lock. */
  void delete(long... ids) throws IOException {
    if (ids.length == 0) {
      return;
    }
    writer.deleteDocuments(LongPoint.newSetQuery(ID_FIELD, ids));
    synchronized (this) {
      deletesSinceRefresh += ids.length;
    }
  }

  /** The last template id the current snapshot holds. */
  long coveredId() {
    return coveredId;
  }

  /**
   * A snapshot to search, refreshed first when more than {@link #REFRESH_AFTER_CHANGES} changes are
   * pending. The caller holds the table's read lock, so the writer holds exactly the table's
   * templates and a refreshed snapshot covers up to {@code tableLastId}. Pair with {@link
   * #release}.
   */
  synchronized Snapshot acquire(long tableLastId, int pendingAdds) throws IOException {
    if (pendingAdds > REFRESH_AFTER_CHANGES || deletesSinceRefresh > REFRESH_AFTER_CHANGES) {
      DirectoryReader fresh = DirectoryReader.openIfChanged(current.reader(), writer);
      if (fresh != null) {
        DirectoryReader old = current.reader();
        current = new Snapshot(fresh, new IndexSearcher(fresh, searchExecutor), tableLastId);
        old.decRef();
      } else {
        current = new Snapshot(current.reader(), current.searcher(), tableLastId);
      }
      coveredId = tableLastId;
      deletesSinceRefresh = 0;
    }
    current.reader().incRef();
    return current;
  }

  void release(Snapshot snapshot) throws IOException {
    snapshot.reader().decRef();
  }

  /** The ids of up to {@code k} templates nearest to {@code query}, in no particular order. */
  long[] search(Snapshot snapshot, float[] query, int k) throws IOException {
    TopDocs top = snapshot.searcher().search(new KnnFloatVectorQuery(VECTOR_FIELD, query, k), k);
    ScoreDoc[] hits = top.scoreDocs.clone();
    Arrays.sort(hits, Comparator.comparingInt(h -> h.doc));
    List<LeafReaderContext> leaves = snapshot.reader().leaves();
    long[] ids = new long[hits.length];
    int leafIndex = -1;
    NumericDocValues values = null;
    int docBase = 0;
    int n = 0;
    for (ScoreDoc hit : hits) {
      int at = ReaderUtil.subIndex(hit.doc, leaves);
      if (at != leafIndex) {
        leafIndex = at;
        LeafReaderContext leaf = leaves.get(at);
        docBase = leaf.docBase;
        values = leaf.reader().getNumericDocValues(ID_FIELD);
      }
      if (values != null && values.advanceExact(hit.doc - docBase)) {
        ids[n++] = values.longValue();
      }
    }
    return n == ids.length ? ids : Arrays.copyOf(ids, n);
  }

  /** Makes the graph durable (on disk) so the next open only has to catch up. */
  void commit() throws IOException {
    if (persistent) {
      writer.setLiveCommitData(Map.of(FINGERPRINT_KEY, fingerprint).entrySet());
      writer.commit();
    }
  }

  /** Segments in the current snapshot; more segments mean more, smaller graphs per query. */
  synchronized int segments() {
    return current.reader().leaves().size();
  }

  @Override
  public synchronized void close() throws IOException {
    try {
      current.reader().decRef();
      commit();
    } finally {
      try {
        writer.close();
      } finally {
        directory.close();
      }
    }
  }
}
