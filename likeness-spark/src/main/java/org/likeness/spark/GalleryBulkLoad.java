package org.likeness.spark;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.likeness.detect.Box;
import org.likeness.embed.Embedding;
import org.likeness.embed.ModelId;
import org.likeness.gallery.EnrollOutcome;
import org.likeness.gallery.Enrollment;
import org.likeness.gallery.PersonGallery;
import org.likeness.gallery.Template;

/**
 * Loads the rows of a {@link BatchEnrollment} Parquet file into a gallery, embedded or SolrCloud,
 * in batches through the driver. Rows with an error are counted and skipped; a row from another
 * model is refused by the gallery, naming both models.
 */
public final class GalleryBulkLoad {
  /** What a load did. */
  public record Result(int enrolled, int alreadyEnrolled, int failedRows) {}

  private GalleryBulkLoad() {}

  public static Result load(SparkSession spark, String parquet, PersonGallery gallery, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    Dataset<Row> rows = spark.read().parquet(parquet);
    int failed = (int) rows.filter(functions.col(FaceRows.ERROR).isNotNull()).count();
    Iterator<Row> good =
        rows.filter(functions.col(FaceRows.ERROR).isNull()).select(
                FaceRows.PERSON, FaceRows.IMAGE_SHA256, FaceRows.BOX, FaceRows.SCORE, FaceRows.EMBEDDING,
                FaceRows.MODEL, FaceRows.MODEL_SHA256)
            .toLocalIterator();
    int enrolled = 0;
    int already = 0;
    Instant now = Instant.now();
    List<Enrollment> batch = new ArrayList<>(batchSize);
    while (good.hasNext() || !batch.isEmpty()) {
      if (good.hasNext()) {
        batch.add(enrollment(good.next(), now));
      }
      if (batch.size() == batchSize || (!good.hasNext() && !batch.isEmpty())) {
        for (EnrollOutcome o : gallery.enrollAll(batch)) {
          if (o.added()) {
            enrolled++;
          } else {
            already++;
          }
        }
        batch.clear();
      }
    }
    return new Result(enrolled, already, failed);
  }

  private static Enrollment enrollment(Row r, Instant now) {
    List<Float> box = r.getList(2);
    List<Float> vector = r.getList(4);
    float[] v = new float[vector.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = vector.get(i);
    }
    return new Enrollment(
        r.getString(0),
        new Template(
            new Embedding(v, new ModelId(r.getString(5), r.getString(6))),
            r.getString(1),
            new Box(box.get(0), box.get(1), box.get(2), box.get(3)),
            r.getFloat(3),
            now));
  }
}
