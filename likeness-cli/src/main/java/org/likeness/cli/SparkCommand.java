package org.likeness.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.likeness.error.BadInputException;
import org.likeness.gallery.PersonGallery;
import org.likeness.gallery.spi.GalleryLayout;
import org.likeness.models.ModelSpec;
import org.likeness.spark.BatchEnrollment;
import org.likeness.spark.FaceRows;
import org.likeness.spark.GalleryBulkLoad;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code likeness spark ...}: batch jobs on Spark. */
@Command(name = "spark", description = "Batch jobs on Spark.", subcommands = {SparkCommand.Enroll.class})
final class SparkCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code likeness spark enroll}: embed a {@code <name>/<photo>} folder tree on Spark into Parquet
   * (one row per photo, failures with an error), then optionally load it into a gallery.
   */
  @Command(name = "enroll", description = "Embed ROOT/<name>/<photo> on Spark into Parquet, then load it into a gallery.")
  static final class Enroll implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin ModelOptions models;

    @Option(names = "--from-folder", paramLabel = "ROOT", required = true, description = "Photos as ROOT/<name>/<image>.")
    Path folder;

    @Option(names = "--out", paramLabel = "PARQUET", required = true, description = "Parquet directory to write (must not exist).")
    Path out;

    @Option(names = "--gallery", paramLabel = "DIR|solr://ZK/COLLECTION", description = "Load the embedded faces into this gallery (created if missing).")
    String gallery;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: ${DEFAULT-VALUE}).")
    String master = "local[*]";

    @Option(names = "--partitions", paramLabel = "N", description = "Parallel tasks (default: 4 per core).")
    Integer partitions;

    @Option(names = "--shards", paramLabel = "N", description = "Shards of a new SolrCloud gallery (default: ${DEFAULT-VALUE}).")
    int shards = 1;

    @Option(names = "--replicas", paramLabel = "N", description = "Replicas of a new SolrCloud gallery (default: ${DEFAULT-VALUE}).")
    int replicas = 1;

    @Override
    public Integer call() {
      if (Files.exists(out)) {
        throw new BadInputException("--out " + out + " exists already; choose a new Parquet directory");
      }
      GalleryLayout layout = new GalleryLayout(shards, replicas);
      if (gallery != null) {
        GalleryOption.checkLocation(gallery); // now, not after a batch job that may run for hours
      }
      ModelSpec model = models.spec();
      BatchEnrollment job = new BatchEnrollment(model.name(),
          Optional.ofNullable(models.modelsDir).map(Path::toString), models.face);
      var o = spec.commandLine().getOut();
      SparkSession spark = SparkSession.builder().master(master).appName("likeness spark enroll")
          .config("spark.ui.enabled", "false").getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
      try {
        Dataset<Row> input = BatchEnrollment.folderTree(spark, folder);
        long images = input.count();
        if (images == 0) {
          throw new BadInputException("no images to enroll under " + folder);
        }
        int tasks = partitions != null ? partitions : 4 * Runtime.getRuntime().availableProcessors();
        long start = System.nanoTime();
        job.run(spark, input, tasks, out);
        double seconds = (System.nanoTime() - start) / 1e9;
        Dataset<Row> rows = spark.read().parquet(out.toString());
        long failed = rows.filter(functions.col(FaceRows.ERROR).isNotNull()).count();
        o.printf(Locale.ROOT, "%d images in %.1f s (%.1f images/s): %d embedded, %d failed; wrote %s%n",
            images, seconds, images / seconds, images - failed, failed, out);
        if (gallery != null) {
          try (PersonGallery g = GalleryOption.openOrCreate(gallery, model, layout)) {
            GalleryBulkLoad.Result r = GalleryBulkLoad.load(spark, out.toString(), g, 500);
            o.printf(Locale.ROOT, "gallery %s: %d enrolled, %d already enrolled; now %d people, %d templates (%s)%n",
                gallery, r.enrolled(), r.alreadyEnrolled(), g.personCount(), g.size(), model.name());
          }
        }
      } finally {
        spark.stop();
      }
      return 0;
    }
  }
}
