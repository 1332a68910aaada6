package org.likeness.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.detect.FaceSelection;
import org.likeness.embed.Embedding;
import org.likeness.engine.Likeness;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.GalleryOptions;
import org.likeness.gallery.GallerySpec;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;

/**
 * Batch enrollment in Spark {@code local[2]} on a small LFW subset: every photo becomes a row,
 * broken ones with an error, the models load once per task slot, and the Parquet loads into a
 * gallery that then recognises held-out photos of the same people.
 */
@Tag("model")
class BatchEnrollmentTest {
  static final ModelSpec MODEL = ModelCatalog.MOBILEFACENET_192;
  static final List<String> PEOPLE =
      List.of("Colin_Powell", "Donald_Rumsfeld", "George_W_Bush", "Gerhard_Schroeder", "Hugo_Chavez",
          "Jean_Chretien", "John_Ashcroft", "Junichiro_Koizumi", "Serena_Williams", "Tony_Blair");
  static final int PHOTOS = 6;

  @TempDir static Path tmp;
  static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = SparkSession.builder().master("local[2]").appName("likeness-batch-enrollment-test")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  static Path lfw(String person) {
    return Path.of(System.getProperty("likeness.lfw", "../../shared/data/lfw"), "images_deepfunneled", person);
  }

  /** The first {@code PHOTOS} photos of each person linked into a folder tree, plus one broken file. */
  static Path photoTree() throws IOException {
    Path root = tmp.resolve("photos");
    for (String p : PEOPLE) {
      Path dir = Files.createDirectories(root.resolve(p));
      try (Stream<Path> files = Files.list(lfw(p))) {
        for (Path f : files.sorted().limit(PHOTOS).toList()) {
          Files.createSymbolicLink(dir.resolve(f.getFileName()), f.toAbsolutePath());
        }
      }
    }
    Files.writeString(Files.createDirectories(root.resolve("Broken_Camera")).resolve("shot.jpg"), "not a photo\n");
    return root;
  }

  @Test
  void embedsEveryPhotoToParquetAndLoadsTheGoodOnesIntoAGallery() throws IOException {
    Path root = photoTree();
    Path parquet = tmp.resolve("faces.parquet");
    BatchEnrollment job = new BatchEnrollment(MODEL.name(), Optional.empty(), FaceSelection.LARGEST);
    Dataset<Row> input = BatchEnrollment.folderTree(spark, root);
    int inputs = (int) input.count();
    assertEquals(PEOPLE.size() * PHOTOS + 1, inputs);

    long t0 = System.nanoTime();
    job.run(spark, input, 4, parquet);
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "Spark local[2]: %d photos embedded with %s in %.1f s = %.1f rows/s, %.1f rows/s per core;"
        + " model pipelines loaded: %d%n", inputs, MODEL.id(), seconds, inputs / seconds, inputs / seconds / 2,
        ModelPool.loads());

    t0 = System.nanoTime();
    job.run(spark, input, 4, tmp.resolve("again.parquet"));
    double warm = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "again with the models loaded: %.1f s = %.1f rows/s, %.1f rows/s per core;"
        + " model pipelines loaded: %d%n", warm, inputs / warm, inputs / warm / 2, ModelPool.loads());

    Dataset<Row> rows = spark.read().parquet(parquet.toString());
    assertEquals(FaceRows.COLUMNS, List.of(rows.columns()));
    assertEquals(inputs, rows.count(), "one row per photo");
    Row broken = rows.filter(functions.col(FaceRows.PERSON).equalTo("Broken_Camera")).first();
    assertNotNull(broken.getAs(FaceRows.ERROR));
    assertTrue(broken.<String>getAs(FaceRows.ERROR).contains("shot.jpg"), broken.<String>getAs(FaceRows.ERROR));
    assertNull(broken.getAs(FaceRows.EMBEDDING));
    List<Row> good = rows.filter(functions.col(FaceRows.ERROR).isNull()).collectAsList();
    for (Row r : good) {
      assertEquals(MODEL.dimensions(), r.getList(r.fieldIndex(FaceRows.EMBEDDING)).size());
      assertEquals(MODEL.id().sha256(), r.getAs(FaceRows.MODEL_SHA256));
      assertEquals(64, r.<String>getAs(FaceRows.IMAGE_SHA256).length());
    }
    int failed = inputs - good.size();
    assertTrue(good.size() >= PEOPLE.size() * PHOTOS - 6, good.size() + " good rows of " + inputs);
    assertTrue(ModelPool.loads() <= 2, "pipelines loaded: " + ModelPool.loads() + " for 2 task slots and " + inputs + " rows");

    GallerySpec spec = new GallerySpec("spark", MODEL.id(), MODEL.dimensions(), MODEL.metric());
    try (Gallery g = Gallery.create(tmp.resolve("gallery"), spec, GalleryOptions.defaults())) {
      GalleryBulkLoad.Result first = GalleryBulkLoad.load(spark, parquet.toString(), g, 16);
      assertEquals(new GalleryBulkLoad.Result(good.size(), 0, failed), first);
      GalleryBulkLoad.Result again = GalleryBulkLoad.load(spark, parquet.toString(), g, 16);
      assertEquals(new GalleryBulkLoad.Result(0, good.size(), failed), again);
      assertEquals(good.size(), g.size());

      int right = 0;
      try (Likeness face = Likeness.open(MODEL)) {
        for (String p : PEOPLE) {
          try (Stream<Path> files = Files.list(lfw(p))) {
            Path heldOut = files.sorted().skip(PHOTOS).findFirst().orElseThrow();
            Embedding probe = face.encode(heldOut).embedding().orElseThrow();
            right += g.search(probe, 1).get(0).identity().equals(p) ? 1 : 0;
          }
        }
      }
      System.out.printf(Locale.ROOT, "held-out photos identified: %d of %d%n", right, PEOPLE.size());
      assertTrue(right >= PEOPLE.size() - 1, right + " of " + PEOPLE.size());
    }
  }
}
