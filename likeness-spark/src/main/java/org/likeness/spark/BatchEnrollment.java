package org.likeness.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.likeness.detect.Box;
import org.likeness.detect.DetectedFace;
import org.likeness.detect.FaceSelection;
import org.likeness.embed.Embedding;
import org.likeness.engine.Likeness;
import org.likeness.error.BadInputException;
import org.likeness.gallery.PersonNames;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;
import org.likeness.models.Sha256;
import org.likeness.pipeline.FaceEncoding;

/**
 * Embeds photos on Spark and writes one Parquet row per photo ({@link FaceRows#OUTPUT}). A photo
 * that cannot be read, shows no face or several faces, or breaks the pipeline becomes a row with
 * {@code error} set; it never fails the job.
 *
 * <pre>{@code
 * BatchEnrollment job = new BatchEnrollment("mobilefacenet-192", Optional.empty(), FaceSelection.LARGEST);
 * job.embed(spark, BatchEnrollment.folderTree(spark, Path.of("photos")), 8).write().parquet("faces.parquet");
 * }</pre>
 *
 * @param model the catalog name of the embedder, resolved on each executor
 * @param modelsDir where the models are installed on the executors, or the default
 * @param selection which face to use when a photo holds several
 */
public record BatchEnrollment(String model, Optional<String> modelsDir, FaceSelection selection) {
  public BatchEnrollment {
    ModelSpec spec = ModelCatalog.embedder(model);
    if (!spec.unitLength()) {
      throw new BadInputException("batch enrollment needs a neural model; " + model + " is the naive baseline");
    }
    if (modelsDir == null || selection == null) {
      throw new IllegalArgumentException("batch enrollment needs a models directory option and a face selection");
    }
  }

  /**
   * Every {@code root/<person>/<photo>} as an input row, names checked by {@link PersonNames}
   * first so that a bad folder name fails before any executor starts.
   */
  public static Dataset<Row> folderTree(SparkSession spark, Path root) {
    if (!Files.isDirectory(root)) {
      throw new BadInputException("photo folder " + root + " is not a directory");
    }
    List<Row> rows = new ArrayList<>();
    try (Stream<Path> people = Files.list(root)) {
      for (Path dir : people.filter(Files::isDirectory).sorted().toList()) {
        String person = PersonNames.requireValid(dir.getFileName().toString());
        try (Stream<Path> files = Files.list(dir)) {
          for (Path f :
              files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList()) {
            rows.add(RowFactory.create(person, f.toAbsolutePath().toString()));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list photos under " + root, e);
    }
    return spark.createDataFrame(rows, FaceRows.INPUT);
  }

  /** Embeds every input row ({@link FaceRows#INPUT}) in {@code partitions} parallel tasks. */
  public Dataset<Row> embed(Dataset<Row> input, int partitions) {
    return input
        .repartition(partitions)
        .mapPartitions(
            new PartitionEmbedder(model, modelsDir.orElse(null), selection), Encoders.row(FaceRows.OUTPUT));
  }

  /** Embeds {@code input} and writes it to {@code parquet}, refusing to overwrite. */
  public void run(SparkSession spark, Dataset<Row> input, int partitions, Path parquet) {
    run(spark, input, partitions, parquet.toString());
  }

  /** Embeds {@code input} and writes it to {@code parquet}, a path or a Hadoop URI, refusing to overwrite. */
  public void run(SparkSession spark, Dataset<Row> input, int partitions, String parquet) {
    embed(input, partitions).write().mode(SaveMode.ErrorIfExists).parquet(parquet);
  }

  /**
   * What is shipped to the executors: plain serializable fields (the models directory is null for
   * the executor's default), with the models themselves taken from the executor's {@link ModelPool}.
   */
  private static final class PartitionEmbedder implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final String model;
    private final String modelsDirOrNull;
    private final FaceSelection selection;

    PartitionEmbedder(String model, String modelsDirOrNull, FaceSelection selection) {
      this.model = model;
      this.modelsDirOrNull = modelsDirOrNull;
      this.selection = selection;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      ModelPool.Key key = new ModelPool.Key(model, Optional.ofNullable(modelsDirOrNull), selection);
      Likeness face = ModelPool.borrow(key);
      try {
        List<Row> out = new ArrayList<>();
        while (rows.hasNext()) {
          Row in = rows.next();
          out.add(embedOne(face, in.getString(0), in.getString(1)));
        }
        return out.iterator();
      } finally {
        ModelPool.giveBack(key, face);
      }
    }
  }

  private static Row embedOne(Likeness face, String person, String path) {
    String modelName = face.model().id().name();
    String modelSha = face.model().id().sha256();
    String sha = null;
    try {
      byte[] bytes = Files.readAllBytes(Path.of(path));
      sha = Sha256.of(bytes);
      FaceEncoding enc = face.encode(face.decode(bytes, path));
      if (!enc.hasFace()) {
        return failed(person, path, sha, modelName, modelSha, "no face found");
      }
      if (enc.facesFound() > 1) {
        return failed(person, path, sha, modelName, modelSha,
            enc.facesFound() + " faces; enroll a photo of " + person + " alone");
      }
      DetectedFace f = enc.face().orElseThrow(() -> new IllegalStateException("face found but not returned"));
      Embedding e = enc.embedding().orElseThrow(() -> new IllegalStateException("face found but not embedded"));
      Box b = f.box();
      return RowFactory.create(person, path, sha, new float[] {b.x1(), b.y1(), b.x2(), b.y2()}, f.score(),
          e.vector(), modelName, modelSha, null);
    } catch (IOException e) {
      return failed(person, path, sha, modelName, modelSha, "cannot be read: " + e.getMessage());
    } catch (RuntimeException e) {
      // One bad photo must not kill a job of millions; the row says what went wrong.
      return failed(person, path, sha, modelName, modelSha, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private static Row failed(String person, String path, String sha, String model, String modelSha, String error) {
    return RowFactory.create(person, path, sha, null, null, null, model, modelSha, error);
  }
}
