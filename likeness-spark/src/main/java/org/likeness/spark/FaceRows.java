package org.likeness.spark;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet layout of batch enrollment: one row per input photo. A photo that could not be
 * enrolled keeps its row, with {@code error} saying why and the face columns null.
 */
public final class FaceRows {
  public static final String PERSON = "person";
  public static final String PATH = "path";
  public static final String IMAGE_SHA256 = "image_sha256";
  /** Face box corners {@code [x1, y1, x2, y2]} in pixels. */
  public static final String BOX = "box";
  public static final String SCORE = "score";
  public static final String EMBEDDING = "embedding";
  public static final String MODEL = "model";
  public static final String MODEL_SHA256 = "model_sha256";
  public static final String ERROR = "error";

  /** The input: whose photo is where. */
  public static final StructType INPUT =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(PERSON, DataTypes.StringType, false),
            DataTypes.createStructField(PATH, DataTypes.StringType, false)
          });

  /** The output written to Parquet. */
  public static final StructType OUTPUT =
      new StructType(
          new StructField[] {
            DataTypes.createStructField(PERSON, DataTypes.StringType, false),
            DataTypes.createStructField(PATH, DataTypes.StringType, false),
            DataTypes.createStructField(IMAGE_SHA256, DataTypes.StringType, true),
            DataTypes.createStructField(BOX, DataTypes.createArrayType(DataTypes.FloatType, false), true),
            DataTypes.createStructField(SCORE, DataTypes.FloatType, true),
            DataTypes.createStructField(EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), true),
            DataTypes.createStructField(MODEL, DataTypes.StringType, false),
            DataTypes.createStructField(MODEL_SHA256, DataTypes.StringType, false),
            DataTypes.createStructField(ERROR, DataTypes.StringType, true)
          });

  /** Column names of {@link #OUTPUT}, in order. */
  public static final List<String> COLUMNS = List.of(OUTPUT.fieldNames());

  private FaceRows() {}
}
