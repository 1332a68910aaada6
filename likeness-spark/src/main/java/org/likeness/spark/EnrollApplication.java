package org.likeness.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.likeness.detect.FaceSelection;
import org.likeness.error.BadInputException;
import org.likeness.error.ModelMissingException;
import org.likeness.gallery.GalleryInUseException;
import org.likeness.gallery.PersonGallery;
import org.likeness.gallery.spi.GalleryLayout;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Batch enrollment as a Spark application, started the way Spark jobs are started:
 *
 * <pre>{@code
 * spark-submit --class org.likeness.spark.EnrollApplication likeness-spark.jar \
 *     --from-folder ROOT --out faces.parquet [--gallery DIR|solr://zk:2181/collection]
 * }</pre>
 *
 * It embeds every {@code ROOT/<person>/<photo>} on the executors into Parquet ({@link FaceRows},
 * one row per photo, failures with an error), then loads the rows into a gallery from the driver.
 * The master is spark-submit's; when none was given ({@code spark.master} unset, as in a plain
 * {@code java} run) it is {@value #DEFAULT_MASTER}. This class is the one place that maps errors
 * to exit codes, the same codes as the {@code likeness} command.
 */
@Command(
    name = "likeness-spark.jar",
    description = {
      "Embed ROOT/<person>/<photo> on Spark into Parquet, then load it into a gallery.",
      "Start it with: spark-submit [--master URL] --class org.likeness.spark.EnrollApplication likeness-spark.jar OPTIONS",
      "Without a master from spark-submit it runs in " + EnrollApplication.DEFAULT_MASTER + "."
    },
    sortOptions = false)
public final class EnrollApplication implements Callable<Integer> {
  /** Done. */
  public static final int OK = 0;
  /** An internal fault: a bug, or the machine or cluster failing us. */
  public static final int INTERNAL = 1;
  /** Bad usage or bad input, including models missing: the user can fix it. */
  public static final int BAD_INPUT = 2;

  /** The master when spark-submit named none. */
  public static final String DEFAULT_MASTER = "local[*]";
  /** Default tasks per core of the cluster, so that a slow partition does not hold up the job's end. */
  static final int PARTITIONS_PER_CORE = 4;
  /** Templates per gallery write in the bulk load. */
  static final int LOAD_BATCH = 500;

  private static final String NAME = "likeness-spark";

  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Option(names = "--from-folder", paramLabel = "ROOT", required = true,
      description = "Photos as ROOT/<person>/<image>, readable at this path by the driver and every executor.")
  Path folder;

  @Option(names = "--out", paramLabel = "PARQUET", required = true,
      description = "Parquet directory to write, a local path or a Hadoop URI such as hdfs://...; must not exist.")
  String out;

  @Option(names = "--gallery", paramLabel = "DIR|solr://ZK/COLLECTION",
      description = "Load the embedded faces into this gallery (created if missing); a directory is written by the driver.")
  String gallery;

  @Option(names = "--partitions", paramLabel = "N",
      description = "Parallel tasks (default: " + PARTITIONS_PER_CORE + " per core of the cluster).")
  Integer partitions;

  @Option(names = "--shards", paramLabel = "N", description = "Shards of a new SolrCloud gallery (default: ${DEFAULT-VALUE}).")
  int shards = 1;

  @Option(names = "--replicas", paramLabel = "N", description = "Replicas of a new SolrCloud gallery (default: ${DEFAULT-VALUE}).")
  int replicas = 1;

  @Option(names = "--model", paramLabel = "NAME",
      description = "Embedder: mobilefacenet-192 (the default; with an existing gallery directory, the gallery's model), mobilefacenet-192-int8, faceplugin-512, dlib-resnet-128 or fused.")
  String model;

  @Option(names = "--models-dir", paramLabel = "DIR",
      description = "Where the models are installed on every executor (default: $" + ModelStore.ENV
          + " in the executor's environment, else ~/.likeness/models of the executor's user).")
  String modelsDir;

  @Option(names = "--face", paramLabel = "RULE",
      description = "Which face to use when a photo holds several: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  FaceSelection face = FaceSelection.LARGEST;

  /**
   * Runs the application. A failure exits the JVM with its code; success returns, so that Spark
   * (in cluster mode, the application master) reports the application's final status itself.
   */
  public static void main(String[] args) {
    int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    if (code != OK) {
      System.exit(code);
    }
  }

  /** Parses {@code args}, runs the job and returns its exit code; used by main and by tests. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new EnrollApplication());
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          err.println(NAME + ": " + ex.getMessage());
          err.println("Try '--help'.");
          return BAD_INPUT;
        });
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          Optional<Throwable> fixable = userFixable(ex);
          if (fixable.isPresent()) {
            err.println(NAME + ": " + fixable.get().getMessage());
            return BAD_INPUT;
          }
          err.println(NAME + ": internal error: " + ex);
          ex.printStackTrace(err);
          return INTERNAL;
        });
    return cl.execute(args);
  }

  /**
   * The embedder to run: the one named by {@code --model}, else the model of the gallery directory
   * the rows go into (so that a gallery enrolled with an earlier default is not embedded for with
   * another model and then refused at the load), else {@link ModelCatalog#DEFAULT_EMBEDDER}.
   */
  static String modelName(String named, Optional<GalleryTarget> target) {
    if (named != null) {
      return named;
    }
    return target.flatMap(GalleryTarget::existingModel).orElse(ModelCatalog.DEFAULT_EMBEDDER.name());
  }

  /**
   * The cause the user can fix, if any: bad input, a missing model or a gallery in use, thrown here
   * or on an executor and handed back by Spark as the cause of a failed job.
   */
  static Optional<Throwable> userFixable(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof BadInputException || t instanceof ModelMissingException || t instanceof GalleryInUseException) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  @Override
  public Integer call() {
    // Everything that can be checked without Spark is checked before Spark starts.
    Optional<GalleryTarget> target = Optional.ofNullable(gallery).map(GalleryTarget::new);
    String chosen = modelName(model, target);
    ModelSpec modelSpec = ModelCatalog.embedder(chosen);
    BatchEnrollment job = new BatchEnrollment(chosen, Optional.ofNullable(modelsDir), face);
    GalleryLayout layout = new GalleryLayout(shards, replicas);
    if (partitions != null && partitions < 1) {
      throw new BadInputException("--partitions must be at least 1, got " + partitions);
    }
    if (!Files.isDirectory(folder)) {
      throw new BadInputException("--from-folder " + folder + " is not a directory");
    }
    PrintWriter o = spec.commandLine().getOut();
    SparkSession spark = session();
    try {
      requireNew(spark, out);
      Dataset<Row> input = BatchEnrollment.folderTree(spark, folder);
      long images = input.count();
      if (images == 0) {
        throw new BadInputException("no images to enroll under " + folder);
      }
      int tasks = partitions != null ? partitions : PARTITIONS_PER_CORE * spark.sparkContext().defaultParallelism();
      o.printf(Locale.ROOT, "master %s: %d images in %d partitions, model %s%n",
          spark.sparkContext().master(), images, tasks, chosen);
      long start = System.nanoTime();
      job.run(spark, input, tasks, out);
      double seconds = (System.nanoTime() - start) / 1e9;
      Dataset<Row> rows = spark.read().parquet(out);
      long failed = rows.filter(functions.col(FaceRows.ERROR).isNotNull()).count();
      o.printf(Locale.ROOT, "%d images in %.1f s (%.1f images/s): %d embedded, %d failed; wrote %s%n",
          images, seconds, images / seconds, images - failed, failed, out);
      if (target.isPresent()) {
        try (PersonGallery g = target.get().openOrCreate(modelSpec, layout)) {
          GalleryBulkLoad.Result r = GalleryBulkLoad.load(spark, out, g, LOAD_BATCH);
          o.printf(Locale.ROOT, "gallery %s: %d enrolled, %d already enrolled; now %d people, %d templates (%s)%n",
              gallery, r.enrolled(), r.alreadyEnrolled(), g.personCount(), g.size(), chosen);
        }
      }
    } finally {
      spark.stop();
    }
    return OK;
  }

  /**
   * The session spark-submit configured (its {@code --master}, {@code --conf} and {@code --name}
   * arrive as {@code spark.*} system properties), with {@value #DEFAULT_MASTER} when no master was
   * named.
   */
  static SparkSession session() {
    SparkConf conf = new SparkConf();
    if (!conf.contains("spark.master")) {
      conf.setMaster(DEFAULT_MASTER);
    }
    if (!conf.contains("spark.app.name")) {
      conf.setAppName("likeness enroll");
    }
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }

  /** Refuses an {@code --out} that exists, on whichever file system its URI names. */
  static void requireNew(SparkSession spark, String out) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(out);
    try {
      if (p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p)) {
        throw new BadInputException("--out " + out + " exists already; choose a new Parquet directory");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check whether --out " + out + " exists", e);
    }
  }
}
