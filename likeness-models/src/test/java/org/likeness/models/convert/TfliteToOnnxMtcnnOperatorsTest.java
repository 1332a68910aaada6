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
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.likeness.error.BadInputException;

/**
 * The operators MTCNN's graphs add to the TFLite translation (NEG-based PReLU, MAX_POOL_2D,
 * FULLY_CONNECTED, the spelled-out softmax with DIV, several outputs, dynamic height and width),
 * checked on small hand-built graphs against a plain Java evaluation of TFLite's semantics.
 */
class TfliteToOnnxMtcnnOperatorsTest {
  private static final long SEED = 20261204L;
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  /**
   * Like P-Net: input [1, 4, 4, 2] -> negated PReLU -> 2x2/2 SAME max pool -> softmax over
   * channels; outputs the probabilities and the pooled values.
   */
  private static TfliteFixture pnetLike(float[] alpha) {
    TfliteFixture f = new TfliteFixture();
    int x = f.activation("x", 1, 4, 4, 2);
    int a = f.constant("alpha", new int[] {2}, alpha);
    int p = f.negatedPrelu("prelu", x, a, 1, 4, 4, 2);
    int pooled = f.activation("pooled", 1, 2, 2, 2);
    f.op(TfliteOperators.MAX_POOL_2D, TfliteFixture.pool2d(TfliteFixture.SAME, 2, 2), new int[] {p}, pooled);
    int axis = f.constantInts("axis", new int[] {}, new int[] {3});
    int max = f.activation("max", 1, 2, 2, 1);
    f.op(TfliteOperators.REDUCE_MAX, TfliteFixture.reducer(true), new int[] {pooled, axis}, max);
    int shifted = f.activation("shifted", 1, 2, 2, 2);
    f.op(TfliteOperators.SUB, TfliteFixture.arithmetic(TfliteOperators.SUB, TfliteFixture.NONE),
        new int[] {pooled, max}, shifted);
    int exp = f.activation("exp", 1, 2, 2, 2);
    f.op(TfliteOperators.EXP, TfliteFixture.Options.NONE, new int[] {shifted}, exp);
    int sum = f.activation("sum", 1, 2, 2, 1);
    f.op(TfliteOperators.SUM, TfliteFixture.reducer(true), new int[] {exp, axis}, sum);
    int prob = f.activation("prob", 1, 2, 2, 2);
    f.op(TfliteOperators.DIV, TfliteFixture.arithmetic(TfliteOperators.DIV, TfliteFixture.NONE),
        new int[] {exp, sum}, prob);
    return f.inputs(x).outputs(prob, pooled);
  }

  /** Like R-Net's head: input [1, 2, 2, 3] -> FULLY_CONNECTED to 4 -> negated PReLU. */
  private static TfliteFixture rnetLike(float[] weights, float[] bias, float[] alpha) {
    TfliteFixture f = new TfliteFixture();
    int x = f.activation("x", 1, 2, 2, 3);
    int w = f.constant("fc/weights", new int[] {4, 12}, weights);
    int b = f.constant("fc/bias", new int[] {4}, bias);
    int fc = f.activation("fc", 1, 4);
    f.op(TfliteOperators.FULLY_CONNECTED, TfliteFixture.fullyConnected(TfliteFixture.NONE), new int[] {x, w, b}, fc);
    int a = f.constant("alpha", new int[] {4}, alpha);
    int y = f.negatedPrelu("prelu", fc, a, 1, 4);
    return f.inputs(x).outputs(y);
  }

  @Test
  void pnetLikeGraphComputesTfliteSemanticsAtAnotherSizeAndBatch() throws OrtException {
    Random random = new Random(SEED);
    float[] alpha = {0.25f, -0.5f};
    TfliteModel model = TfliteModel.parse("pnet-like.tflite", pnetLike(alpha).build());
    byte[] onnx =
        TfliteToOnnx.translate(model, "pnet-like.tflite", "test", "in", List.of("prob", "pooled"), true)
            .build("test", "pnet-like");
    int batch = 2;
    int h = 7; // odd: SAME pooling pads one row after, which the file's 4x4 size never needed
    int w = 6;
    float[] x = new float[batch * h * w * 2];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextFloat() * 8 - 4;
    }
    try (OrtSession session = ENV.createSession(onnx, new OrtSession.SessionOptions());
        OnnxTensor in = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(x), new long[] {batch, h, w, 2});
        OrtSession.Result result = session.run(Map.of("in", in))) {
      assertArrayEquals(
          new long[] {-1, -1, -1, 2}, ((TensorInfo) session.getInputInfo().get("in").getInfo()).getShape());
      float[] prob = floats(result, "prob");
      float[] pooled = floats(result, "pooled");
      int ph = (h + 1) / 2;
      int pw = (w + 1) / 2;
      assertEquals(batch * ph * pw * 2, pooled.length);
      for (int n = 0; n < batch; n++) {
        for (int y = 0; y < ph; y++) {
          for (int xx = 0; xx < pw; xx++) {
            float[] cell = new float[2];
            for (int c = 0; c < 2; c++) {
              float m = Float.NEGATIVE_INFINITY;
              for (int dy = 0; dy < 2 && 2 * y + dy < h; dy++) {
                for (int dx = 0; dx < 2 && 2 * xx + dx < w; dx++) {
                  float v = x[((n * h + 2 * y + dy) * w + 2 * xx + dx) * 2 + c];
                  m = Math.max(m, v > 0 ? v : alpha[c] * v);
                }
              }
              cell[c] = m;
            }
            int at = ((n * ph + y) * pw + xx) * 2;
            double e0 = Math.exp(cell[0] - Math.max(cell[0], cell[1]));
            double e1 = Math.exp(cell[1] - Math.max(cell[0], cell[1]));
            String where = "seed " + SEED + ", n " + n + ", y " + y + ", x " + xx;
            assertEquals(cell[0], pooled[at], 1e-6f, where);
            assertEquals(cell[1], pooled[at + 1], 1e-6f, where);
            assertEquals(e0 / (e0 + e1), prob[at], 1e-6, where);
            assertEquals(e1 / (e0 + e1), prob[at + 1], 1e-6, where);
          }
        }
      }
    }
  }

  @Test
  void fullyConnectedFlattensInTfliteOrderAndNegatedPreluUsesAlphaAsSlope() throws OrtException {
    Random random = new Random(SEED);
    float[] weights = new float[4 * 12];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = random.nextFloat() - 0.5f;
    }
    float[] bias = {0.1f, -0.2f, 0.3f, -0.4f};
    float[] alpha = {0.1f, 0.2f, 0.3f, 0.4f};
    TfliteModel model = TfliteModel.parse("rnet-like.tflite", rnetLike(weights, bias, alpha).build());
    OnnxGraphBuilder graph = TfliteToOnnx.translate(model, "rnet-like.tflite", "test", "in", "out");
    byte[] onnx = graph.build("test", "rnet-like");
    int batch = 3;
    float[] x = new float[batch * 12];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextFloat() * 4 - 2;
    }
    try (OrtSession session = ENV.createSession(onnx, new OrtSession.SessionOptions());
        OnnxTensor in = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(x), new long[] {batch, 2, 2, 3});
        OrtSession.Result result = session.run(Map.of("in", in))) {
      float[] out = floats(result, "out");
      for (int n = 0; n < batch; n++) {
        for (int u = 0; u < 4; u++) {
          float v = bias[u];
          for (int i = 0; i < 12; i++) {
            v += weights[u * 12 + i] * x[n * 12 + i];
          }
          float expected = v > 0 ? v : alpha[u] * v;
          assertEquals(expected, out[n * 4 + u], 1e-5f, "seed " + SEED + ", row " + n + ", unit " + u);
        }
      }
    }
  }

  @Test
  void dynamicHeightAndWidthRefuseAFullyConnectedLayerNamingIt() {
    TfliteModel model =
        TfliteModel.parse("rnet-like.tflite", rnetLike(new float[48], new float[4], new float[4]).build());
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> TfliteToOnnx.translate(model, "rnet-like.tflite", "test", "in", List.of("out"), true));
    assertTrue(e.getMessage().contains("FULLY_CONNECTED"), e.getMessage());
  }

  @Test
  void outputCountMustMatchTheNamesGiven() {
    TfliteModel model = TfliteModel.parse("pnet-like.tflite", pnetLike(new float[2]).build());
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> TfliteToOnnx.translate(model, "pnet-like.tflite", "test", "in", List.of("prob"), true));
    assertTrue(e.getMessage().contains("2 outputs"), e.getMessage());
  }

  private static float[] floats(OrtSession.Result result, String name) {
    FloatBuffer b = ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
    float[] out = new float[b.remaining()];
    b.get(out);
    return out;
  }
}
