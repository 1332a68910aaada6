package org.likeness.bench.gallery;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.likeness.compare.Metric;
import org.likeness.detect.Box;
import org.likeness.embed.Embedding;
import org.likeness.embed.ModelId;
import org.likeness.gallery.Enrollment;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.GalleryOptions;
import org.likeness.gallery.GallerySpec;
import org.likeness.gallery.Template;
import org.likeness.gallery.search.Engine;
import org.likeness.gallery.search.EngineChoice;
import org.likeness.gallery.search.HnswParams;
import org.likeness.gallery.search.IndexOptions;
import org.likeness.gallery.search.PersonHit;
import org.likeness.gallery.search.PersonScoring;
import org.likeness.gallery.search.ScanKernel;
import org.likeness.gallery.search.TemplateIndex;

/**
 * Measures 1:K identification on synthetic galleries of random unit vectors and prints a table:
 * size, engine, p50/p99 latency, recall@1 against exact search, heap per template and build time.
 * Probes are noisy copies of enrolled templates (a second photo of an enrolled face); strangers are
 * fresh random vectors, for which "recall" only says whether both engines name the same nearest
 * non-match (after a threshold both answer "unknown").
 *
 * <pre>
 * java -Xmx8g -cp ... org.likeness.bench.gallery.GalleryBench [--sizes 10000,100000,1000000]
 *     [--queries 200] [--runs 3] [--per-person 1] [--noise 0.06] [--m 16] [--beam 100] [--ef 160]
 *     [--ef-sweep 100,300] [--threads N] [--seed 1] [--sqlite 100000] [--hnsw false]
 * </pre>
 *
 * <p>The exact rows use this JVM's {@link ScanKernel#active() scan kernel}, which {@link
 * #kernelLine()} names: SIMD when java was started with {@code --add-modules jdk.incubator.vector},
 * scalar without it or with {@code -Dlikeness.scan.kernel=scalar} (for A/B runs).
 */
public final class GalleryBench {
  private static final ModelId BENCH_MODEL =
      new ModelId(
          "bench-random", "0000000000000000000000000000000000000000000000000000000000000000");
  private static final int TOP_K = 5;

  private GalleryBench() {}

  /**
   * What to measure.
   *
   * @param sizes gallery sizes in templates
   * @param dimensions embedding size
   * @param templatesPerPerson templates per person; 1 makes every template its own person, more
   *     makes each person a cluster of noisy copies of one face
   * @param queries enrolled-face probes per run (a quarter as many strangers are added)
   * @param runs timed passes over the queries; the table shows medians over passes
   * @param probeNoise Gaussian noise per component added to make a probe from a template (0.06:
   *     cosine 0.83 to it at 128-d)
   * @param hnsw graph parameters; its efSearch is measured, as are the values in {@code efSweep}
   * @param efSweep further efSearch values to time on the same graph, to show recall against
   *     latency
   * @param threads threads per query and per graph build
   * @param seed makes every vector reproducible
   * @param sqliteTemplates templates for the separate SQLite enroll/open measurement; 0 skips it
   * @param hnswRows whether to build a graph and time HNSW; false times the exact scan alone
   */
  public record Config(
      List<Integer> sizes,
      int dimensions,
      int templatesPerPerson,
      int queries,
      int runs,
      double probeNoise,
      HnswParams hnsw,
      List<Integer> efSweep,
      int threads,
      long seed,
      int sqliteTemplates,
      boolean hnswRows) {
    public Config {
      sizes = List.copyOf(sizes);
      efSweep = List.copyOf(efSweep);
      if (efSweep.stream().anyMatch(ef -> ef < 1)) {
        throw new IllegalArgumentException("efSearch values must be positive, got " + efSweep);
      }
      if (sizes.isEmpty() || sizes.stream().anyMatch(s -> s < 1)) {
        throw new IllegalArgumentException("sizes must be positive, got " + sizes);
      }
      if (dimensions < 8
          || templatesPerPerson < 1
          || queries < 1
          || runs < 1
          || threads < 1
          || sqliteTemplates < 0) {
        throw new IllegalArgumentException(
            "need dimensions >= 8, templatesPerPerson, queries, runs, threads >= 1 and"
                + " sqliteTemplates >= 0, got "
                + dimensions
                + ", "
                + templatesPerPerson
                + ", "
                + queries
                + ", "
                + runs
                + ", "
                + threads
                + ", "
                + sqliteTemplates);
      }
      if (!(probeNoise >= 0)) {
        throw new IllegalArgumentException("probe noise must be >= 0, got " + probeNoise);
      }
    }

    /** 10k, 100k and 1M random 128-d templates, 200 probes, 3 runs, default graph, all cores. */
    public static Config defaults() {
      return new Config(
          List.of(10_000, 100_000, 1_000_000),
          128,
          1,
          200,
          3,
          0.06,
          HnswParams.defaults(),
          List.of(100, 300),
          Runtime.getRuntime().availableProcessors(),
          1L,
          100_000,
          true);
    }
  }

  /**
   * One line of the search table.
   *
   * @param templates gallery size
   * @param engine which engine answered
   * @param efSearch graph candidates collected per query (HNSW only)
   * @param p50Ms median query latency, median over runs
   * @param p99Ms 99th percentile latency, median over runs
   * @param recallAt1 share of enrolled-face probes whose first person equals exact search's
   * @param strangerAgreement the same for stranger queries
   * @param heapBytes heap held by the index (the table, plus the graph for HNSW)
   * @param buildSeconds time to load the table (exact) or to build the graph (HNSW)
   */
  public record Row(
      int templates,
      Engine engine,
      OptionalInt efSearch,
      double p50Ms,
      double p99Ms,
      double recallAt1,
      double strangerAgreement,
      long heapBytes,
      double buildSeconds) {
    public double bytesPerTemplate() {
      return heapBytes / (double) templates;
    }
  }

  /**
   * The SQLite side, measured on a real gallery directory.
   *
   * @param templates templates enrolled
   * @param enrollPerSecond enrollment throughput with {@link Gallery#enrollAll} batches of 1000
   * @param fileBytesPerTemplate size of {@code gallery.db} per template
   * @param openSeconds time for {@link Gallery#open} to load every template
   */
  public record StoreRow(
      int templates, double enrollPerSecond, double fileBytesPerTemplate, double openSeconds) {}

  /** Runs the search measurements, reporting progress on {@code progress}. */
  public static List<Row> run(Config config, PrintStream progress) {
    List<Row> rows = new ArrayList<>();
    for (int size : config.sizes()) {
      List<Row> measured = measure(config, size, progress);
      rows.addAll(measured);
      progress.print(format(measured));
    }
    return rows;
  }

  private static List<Row> measure(Config config, int size, PrintStream progress) {
    String label = "[" + human(size) + "]";
    int dim = config.dimensions();
    IndexOptions options =
        IndexOptions.defaults()
            .withEngine(EngineChoice.EXACT)
            .withHnsw(config.hnsw())
            .withThreads(config.threads());
    long heapBefore = usedHeap();
    try (TemplateIndex index = TemplateIndex.inMemory(dim, Metric.COSINE, options)) {
      long start = System.nanoTime();
      index.reserve(size);
      for (int i = 0; i < size; i++) {
        index.add(i + 1, person(config, i), template(config, i));
        if ((i + 1) % Math.max(1, size / 10) == 0) {
          progress.printf("%s generated %d of %d templates%n", label, i + 1, size);
        }
      }
      double loadSeconds = seconds(start);
      long exactHeap = usedHeap() - heapBefore;

      SplittableRandom random = new SplittableRandom(config.seed() * 7919 + size);
      float[][] probes = new float[config.queries()][];
      for (int q = 0; q < probes.length; q++) {
        probes[q] = SyntheticVectors.noisyCopy(random, template(config, random.nextInt(size)), config.probeNoise());
      }
      float[][] strangers = new float[Math.max(1, config.queries() / 4)][];
      for (int q = 0; q < strangers.length; q++) {
        strangers[q] = SyntheticVectors.randomUnit(random, dim);
      }

      progress.printf(
          "%s timing exact search, %d runs of %d queries%n",
          label, config.runs(), probes.length + strangers.length);
      Timing exact = time(index, OptionalInt.empty(), probes, strangers, config.runs());
      progress.printf(
          "%s exact answers %s (SHA-256 of every query's top %d people and distances; equal for"
              + " two scan kernels or builds that answer alike)%n",
          label, exact.answers, TOP_K);
      if (config.threads() == 1) {
        progress.printf(
            Locale.ROOT,
            "%s exact CPU ms per query (the searching thread's, not counting time other processes"
                + " held the core): p50 %.2f p99 %.2f%n",
            label,
            exact.cpuP50Ms,
            exact.cpuP99Ms);
      }
      List<Row> rows = new ArrayList<>();
      rows.add(
          new Row(
              size,
              Engine.EXACT,
              OptionalInt.empty(),
              exact.p50Ms,
              exact.p99Ms,
              1.0,
              1.0,
              exactHeap,
              loadSeconds));

      if (!config.hnswRows()) {
        progress.printf("%s done (no HNSW rows asked for)%n", label);
        return rows;
      }
      progress.printf(
          "%s building HNSW (maxConn %d, beamWidth %d) on %d threads%n",
          label, config.hnsw().maxConn(), config.hnsw().beamWidth(), config.threads());
      long buildStart = System.nanoTime();
      long[] lastReport = {System.nanoTime()};
      index.buildHnsw(
          (done, total) -> {
            synchronized (lastReport) {
              if (done == total || System.nanoTime() - lastReport[0] > 10_000_000_000L) {
                lastReport[0] = System.nanoTime();
                progress.printf(
                    "%s   indexed %d of %d (%.0f s)%n", label, done, total, seconds(buildStart));
              }
            }
          });
      double buildSeconds = seconds(buildStart);
      long hnswHeap = usedHeap() - heapBefore;
      TreeSet<Integer> efs = new TreeSet<>(config.efSweep());
      efs.add(config.hnsw().efSearch());
      for (int ef : efs) {
        progress.printf(
            "%s timing HNSW search (efSearch %d, %d segments)%n", label, ef, index.hnswSegments());
        Timing hnsw = time(index, OptionalInt.of(ef), probes, strangers, config.runs());
        rows.add(
            new Row(
                size,
                Engine.HNSW,
                OptionalInt.of(ef),
                hnsw.p50Ms,
                hnsw.p99Ms,
                agreement(exact.firstProbe, hnsw.firstProbe),
                agreement(exact.firstStranger, hnsw.firstStranger),
                hnswHeap,
                buildSeconds));
      }
      progress.printf("%s done%n", label);
      return rows;
    }
  }

  /**
   * @param answers the first 16 hex digits of the SHA-256 of every query's people and distances
   *     (6 decimals), in query order, from the last run
   * @param cpuP50Ms the searching thread's CPU time per query, median (of runs' medians): on a
   *     shared machine, wall-clock time includes the time other processes held the core; CPU time
   *     does not. Covers the whole search only with one thread.
   * @param cpuP99Ms the same, 99th percentile
   */
  private record Timing(
      double p50Ms,
      double p99Ms,
      String[] firstProbe,
      String[] firstStranger,
      String answers,
      double cpuP50Ms,
      double cpuP99Ms) {}

  /** Times every query {@code runs} times; exact search when {@code efSearch} is empty. */
  private static Timing time(
      TemplateIndex index, OptionalInt efSearch, float[][] probes, float[][] strangers, int runs) {
    float[][] all =
        Stream.concat(Arrays.stream(probes), Arrays.stream(strangers)).toArray(float[][]::new);
    String[] first = new String[all.length];
    // Warm up until the JIT has compiled the scan: at least 50 queries and 3 seconds.
    long warmUntil = System.nanoTime() + 3_000_000_000L;
    for (int q = 0; q < 50 || System.nanoTime() < warmUntil; q++) {
      search(index, all[q % all.length], efSearch);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[] p50 = new double[runs];
    double[] p99 = new double[runs];
    double[] cpuP50 = new double[runs];
    double[] cpuP99 = new double[runs];
    StringBuilder answers = new StringBuilder();
    for (int run = 0; run < runs; run++) {
      double[] ms = new double[all.length];
      double[] cpuMs = new double[all.length];
      answers.setLength(0);
      for (int q = 0; q < all.length; q++) {
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        List<PersonHit> hits = search(index, all[q], efSearch);
        ms[q] = (System.nanoTime() - start) / 1e6;
        cpuMs[q] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e6;
        first[q] = hits.get(0).person();
        for (PersonHit hit : hits) {
          answers.append(String.format(Locale.ROOT, "%d %s %.6f%n", q, hit.person(), hit.distance()));
        }
      }
      Arrays.sort(ms);
      p50[run] = percentile(ms, 0.50);
      p99[run] = percentile(ms, 0.99);
      Arrays.sort(cpuMs);
      cpuP50[run] = percentile(cpuMs, 0.50);
      cpuP99[run] = percentile(cpuMs, 0.99);
    }
    Arrays.sort(p50);
    Arrays.sort(p99);
    Arrays.sort(cpuP50);
    Arrays.sort(cpuP99);
    return new Timing(
        p50[runs / 2],
        p99[runs / 2],
        Arrays.copyOfRange(first, 0, probes.length),
        Arrays.copyOfRange(first, probes.length, all.length),
        sha256(answers.toString()).substring(0, 16),
        cpuP50[runs / 2],
        cpuP99[runs / 2]);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  private static List<PersonHit> search(TemplateIndex index, float[] query, OptionalInt efSearch) {
    return efSearch.isPresent()
        ? index.searchHnsw(query, TOP_K, PersonScoring.MIN, efSearch.getAsInt())
        : index.search(query, TOP_K, PersonScoring.MIN, Engine.EXACT);
  }

  private static double percentile(double[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static double agreement(String[] expected, String[] actual) {
    int same = 0;
    for (int i = 0; i < expected.length; i++) {
      if (expected[i].equals(actual[i])) {
        same++;
      }
    }
    return same / (double) expected.length;
  }

  /**
   * Enrolls {@code sqliteTemplates} into a real gallery in a temporary directory, then reopens it.
   */
  public static StoreRow runStore(Config config, PrintStream progress) {
    int n = config.sqliteTemplates();
    Path dir;
    try {
      dir = Files.createTempDirectory("likeness-bench-gallery");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a temporary gallery directory", e);
    }
    try {
      GallerySpec spec = GallerySpec.cosine("bench", BENCH_MODEL, config.dimensions());
      GalleryOptions options =
          GalleryOptions.defaults()
              .withIndex(
                  IndexOptions.defaults()
                      .withEngine(EngineChoice.EXACT)
                      .withThreads(config.threads()));
      long start = System.nanoTime();
      try (Gallery gallery = Gallery.create(dir.resolve("gallery"), spec, options)) {
        List<Enrollment> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          Template t =
              new Template(
                  new Embedding(template(config, i), BENCH_MODEL),
                  String.format("%064x", i),
                  new Box(0, 0, 100, 100),
                  0.99f,
                  Instant.now());
          batch.add(new Enrollment(person(config, i), t));
          if (batch.size() == 1000 || i == n - 1) {
            gallery.enrollAll(batch);
            batch.clear();
          }
          if ((i + 1) % Math.max(1, n / 5) == 0) {
            progress.printf("[sqlite] enrolled %d of %d%n", i + 1, n);
          }
        }
      }
      double enrollSeconds = seconds(start);
      long fileBytes = Files.size(dir.resolve("gallery").resolve("gallery.db"));
      long openStart = System.nanoTime();
      try (Gallery gallery = Gallery.open(dir.resolve("gallery"), options)) {
        if (gallery.size() != n) {
          throw new IllegalStateException(
              "reopened gallery holds " + gallery.size() + " templates, expected " + n);
        }
      }
      double openSeconds = seconds(openStart);
      return new StoreRow(n, n / enrollSeconds, fileBytes / (double) n, openSeconds);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot measure the gallery file in " + dir, e);
    } finally {
      deleteRecursively(dir);
    }
  }

  /** The search table as printed by {@link #main}. */
  public static String format(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%10s  %-13s  %8s  %8s  %9s  %9s  %9s  %10s  %8s%n",
            "templates",
            "engine",
            "p50 ms",
            "p99 ms",
            "recall@1",
            "strangers",
            "heap MB",
            "B/template",
            "build s"));
    for (Row r : rows) {
      out.append(
          String.format(
              Locale.ROOT,
              "%10d  %-13s  %8.2f  %8.2f  %9.3f  %9.3f  %9.1f  %10.0f  %8.1f%n",
              r.templates(),
              r.engine().name().toLowerCase(Locale.ROOT)
                  + (r.efSearch().isPresent() ? " ef=" + r.efSearch().getAsInt() : ""),
              r.p50Ms(),
              r.p99Ms(),
              r.recallAt1(),
              r.strangerAgreement(),
              r.heapBytes() / 1048576.0,
              r.bytesPerTemplate(),
              r.buildSeconds()));
    }
    return out.toString();
  }

  /** The SQLite table as printed by {@link #main}. */
  public static String format(StoreRow row) {
    return String.format(
        Locale.ROOT,
        "%10s  %12s  %12s  %8s%n%10d  %12.0f  %12.0f  %8.2f%n",
        "templates",
        "enroll/s",
        "file B/tpl",
        "open s",
        row.templates(),
        row.enrollPerSecond(),
        row.fileBytesPerTemplate(),
        row.openSeconds());
  }

  public static void main(String[] args) {
    Config config = parse(args);
    PrintStream progress = System.err;
    progress.printf(
        "GalleryBench: %d-d, %d template(s) per person, probe noise %.3f, %s, %d threads, seed %d,"
            + " max heap %d MB%n",
        config.dimensions(),
        config.templatesPerPerson(),
        config.probeNoise(),
        config.hnsw(),
        config.threads(),
        config.seed(),
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.println(kernelLine());
    List<Row> rows = run(config, progress);
    System.out.print(format(rows));
    if (config.sqliteTemplates() > 0) {
      System.out.println();
      System.out.print(format(runStore(config, progress)));
    }
  }

  private static Config parse(String[] args) {
    Config d = Config.defaults();
    List<Integer> sizes = d.sizes();
    int perPerson = d.templatesPerPerson();
    int queries = d.queries();
    int runs = d.runs();
    double noise = d.probeNoise();
    int m = d.hnsw().maxConn();
    int beam = d.hnsw().beamWidth();
    int ef = d.hnsw().efSearch();
    List<Integer> sweep = d.efSweep();
    int threads = d.threads();
    long seed = d.seed();
    int sqlite = d.sqliteTemplates();
    int dims = d.dimensions();
    boolean hnswRows = d.hnswRows();
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + name + " needs a value");
      }
      String value = args[++i];
      switch (name) {
        case "--sizes" ->
            sizes =
                Arrays.stream(value.split(",")).map(String::trim).map(Integer::valueOf).toList();
        case "--dims" -> dims = Integer.parseInt(value);
        case "--per-person" -> perPerson = Integer.parseInt(value);
        case "--queries" -> queries = Integer.parseInt(value);
        case "--runs" -> runs = Integer.parseInt(value);
        case "--noise" -> noise = Double.parseDouble(value);
        case "--m" -> m = Integer.parseInt(value);
        case "--beam" -> beam = Integer.parseInt(value);
        case "--ef" -> ef = Integer.parseInt(value);
        case "--ef-sweep" ->
            sweep =
                value.isBlank()
                    ? List.of()
                    : Arrays.stream(value.split(","))
                        .map(String::trim)
                        .map(Integer::valueOf)
                        .toList();
        case "--threads" -> threads = Integer.parseInt(value);
        case "--seed" -> seed = Long.parseLong(value);
        case "--sqlite" -> sqlite = Integer.parseInt(value);
        case "--hnsw" -> hnswRows = Boolean.parseBoolean(value);
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + name
                    + "; expected --sizes, --dims, --per-person, --queries, --runs, --noise, --m, "
                    + "--beam, --ef, --ef-sweep, --threads, --seed, --sqlite or --hnsw");
      }
    }
    return new Config(
        sizes,
        dims,
        perPerson,
        queries,
        runs,
        noise,
        new HnswParams(m, beam, ef),
        sweep,
        threads,
        seed,
        sqlite,
        hnswRows);
  }

  /** Which dot-product kernel the exact rows use, and why, e.g. for the head of the table. */
  public static String kernelLine() {
    return "scan kernel: " + ScanKernel.active();
  }

  /** Template {@code i}: a random unit vector, or a noisy copy of its person's face. */
  static float[] template(Config config, int i) {
    int dim = config.dimensions();
    if (config.templatesPerPerson() == 1) {
      return SyntheticVectors.randomUnit(new SplittableRandom(config.seed() * 1_000_003L + i), dim);
    }
    int person = i / config.templatesPerPerson();
    float[] face = SyntheticVectors.randomUnit(new SplittableRandom(config.seed() * 1_000_003L + person), dim);
    return SyntheticVectors.noisyCopy(new SplittableRandom(config.seed() * 7_000_003L + i), face, config.probeNoise());
  }

  static String person(Config config, int i) {
    return "p" + i / config.templatesPerPerson();
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static String human(int n) {
    return n % 1_000_000 == 0
        ? n / 1_000_000 + "M"
        : n % 1000 == 0 ? n / 1000 + "k" : Integer.toString(n);
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete temporary gallery " + dir, e);
    }
  }
}
