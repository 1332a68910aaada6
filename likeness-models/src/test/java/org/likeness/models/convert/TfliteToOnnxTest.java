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
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.likeness.error.BadInputException;
import org.likeness.models.convert.TfliteFixture.Options;

/**
 * Checks the TFLite-to-ONNX translation on small hand-built graphs against a plain Java evaluation
 * of TFLite's semantics (NHWC, SAME padding with the odd pixel at the bottom and right, PReLU
 * idiom, fused activations, reshape in NHWC order).
 */
class TfliteToOnnxTest {
  private static final long SEED = 20250611L;
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
  private static final int SIZE = 6;
  private static final int CHANNELS = 3;

  /** The weights of {@link #smallNetwork}, kept to evaluate the same graph in Java. */
  private record Weights(
      float[] w1, float[] b1, float[] alpha, float[] dw, float[] db, float[] scale, float[] w2) {}

  /**
   * A graph with every supported operator and a fixed batch of 2, like MobileFaceNet.tflite: conv
   * 3x3/2 SAME + RELU6, PReLU idiom, depthwise 3x3/1 SAME x2 multiplier, MUL by a channel constant
   * + RELU, 1x1 VALID conv without bias, ADD of two activations, SUB from a constant, and RESHAPE
   * to [2, 72].
   */
  private static TfliteFixture smallNetwork(Weights w) {
    TfliteFixture f = new TfliteFixture();
    int x = f.activation("image", 2, SIZE, SIZE, CHANNELS);
    int w1 = f.constant("conv1/weights", new int[] {4, 3, 3, CHANNELS}, w.w1());
    int b1 = f.constant("conv1/bias", new int[] {4}, w.b1());
    int c1 = f.activation("conv1", 2, 3, 3, 4);
    f.op(
        TfliteOperators.CONV_2D,
        TfliteFixture.conv2d(TfliteFixture.SAME, 2, TfliteFixture.RELU6),
        new int[] {x, w1, b1},
        c1);
    int alpha = f.constant("prelu/alpha", new int[] {4}, w.alpha());
    int p1 = f.prelu("prelu", c1, alpha, 2, 3, 3, 4);
    int dw = f.constant("dw/weights", new int[] {1, 3, 3, 8}, w.dw());
    int db = f.constant("dw/bias", new int[] {8}, w.db());
    int d1 = f.activation("dw", 2, 3, 3, 8);
    f.op(
        TfliteOperators.DEPTHWISE_CONV_2D,
        TfliteFixture.depthwiseConv2d(TfliteFixture.SAME, 1, 2, TfliteFixture.NONE),
        new int[] {p1, dw, db},
        d1);
    int scale = f.constant("scale", new int[] {8}, w.scale());
    int m1 = f.activation("scaled", 2, 3, 3, 8);
    f.op(
        TfliteOperators.MUL,
        TfliteFixture.arithmetic(TfliteOperators.MUL, TfliteFixture.RELU),
        new int[] {d1, scale},
        m1);
    int w2 = f.constant("conv2/weights", new int[] {8, 1, 1, 8}, w.w2());
    int c2 = f.activation("conv2", 2, 3, 3, 8);
    f.op(
        TfliteOperators.CONV_2D,
        TfliteFixture.conv2d(TfliteFixture.VALID, 1, TfliteFixture.NONE),
        new int[] {m1, w2, -1},
        c2);
    int a1 = f.activation("residual", 2, 3, 3, 8);
    f.op(
        TfliteOperators.ADD,
        TfliteFixture.arithmetic(TfliteOperators.ADD, TfliteFixture.NONE),
        new int[] {c2, m1},
        a1);
    int quarter = f.constant("quarter", new int[] {1}, new float[] {0.25f});
    int s1 = f.activation("flipped", 2, 3, 3, 8);
    f.op(
        TfliteOperators.SUB,
        TfliteFixture.arithmetic(TfliteOperators.SUB, TfliteFixture.NONE),
        new int[] {quarter, a1},
        s1);
    int shape = f.constantInts("shape", new int[] {2}, new int[] {2, 72});
    int out = f.activation("features", 2, 72);
    f.op(TfliteOperators.RESHAPE, TfliteFixture.reshape(2, 72), new int[] {s1, shape}, out);
    return f.inputs(x).outputs(out);
  }

  private static Weights randomWeights(Random random) {
    return new Weights(
        floats(random, 4 * 3 * 3 * CHANNELS, 0.5f),
        floats(random, 4, 0.5f),
        floats(random, 4, 0.5f),
        floats(random, 3 * 3 * 8, 0.5f),
        floats(random, 8, 0.5f),
        floats(random, 8, 1f),
        floats(random, 8 * 8, 0.5f));
  }

  @Test
  void translatedGraphComputesTfliteSemanticsForBatchesOtherThanTheFilesBatch()
      throws OrtException {
    Random random = new Random(SEED);
    Weights w = randomWeights(random);
    byte[] onnx = translate(smallNetwork(w)).build("test", "small network");

    try (OrtSession session = ENV.createSession(onnx, new OrtSession.SessionOptions())) {
      TensorInfo input = (TensorInfo) session.getInputInfo().get("in").getInfo();
      TensorInfo output = (TensorInfo) session.getOutputInfo().get("out").getInfo();
      assertArrayEquals(new long[] {-1, SIZE, SIZE, CHANNELS}, input.getShape());
      assertArrayEquals(new long[] {-1, 72}, output.getShape());
      for (int batch : new int[] {1, 3}) {
        float[] x = floats(random, batch * SIZE * SIZE * CHANNELS, 4f);
        float[][] actual = run(session, x, batch);
        float[] expected = evaluate(w, x, batch);
        assertEquals(batch, actual.length);
        for (int n = 0; n < batch; n++) {
          for (int i = 0; i < 72; i++) {
            assertEquals(
                expected[n * 72 + i],
                actual[n][i],
                1e-5f,
                "seed " + SEED + ", batch " + batch + ", row " + n + ", value " + i);
          }
        }
      }
    }
  }

  @Test
  void preluIdiomBecomesFourBlockedLayoutNodesAndTransposesAppearOnlyAtTheEdges() {
    OnnxGraphBuilder graph = translate(smallNetwork(randomWeights(new Random(SEED))));
    // input transpose, conv1 + clip, prelu as 1x1 depthwise conv + relu + 1x1 depthwise conv + add,
    // depthwise, mul + relu, conv2, add, sub, transpose back, reshape: 15 nodes for the 13 TFLite
    // operators (5 of them one PReLU). No PRelu node: ORT's blocked layout cannot keep it.
    assertEquals(15, graph.nodeCount());
  }

  @Test
  void sameModelGivesIdenticalBytes() {
    Weights w = randomWeights(new Random(SEED));
    assertArrayEquals(
        translate(smallNetwork(w)).build("test", "doc"),
        translate(smallNetwork(w)).build("test", "doc"));
  }

  @Test
  void rejectsUnsupportedOperatorNamingItAndItsIndex() {
    TfliteFixture f = new TfliteFixture();
    int x = f.activation("x", 2, 4, 4, 3);
    int r = f.activation("relu", 2, 4, 4, 3);
    int y = f.activation("mean", 2, 3);
    int axes = f.constantInts("axes", new int[] {2}, new int[] {1, 2});
    f.op(TfliteOperators.RELU, Options.NONE, new int[] {x}, r);
    f.op(40, Options.NONE, new int[] {r, axes}, y);
    BadInputException e =
        assertThrows(BadInputException.class, () -> translate(f.inputs(x).outputs(y)));
    assertTrue(e.getMessage().contains("operator 1 (MEAN)"), e.getMessage());
    assertTrue(e.getMessage().contains("fixture.tflite"), e.getMessage());
  }

  @Test
  void rejectsCustomOperatorByItsCustomName() {
    TfliteFixture f = new TfliteFixture();
    int x = f.activation("x", 2, 4);
    int y = f.activation("y", 2, 4);
    f.customOp("FlexEinsum", new int[] {x}, y);
    BadInputException e =
        assertThrows(BadInputException.class, () -> translate(f.inputs(x).outputs(y)));
    assertTrue(e.getMessage().contains("operator 0 (CUSTOM 'FlexEinsum')"), e.getMessage());
  }

  @Test
  void rejectsReshapeThatMergesTheBatchIntoOtherDimensions() {
    TfliteFixture f = new TfliteFixture();
    int x = f.activation("x", 2, 1, 1, 4);
    int y = f.activation("flat", 8);
    int shape = f.constantInts("shape", new int[] {1}, new int[] {8});
    f.op(TfliteOperators.RESHAPE, TfliteFixture.reshape(8), new int[] {x, shape}, y);
    BadInputException e =
        assertThrows(BadInputException.class, () -> translate(f.inputs(x).outputs(y)));
    assertTrue(e.getMessage().contains("operator 0 (RESHAPE)"), e.getMessage());
    assertTrue(e.getMessage().contains("[8]"), e.getMessage());
  }

  @Test
  void rejectsConvolutionWhoseDeclaredOutputDisagreesWithItsPadding() {
    TfliteFixture f = new TfliteFixture();
    int x = f.activation("x", 2, 6, 6, 3);
    int w = f.randomConstant("w", new Random(SEED), 1f, 4, 3, 3, 3);
    // SAME with stride 2 over 6 pixels gives 3, not 2.
    int y = f.activation("y", 2, 2, 2, 4);
    f.op(
        TfliteOperators.CONV_2D,
        TfliteFixture.conv2d(TfliteFixture.SAME, 2, TfliteFixture.NONE),
        new int[] {x, w, -1},
        y);
    BadInputException e =
        assertThrows(BadInputException.class, () -> translate(f.inputs(x).outputs(y)));
    assertTrue(e.getMessage().contains("operator 0 (CONV_2D)"), e.getMessage());
    assertTrue(e.getMessage().contains("[2, 3, 3, 4]"), e.getMessage());
  }

  @Test
  void rejectsQuantizedTensorsNamingTheTensorAndType() {
    TfliteFixture f = new TfliteFixture();
    int x = f.activation("x", 2, 4);
    int q = f.activation("q", TfliteFixture.INT8, 2, 4);
    int y = f.activation("y", 2, 4);
    f.op(
        TfliteOperators.ADD,
        TfliteFixture.arithmetic(TfliteOperators.ADD, TfliteFixture.NONE),
        new int[] {x, q},
        y);
    BadInputException e =
        assertThrows(BadInputException.class, () -> translate(f.inputs(x).outputs(y)));
    assertTrue(e.getMessage().contains("tensor 1 'q' [2, 4] of type INT8"), e.getMessage());
  }

  private static OnnxGraphBuilder translate(TfliteFixture fixture) {
    TfliteModel model = TfliteModel.parse("fixture.tflite", fixture.build());
    return TfliteToOnnx.translate(model, "fixture.tflite", "test", "in", "out");
  }

  private static float[][] run(OrtSession session, float[] x, int batch) throws OrtException {
    try (OnnxTensor input =
            OnnxTensor.createTensor(
                ENV, FloatBuffer.wrap(x), new long[] {batch, SIZE, SIZE, CHANNELS});
        OrtSession.Result result = session.run(Map.of("in", input))) {
      return (float[][]) result.get("out").orElseThrow().getValue();
    }
  }

  // ---- TFLite semantics, written out plainly in NHWC ----------------------------------------

  private static float[] evaluate(Weights w, float[] x, int batch) {
    float[] c1 = conv(x, batch, SIZE, CHANNELS, w.w1(), w.b1(), 4, 3, 2, true);
    for (int i = 0; i < c1.length; i++) {
      c1[i] = Math.min(Math.max(c1[i], 0f), 6f);
    }
    float[] p1 = new float[c1.length];
    for (int i = 0; i < c1.length; i++) {
      float v = c1[i];
      p1[i] = Math.max(v, 0f) + w.alpha()[i % 4] * (v - Math.abs(v));
    }
    float[] d1 = depthwise(p1, batch, 3, 4, w.dw(), w.db(), 2);
    float[] m1 = new float[d1.length];
    for (int i = 0; i < d1.length; i++) {
      m1[i] = Math.max(d1[i] * w.scale()[i % 8], 0f);
    }
    float[] c2 = conv(m1, batch, 3, 8, w.w2(), new float[8], 8, 1, 1, false);
    float[] out = new float[c2.length];
    for (int i = 0; i < c2.length; i++) {
      out[i] = 0.25f - (c2[i] + m1[i]);
    }
    return out; // NHWC order is the reshape's order
  }

  /** TFLite CONV_2D: input [n, size, size, in], filter [out, k, k, in]. */
  private static float[] conv(
      float[] x,
      int batch,
      int size,
      int in,
      float[] filter,
      float[] bias,
      int out,
      int k,
      int stride,
      boolean same) {
    int outSize = same ? (size + stride - 1) / stride : (size - k) / stride + 1;
    int pad = same ? Math.max((outSize - 1) * stride + k - size, 0) / 2 : 0;
    float[] y = new float[batch * outSize * outSize * out];
    for (int n = 0; n < batch; n++) {
      for (int oy = 0; oy < outSize; oy++) {
        for (int ox = 0; ox < outSize; ox++) {
          for (int o = 0; o < out; o++) {
            double sum = bias[o];
            for (int ky = 0; ky < k; ky++) {
              for (int kx = 0; kx < k; kx++) {
                int iy = oy * stride + ky - pad;
                int ix = ox * stride + kx - pad;
                if (iy < 0 || ix < 0 || iy >= size || ix >= size) {
                  continue;
                }
                for (int c = 0; c < in; c++) {
                  sum +=
                      x[((n * size + iy) * size + ix) * in + c]
                          * filter[((o * k + ky) * k + kx) * in + c];
                }
              }
            }
            y[((n * outSize + oy) * outSize + ox) * out + o] = (float) sum;
          }
        }
      }
    }
    return y;
  }

  /** TFLite DEPTHWISE_CONV_2D, 3x3, stride 1, SAME: filter [1, 3, 3, in * multiplier]. */
  private static float[] depthwise(
      float[] x, int batch, int size, int in, float[] filter, float[] bias, int multiplier) {
    int out = in * multiplier;
    float[] y = new float[batch * size * size * out];
    for (int n = 0; n < batch; n++) {
      for (int oy = 0; oy < size; oy++) {
        for (int ox = 0; ox < size; ox++) {
          for (int o = 0; o < out; o++) {
            int c = o / multiplier;
            double sum = bias[o];
            for (int ky = 0; ky < 3; ky++) {
              for (int kx = 0; kx < 3; kx++) {
                int iy = oy + ky - 1;
                int ix = ox + kx - 1;
                if (iy >= 0 && ix >= 0 && iy < size && ix < size) {
                  sum +=
                      x[((n * size + iy) * size + ix) * in + c] * filter[(ky * 3 + kx) * out + o];
                }
              }
            }
            y[((n * size + oy) * size + ox) * out + o] = (float) sum;
          }
        }
      }
    }
    return y;
  }

  private static float[] floats(Random random, int count, float scale) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (random.nextFloat() * 2 - 1) * scale;
    }
    return values;
  }
}
