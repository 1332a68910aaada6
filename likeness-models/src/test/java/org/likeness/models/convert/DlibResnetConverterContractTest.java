package org.likeness.models.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.error.BadInputException;

/** Checks the converter's graph contract and validation on random weights, without real ones. */
class DlibResnetConverterContractTest {
  private static final long SEED = 20240611L;
  private static final int PIXELS = 150 * 150 * 3;

  @TempDir Path dir;

  private Path bin() {
    return dir.resolve(TfjsManifestFixture.BIN);
  }

  @Test
  void modelTakesNormalizedNhwcBatchAndGives128DimensionalEmbeddings()
      throws IOException, OrtException {
    Path manifest =
        TfjsManifestFixture.random(DlibResnetConverter.expectedShapes(), SEED).writeTo(dir);
    byte[] model = DlibResnetConverter.convert(manifest, bin());

    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions())) {
      assertEquals(List.of("input"), List.copyOf(session.getInputNames()));
      assertEquals(List.of("embedding"), List.copyOf(session.getOutputNames()));
      TensorInfo input = (TensorInfo) session.getInputInfo().get("input").getInfo();
      TensorInfo output = (TensorInfo) session.getOutputInfo().get("embedding").getInfo();
      assertArrayEquals(new long[] {-1, 150, 150, 3}, input.getShape());
      assertArrayEquals(new long[] {-1, 128}, output.getShape());

      Random random = new Random(SEED);
      float[] batch = new float[3 * PIXELS];
      for (int i = 0; i < batch.length; i++) {
        batch[i] = (random.nextInt(256) - 120f) / 255f;
      }
      try (OnnxTensor x =
              OnnxTensor.createTensor(env, FloatBuffer.wrap(batch), new long[] {3, 150, 150, 3});
          OrtSession.Result result = session.run(Map.of("input", x))) {
        float[][] embeddings = (float[][]) result.get(0).getValue();
        assertEquals(3, embeddings.length);
        for (float[] embedding : embeddings) {
          assertEquals(128, embedding.length);
          for (float v : embedding) {
            assertTrue(Float.isFinite(v), "seed " + SEED + " gave non-finite output " + v);
          }
        }
      }
    }
  }

  @Test
  void sameWeightsGiveIdenticalModelBytes() throws IOException {
    Path manifest =
        TfjsManifestFixture.random(DlibResnetConverter.expectedShapes(), SEED).writeTo(dir);
    assertArrayEquals(
        DlibResnetConverter.convert(manifest, bin()), DlibResnetConverter.convert(manifest, bin()));
  }

  @Test
  void convertToFileLeavesOnlyTheFinishedModel() throws IOException {
    Path manifest =
        TfjsManifestFixture.random(DlibResnetConverter.expectedShapes(), SEED).writeTo(dir);
    Path onnx = dir.resolve("out/dlib.onnx");
    Files.createDirectories(onnx.getParent());
    Files.write(onnx, new byte[] {1, 2, 3}); // a stale file is replaced

    DlibResnetConverter.convertToFile(manifest, bin(), onnx);

    assertArrayEquals(DlibResnetConverter.convert(manifest, bin()), Files.readAllBytes(onnx));
    try (Stream<Path> files = Files.list(onnx.getParent())) {
      assertEquals(List.of(onnx), files.toList());
    }
  }

  @Test
  void missingTensorIsNamedWithItsExpectedShape() throws IOException {
    Map<String, int[]> shapes = new LinkedHashMap<>(DlibResnetConverter.expectedShapes());
    shapes.remove("conv128_1/conv2/scale/biases");
    Path manifest = TfjsManifestFixture.random(shapes, SEED).writeTo(dir);

    BadInputException e =
        assertThrows(BadInputException.class, () -> DlibResnetConverter.convert(manifest, bin()));

    assertTrue(
        e.getMessage().contains("tensor 'conv128_1/conv2/scale/biases' [128] is missing"),
        e.getMessage());
    assertTrue(e.getMessage().contains(manifest.toString()), e.getMessage());
  }

  @Test
  void tensorWithWrongShapeIsNamedWithBothShapes() throws IOException {
    Map<String, int[]> shapes = new LinkedHashMap<>(DlibResnetConverter.expectedShapes());
    shapes.put("fc", new int[] {256, 64});
    Path manifest = TfjsManifestFixture.random(shapes, SEED).writeTo(dir);

    BadInputException e =
        assertThrows(BadInputException.class, () -> DlibResnetConverter.convert(manifest, bin()));

    assertTrue(
        e.getMessage().contains("tensor 'fc' has shape [256, 64], expected [256, 128]"),
        e.getMessage());
  }

  @Test
  void unknownTensorIsRejectedRatherThanIgnored() throws IOException {
    Map<String, int[]> shapes = new LinkedHashMap<>(DlibResnetConverter.expectedShapes());
    shapes.put("extra/bias", new int[] {4});
    Path manifest = TfjsManifestFixture.random(shapes, SEED).writeTo(dir);

    BadInputException e =
        assertThrows(BadInputException.class, () -> DlibResnetConverter.convert(manifest, bin()));

    assertTrue(
        e.getMessage().contains("tensor 'extra/bias' is not part of the dlib ResNet"),
        e.getMessage());
  }
}
