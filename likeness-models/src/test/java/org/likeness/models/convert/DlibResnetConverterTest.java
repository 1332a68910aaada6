package org.likeness.models.convert;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Proves the converted model against face-api itself: descriptors that tools/faceapi-parity
 * recorded with face-api 1.7.15 on tfjs's CPU backend, for LFW crops stored as lossless PNGs.
 */
@Tag("model")
class DlibResnetConverterTest {
  /** Largest allowed |ONNX - face-api| over every component of every descriptor. */
  private static final float MAX_ABS_DIFFERENCE = 1e-4f;

  private static final String WEIGHTS_DIR = "vladmandic-face-api-1.7.15";
  private static final String PARITY = "/parity/dlib/";
  private static final int SIZE = DlibResnetConverter.INPUT_SIZE;
  private static final int PIXELS = SIZE * SIZE * 3;

  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
  private static OrtSession session;
  private static List<String> images;
  private static float[][] faceApiDescriptors;

  @BeforeAll
  static void convertRealWeights() throws IOException, OrtException {
    Path weights = modelsRoot().resolve(WEIGHTS_DIR);
    Path manifest = weights.resolve("face_recognition_model-weights_manifest.json");
    Path bin = weights.resolve("face_recognition_model.bin");
    if (!Files.isRegularFile(manifest) || !Files.isRegularFile(bin)) {
      fail(
          "face-api 1.7.15 weights not found: expected "
              + manifest
              + " and "
              + bin
              + " (set LIKENESS_MODELS to the models directory)");
    }
    long start = System.nanoTime();
    byte[] model = DlibResnetConverter.convert(manifest, bin);
    System.out.printf(
        "DlibResnetConverter: %d-byte ONNX model in %d ms%n",
        model.length, (System.nanoTime() - start) / 1_000_000);
    session = ENV.createSession(model, new OrtSession.SessionOptions());

    JsonNode reference;
    try (InputStream in = resource("faceapi-descriptors.json")) {
      reference = new ObjectMapper().readTree(in);
    }
    images = new ArrayList<>();
    List<float[]> descriptors = new ArrayList<>();
    for (JsonNode entry : reference.get("descriptors")) {
      images.add(entry.get("image").asText());
      float[] descriptor = new float[entry.get("descriptor").size()];
      for (int i = 0; i < descriptor.length; i++) {
        descriptor[i] = (float) entry.get("descriptor").get(i).asDouble();
      }
      descriptors.add(descriptor);
    }
    faceApiDescriptors = descriptors.toArray(float[][]::new);
  }

  @AfterAll
  static void closeSession() throws OrtException {
    if (session != null) {
      session.close();
    }
  }

  @Test
  void batchOfAllCropsMatchesFaceApiDescriptorsWithinMaxAbsDifference() throws Exception {
    assertTrue(images.size() >= 3, "expected at least 3 parity crops, found " + images);
    float[] batch = new float[images.size() * PIXELS];
    for (int i = 0; i < images.size(); i++) {
      System.arraycopy(normalizedCrop(images.get(i)), 0, batch, i * PIXELS, PIXELS);
    }

    float[][] embeddings = embed(batch, images.size());

    float worst = 0;
    for (int i = 0; i < images.size(); i++) {
      assertEquals(128, embeddings[i].length, images.get(i));
      for (int d = 0; d < 128; d++) {
        float diff = Math.abs(embeddings[i][d] - faceApiDescriptors[i][d]);
        worst = Math.max(worst, diff);
        assertTrue(
            diff <= MAX_ABS_DIFFERENCE,
            images.get(i)
                + " component "
                + d
                + ": ONNX "
                + embeddings[i][d]
                + " vs face-api "
                + faceApiDescriptors[i][d]);
      }
    }
    System.out.printf(
        "DlibResnetConverter parity: max |ONNX - face-api| = %.3g over %d crops%n",
        worst, images.size());
  }

  @Test
  void singleCropRunGivesSameEmbeddingAsItsRowInTheBatch() throws Exception {
    float[] first = normalizedCrop(images.get(0));
    float[] second = normalizedCrop(images.get(1));
    float[] pair = Arrays.copyOf(first, 2 * PIXELS);
    System.arraycopy(second, 0, pair, PIXELS, PIXELS);

    float[][] together = embed(pair, 2);
    float[][] alone = embed(second, 1);

    for (int d = 0; d < 128; d++) {
      assertEquals(together[1][d], alone[0][d], 1e-5f, "component " + d);
    }
    float distance = 0;
    for (int d = 0; d < 128; d++) {
      distance += (together[0][d] - together[1][d]) * (together[0][d] - together[1][d]);
    }
    assertTrue(
        Math.sqrt(distance) > 0.1,
        images.get(0) + " and " + images.get(1) + " gave near-identical embeddings");
  }

  private static float[][] embed(float[] nhwc, int n) throws OrtException {
    try (OnnxTensor input =
            OnnxTensor.createTensor(ENV, FloatBuffer.wrap(nhwc), new long[] {n, SIZE, SIZE, 3});
        OrtSession.Result result = session.run(Map.of(DlibResnetConverter.INPUT_NAME, input))) {
      return (float[][]) result.get(DlibResnetConverter.OUTPUT_NAME).orElseThrow().getValue();
    }
  }

  /** The crop as face-api sees it: RGB, (pixel - mean) / 255 in float32, NHWC. */
  private static float[] normalizedCrop(String image) throws IOException {
    BufferedImage png;
    try (InputStream in = resource(image)) {
      png = ImageIO.read(in);
    }
    assertEquals(SIZE, png.getWidth(), image);
    assertEquals(SIZE, png.getHeight(), image);
    float[] mean = {
      DlibResnetConverter.MEAN_RED, DlibResnetConverter.MEAN_GREEN, DlibResnetConverter.MEAN_BLUE
    };
    float[] out = new float[PIXELS];
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        int rgb = png.getRGB(x, y);
        int at = (y * SIZE + x) * 3;
        out[at] = ((rgb >> 16 & 0xFF) - mean[0]) / DlibResnetConverter.PIXEL_SCALE;
        out[at + 1] = ((rgb >> 8 & 0xFF) - mean[1]) / DlibResnetConverter.PIXEL_SCALE;
        out[at + 2] = ((rgb & 0xFF) - mean[2]) / DlibResnetConverter.PIXEL_SCALE;
      }
    }
    return out;
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = DlibResnetConverterTest.class.getResourceAsStream(PARITY + name);
    if (in == null) {
      throw new IOException("test resource " + PARITY + name + " is missing");
    }
    return in;
  }

  private static Path modelsRoot() {
    return org.likeness.models.ModelStore.locate(java.util.Optional.empty()).dir();
  }
}
