package org.likeness.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.likeness.detect.FaceSelection;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;

/**
 * Benchmark, not a test: Spark enrollment throughput in local mode with 1 and then 2 cores, on the
 * same LFW photos, printed as a table. For each core count one warm-up job loads the model
 * pipelines (reported apart), then {@code RUNS} timed jobs run with the models loaded; the table
 * gives their median. Run with the test classpath and Spark's --add-opens:
 *
 * <pre>java ... org.likeness.spark.EnrollmentThroughputBench [LFW_DIR] [PHOTOS] [RUNS]</pre>
 */
public final class EnrollmentThroughputBench {
  static final ModelSpec MODEL = ModelCatalog.MOBILEFACENET_192;
  static final int PARTITIONS_PER_CORE = 4;

  private EnrollmentThroughputBench() {}

  public static void main(String[] args) throws IOException {
    Path lfw = Path.of(args.length > 0 ? args[0] : "../shared/data/lfw", "images_deepfunneled");
    int photos = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path work = Files.createTempDirectory("likeness-spark-bench");
    Path root = photoTree(lfw, work.resolve("photos"), photos);
    System.out.printf(Locale.ROOT, "%d LFW photos (first 3 of every person with >= 3, sorted), %s, flip on, %d runs%n",
        photos, MODEL.id(), runs);
    System.out.println("| master | warm-up job incl. model loading (photos/s) | timed jobs (photos/s) | median photos/s | per core |");
    System.out.println("|---|---|---|---|---|");
    for (int cores : new int[] {1, 2}) {
      SparkSession spark = SparkSession.builder().master("local[" + cores + "]").appName("likeness-enroll-bench")
          .config("spark.ui.enabled", "false").getOrCreate();
      try {
        Dataset<Row> input = BatchEnrollment.folderTree(spark, root).cache();
        if (input.count() != photos) {
          throw new IllegalStateException("expected " + photos + " photos under " + root + ", found " + input.count());
        }
        BatchEnrollment job = new BatchEnrollment(MODEL.name(), Optional.empty(), FaceSelection.LARGEST);
        int partitions = PARTITIONS_PER_CORE * cores;
        double warmUp = photos / seconds(() -> job.run(spark, input, partitions, work.resolve("warm-" + cores)));
        double[] rates = new double[runs];
        for (int r = 0; r < runs; r++) {
          Path out = work.resolve("run-" + cores + "-" + r);
          rates[r] = photos / seconds(() -> job.run(spark, input, partitions, out));
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        double median = sorted[runs / 2];
        List<String> each = new ArrayList<>();
        for (double r : rates) {
          each.add(String.format(Locale.ROOT, "%.1f", r));
        }
        System.out.printf(Locale.ROOT, "| local[%d] | %.1f | %s | %.1f | %.1f |%n", cores, warmUp, String.join(", ", each),
            median, median / cores);
      } finally {
        spark.stop();
      }
    }
    System.out.println("model pipelines loaded: " + ModelPool.loads());
    try (Stream<Path> files = Files.walk(work)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static double seconds(Runnable job) {
    long t0 = System.nanoTime();
    job.run();
    return (System.nanoTime() - t0) / 1e9;
  }

  /** Links the first three photos of each LFW person with at least three, in name order, until {@code photos}. */
  static Path photoTree(Path lfw, Path root, int photos) throws IOException {
    int linked = 0;
    try (Stream<Path> dirs = Files.list(lfw)) {
      for (Path d : dirs.sorted().toList()) {
        List<Path> files;
        try (Stream<Path> s = Files.list(d)) {
          files = s.sorted().toList();
        }
        if (files.size() < 3) {
          continue;
        }
        Path to = Files.createDirectories(root.resolve(d.getFileName().toString()));
        for (Path f : files.subList(0, Math.min(3, photos - linked))) {
          Files.createSymbolicLink(to.resolve(f.getFileName()), f.toAbsolutePath());
          linked++;
        }
        if (linked == photos) {
          return root;
        }
      }
    }
    throw new IllegalStateException("only " + linked + " photos of people with >= 3 under " + lfw + ", wanted " + photos);
  }
}
