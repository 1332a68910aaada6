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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.error.BadInputException;

/**
 * Checks {@link MobileFaceNetConverter}'s graph contract and validation on a small stand-in with
 * MobileFaceNet's input and output shapes and random weights, without the real file.
 */
class MobileFaceNetConverterContractTest {
  private static final long SEED = 20250612L;
  private static final int SIZE = MobileFaceNetConverter.INPUT_SIZE;

  @TempDir Path dir;

  /**
   * [2, side, side, 3] -> 8x8 stride-8 VALID conv to 16 channels -> depthwise VALID over the whole
   * map with multiplier 12 -> [2, 1, 1, 192] -> RESHAPE [2, 192].
   */
  private static TfliteFixture standIn(int side) {
    Random random = new Random(SEED);
    int map = side / 8;
    TfliteFixture f = new TfliteFixture();
    int x = f.activation("input", 2, side, side, 3);
    int w1 = f.randomConstant("conv/weights", random, 0.1f, 16, 8, 8, 3);
    int c1 = f.activation("conv", 2, map, map, 16);
    f.op(
        TfliteOperators.CONV_2D,
        TfliteFixture.conv2d(TfliteFixture.VALID, 8, TfliteFixture.RELU),
        new int[] {x, w1, -1},
        c1);
    int w2 = f.randomConstant("gdconv/weights", random, 0.1f, 1, map, map, 192);
    int b2 = f.randomConstant("gdconv/bias", random, 0.1f, 192);
    int c2 = f.activation("gdconv", 2, 1, 1, 192);
    f.op(
        TfliteOperators.DEPTHWISE_CONV_2D,
        TfliteFixture.depthwiseConv2d(TfliteFixture.VALID, 1, 12, TfliteFixture.NONE),
        new int[] {c1, w2, b2},
        c2);
    int shape = f.constantInts("shape", new int[] {2}, new int[] {2, 192});
    int out = f.activation("embeddings", 2, 192);
    f.op(TfliteOperators.RESHAPE, TfliteFixture.reshape(2, 192), new int[] {c2, shape}, out);
    return f.inputs(x).outputs(out);
  }

  @Test
  void modelTakesNormalizedNhwcBatchOfAnySizeAndGives192DimensionalEmbeddings()
      throws IOException, OrtException {
    Path tflite = standIn(SIZE).writeTo(dir.resolve("MobileFaceNet.tflite"));
    byte[] model = MobileFaceNetConverter.convert(tflite);

    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions())) {
      assertEquals(List.of("input"), List.copyOf(session.getInputNames()));
      assertEquals(List.of("embedding"), List.copyOf(session.getOutputNames()));
      TensorInfo input = (TensorInfo) session.getInputInfo().get("input").getInfo();
      TensorInfo output = (TensorInfo) session.getOutputInfo().get("embedding").getInfo();
      assertArrayEquals(new long[] {-1, SIZE, SIZE, 3}, input.getShape());
      assertArrayEquals(new long[] {-1, 192}, output.getShape());

      float[] batch = new float[3 * SIZE * SIZE * 3];
      Random random = new Random(SEED);
      for (int i = 0; i < batch.length; i++) {
        batch[i] = (random.nextInt(256) - 127.5f) / 128f;
      }
      try (OnnxTensor x =
              OnnxTensor.createTensor(env, FloatBuffer.wrap(batch), new long[] {3, SIZE, SIZE, 3});
          OrtSession.Result result = session.run(Map.of("input", x))) {
        float[][] embeddings = (float[][]) result.get(0).getValue();
        assertEquals(3, embeddings.length);
        for (float[] embedding : embeddings) {
          assertEquals(192, embedding.length);
        }
      }
    }
  }

  @Test
  void convertToFileWritesTheConvertedBytesAndLeavesNoTemporaryFile() throws IOException {
    Path tflite = standIn(SIZE).writeTo(dir.resolve("MobileFaceNet.tflite"));
    Path onnx = dir.resolve("converted").resolve("mobilefacenet.onnx");

    MobileFaceNetConverter.convertToFile(tflite, onnx);

    assertArrayEquals(MobileFaceNetConverter.convert(tflite), Files.readAllBytes(onnx));
    try (Stream<Path> files = Files.list(onnx.getParent())) {
      assertEquals(List.of(onnx), files.toList());
    }
  }

  @Test
  void rejectsModelWithAnotherInputSizeNamingFileAndShapes() throws IOException {
    Path tflite = standIn(96).writeTo(dir.resolve("small.tflite"));
    BadInputException e =
        assertThrows(BadInputException.class, () -> MobileFaceNetConverter.convert(tflite));
    assertTrue(e.getMessage().contains(tflite.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("[2, 96, 96, 3] -> [2, 192]"), e.getMessage());
  }

  @Test
  void rejectsFileThatIsNotTfliteNamingItAndTheIdentifier() throws IOException {
    Path png = dir.resolve("face.png");
    Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0});
    BadInputException e =
        assertThrows(BadInputException.class, () -> MobileFaceNetConverter.convert(png));
    assertTrue(e.getMessage().startsWith(png + " is not a TensorFlow Lite model"), e.getMessage());
    assertTrue(e.getMessage().contains("expected 'TFL3'"), e.getMessage());
  }
}
