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
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.likeness.models.convert.OnnxGraphBuilder.Dim;

class OnnxGraphBuilderTest {
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  @Test
  void addOfTwoInputsRunsInOnnxRuntimeForAnyBatchSize() throws OrtException {
    OnnxGraphBuilder graph = new OnnxGraphBuilder("add");
    graph.input("a", Dim.symbolic("N"), Dim.of(3));
    graph.input("b", Dim.symbolic("N"), Dim.of(3));
    graph.add("sum", "a", "b");
    graph.output("sum", Dim.symbolic("N"), Dim.of(3));
    byte[] model = graph.build("test", "a + b");

    try (OrtSession session = ENV.createSession(model, new OrtSession.SessionOptions());
        OnnxTensor a = tensor(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        OnnxTensor b = tensor(new float[] {10, 20, 30, 0.5f, -5, 100}, 2, 3);
        OrtSession.Result result = session.run(Map.of("a", a, "b", b))) {
      float[][] sum = (float[][]) result.get(0).getValue();
      assertArrayEquals(new float[] {11, 22, 33}, sum[0]);
      assertArrayEquals(new float[] {4.5f, 0, 106}, sum[1]);
      TensorInfo input = (TensorInfo) session.getInputInfo().get("a").getInfo();
      assertArrayEquals(new long[] {-1, 3}, input.getShape());
    }
  }

  @Test
  void convPoolPadAndReduceMeanComputeTheirOnnxDefinitions() throws OrtException {
    // x: [N, 1, 5, 5] holding 0..24 row-major.
    OnnxGraphBuilder graph = new OnnxGraphBuilder("ops");
    graph.input("x", Dim.symbolic("N"), Dim.of(1), Dim.of(5), Dim.of(5));
    // 3x3 conv, stride 2, no padding, weights all 1, bias 0.5: sums of 3x3 windows -> [N,1,2,2].
    float[] ones = new float[9];
    Arrays.fill(ones, 1f);
    String w = graph.initializer("w", ones, 1, 1, 3, 3);
    String bias = graph.initializer("bias", new float[] {0.5f}, 1);
    String conv = graph.conv("conv", "x", w, bias, 3, 2, 0);
    String padded = graph.pad("conv_padded", conv, 0, 0, 0, 0, 0, 1, 1, 1); // -> [N,2,3,3]
    String mean = graph.reduceMean("mean", padded, 2, 3); // -> [N,2]
    String pooled = graph.averagePool("pooled", "x", 2, 2); // -> [N,1,2,2]
    graph.output(mean, Dim.symbolic("N"), Dim.of(2));
    graph.output(pooled, Dim.symbolic("N"), Dim.of(1), Dim.of(2), Dim.of(2));
    byte[] model = graph.build("test", "ops");

    float[] x = new float[25];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
    }
    try (OrtSession session = ENV.createSession(model, new OrtSession.SessionOptions());
        OnnxTensor input = tensor(x, 1, 1, 5, 5);
        OrtSession.Result result = session.run(Map.of("x", input))) {
      float[][] means = (float[][]) result.get("mean").orElseThrow().getValue();
      // Windows centred at (1,1), (1,3), (3,1), (3,3): 9 * centre value, plus bias.
      float sum = 9 * (6 + 8 + 16 + 18) + 4 * 0.5f;
      assertEquals(sum / 9, means[0][0], 1e-5f); // zero row and column dilute over 3x3
      assertEquals(0f, means[0][1], 0f); // the appended channel is all zeros
      float[][][][] pool = (float[][][][]) result.get("pooled").orElseThrow().getValue();
      assertArrayEquals(new float[] {3f, 5f}, pool[0][0][0]); // mean of {0,1,5,6}, {2,3,7,8}
      assertArrayEquals(new float[] {13f, 15f}, pool[0][0][1]); // row 4 and column 4 dropped
    }
  }

  @Test
  void rejectsNodeReadingUndefinedValue() {
    OnnxGraphBuilder graph = new OnnxGraphBuilder("g");
    graph.input("x", Dim.of(1));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> graph.add("y", "x", "typo"));
    assertTrue(e.getMessage().contains("'typo'"), e.getMessage());
  }

  @Test
  void rejectsValueNameUsedTwice() {
    OnnxGraphBuilder graph = new OnnxGraphBuilder("g");
    graph.input("x", Dim.of(1));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> graph.relu("x", "x"));
    assertTrue(e.getMessage().contains("'x' is already defined"), e.getMessage());
  }

  @Test
  void rejectsInitializerWhoseShapeDisagreesWithItsData() {
    OnnxGraphBuilder graph = new OnnxGraphBuilder("g");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> graph.initializer("w", new float[5], 2, 3));
    assertTrue(e.getMessage().contains("[2, 3] (6 elements) but 5 values"), e.getMessage());
  }

  @Test
  void rejectsDimensionThatIsBothSizedAndSymbolic() {
    assertThrows(IllegalArgumentException.class, () -> new Dim(3, "N"));
    assertThrows(IllegalArgumentException.class, () -> new Dim(0, null));
  }

  private static OnnxTensor tensor(float[] data, long... shape) throws OrtException {
    return OnnxTensor.createTensor(ENV, FloatBuffer.wrap(data), shape);
  }
}
