package org.likeness.models.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.likeness.error.BadInputException;
import org.likeness.models.convert.TfjsWeights.Tensor;

/**
 * Op translations of {@link TfjsGraphToOnnx} on small hand-built graphs, each checked against a
 * plain-Java NHWC reference computed here, so no real weights are needed.
 */
class TfjsGraphToOnnxTest {
  private static final long SEED = 20261204L;
  private static final float TOLERANCE = 1e-5f;
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  private final Random random = new Random(SEED);

  @Test
  void fusedConvWithSamePaddingStrideTwoBiasAndReluMatchesNaiveNhwcConvolution() throws Exception {
    Graph g = new Graph().placeholder("x", 5, 5, 3);
    float[] filter = randoms(3 * 3 * 3 * 4);
    float[] bias = randoms(4);
    g.constant("w", new int[] {3, 3, 3, 4}, filter).constant("b", new int[] {4}, bias);
    g.node("y", "_FusedConv2D", List.of("x", "w", "b"), a -> {
      conv2dAttrs(a, 2, "SAME");
      a.set("fused_ops", strings("BiasAdd", "Relu"));
    });
    g.output("y", 3, 3, 4);
    float[] x = randoms(5 * 5 * 3);

    float[] got = run(g, x, 5, 5, 3);

    float[] expected = conv(x, 5, 5, 3, filter, 3, 3, 4, 2, true, false);
    for (int i = 0; i < expected.length; i++) {
      expected[i] = Math.max(0, expected[i] + bias[i % 4]);
    }
    assertClose(expected, got);
  }

  @Test
  void depthwiseConvThenPerChannelBatchNormMatchesNaiveReference() throws Exception {
    Graph g = new Graph().placeholder("x", 4, 4, 2);
    float[] filter = randoms(2 * 2 * 2 * 3); // channel multiplier 3
    float[] scale = randoms(6);
    float[] offset = randoms(6);
    g.constant("w", new int[] {2, 2, 2, 3}, filter)
        .constant("scale", new int[] {6}, scale)
        .constant("offset", new int[] {6}, offset);
    g.node("dw", "DepthwiseConv2dNative", List.of("x", "w"), a -> conv2dAttrs(a, 1, "VALID"));
    g.node("mul", "Mul", List.of("dw", "scale"), a -> {});
    g.node("y", "AddV2", List.of("offset", "mul"), a -> {});
    g.output("y", 3, 3, 6);
    float[] x = randoms(4 * 4 * 2);

    float[] got = run(g, x, 4, 4, 2);

    float[] expected = conv(x, 4, 4, 2, filter, 2, 2, 3, 1, false, true);
    for (int i = 0; i < expected.length; i++) {
      expected[i] = expected[i] * scale[i % 6] + offset[i % 6];
    }
    assertClose(expected, got);
  }

  @Test
  void maxPoolSameAndAvgPoolValidMatchTensorFlowWindows() throws Exception {
    Graph g = new Graph().placeholder("x", 5, 5, 2);
    g.node("max", "MaxPool", List.of("x"), a -> poolAttrs(a, 2, 2, "SAME"));
    g.node("y", "AvgPool", List.of("max"), a -> poolAttrs(a, 2, 1, "VALID"));
    g.output("y", 2, 2, 2);
    float[] x = randoms(5 * 5 * 2);

    float[] got = run(g, x, 5, 5, 2);

    float[] max = pool(x, 5, 5, 2, 2, 2, true, true);
    float[] expected = pool(max, 3, 3, 2, 2, 1, false, false);
    assertClose(expected, got);
  }

  @Test
  void flattenKeepsTensorFlowOrderBeforeFusedMatMulAndSoftmax() throws Exception {
    Graph g = new Graph().placeholder("x", 2, 2, 3);
    float[] filter = randoms(3 * 2); // 1x1 conv, 3 -> 2 channels
    float[] weights = randoms(8 * 3);
    float[] bias = randoms(3);
    g.constant("w", new int[] {1, 1, 3, 2}, filter)
        .intConstant("shape", -1, 8)
        .constant("dense", new int[] {8, 3}, weights)
        .constant("dense_bias", new int[] {3}, bias);
    g.node("conv", "Conv2D", List.of("x", "w"), a -> conv2dAttrs(a, 1, "VALID"));
    g.node("flat", "Reshape", List.of("conv", "shape"), a -> {});
    g.node("fc", "_FusedMatMul", List.of("flat", "dense", "dense_bias"), a -> {
      a.set("fused_ops", strings("BiasAdd"));
      a.putObject("transpose_a").put("b", false);
      a.putObject("transpose_b").put("b", false);
    });
    g.node("y", "Softmax", List.of("fc"), a -> {});
    g.output("y", 3);
    float[] x = randoms(2 * 2 * 3);

    float[] got = run(g, x, 2, 2, 3);

    float[] flat = conv(x, 2, 2, 3, filter, 1, 1, 2, 1, false, false); // NHWC order = flatten order
    float[] logits = new float[3];
    double sum = 0;
    for (int o = 0; o < 3; o++) {
      logits[o] = bias[o];
      for (int i = 0; i < 8; i++) {
        logits[o] += flat[i] * weights[i * 3 + o];
      }
    }
    float top = Math.max(logits[0], Math.max(logits[1], logits[2]));
    for (int o = 0; o < 3; o++) {
      sum += Math.exp(logits[o] - top);
    }
    float[] expected = new float[3];
    for (int o = 0; o < 3; o++) {
      expected[o] = (float) (Math.exp(logits[o] - top) / sum);
    }
    assertClose(expected, got);
  }

  @Test
  void unsupportedOpIsNamedWithItsNodeAndTheSupportedList() {
    Graph g = new Graph().placeholder("x", 2, 2, 1);
    g.node("y", "ResizeBilinear", List.of("x"), a -> {});
    g.output("y", 2, 2, 1);

    BadInputException e = assertThrows(BadInputException.class, () -> g.convert());

    assertTrue(e.getMessage().contains("ResizeBilinear (node 'y')"), e.getMessage());
    assertTrue(e.getMessage().contains("supported are"), e.getMessage());
  }

  @Test
  void unsupportedFusedOpsAreNamed() {
    Graph g = new Graph().placeholder("x", 3, 3, 1);
    g.constant("w", new int[] {1, 1, 1, 1}, new float[] {1}).constant("b", new int[] {1}, new float[] {0});
    g.node("y", "_FusedConv2D", List.of("x", "w", "b"), a -> {
      conv2dAttrs(a, 1, "VALID");
      a.set("fused_ops", strings("FusedBatchNorm", "Relu"));
    });
    g.output("y", 3, 3, 1);

    BadInputException e = assertThrows(BadInputException.class, () -> g.convert());

    assertTrue(e.getMessage().contains("[FusedBatchNorm, Relu]"), e.getMessage());
    assertTrue(e.getMessage().contains("node 'y'"), e.getMessage());
  }

  @Test
  void channelsFirstDataFormatIsRejected() {
    Graph g = new Graph().placeholder("x", 3, 3, 1);
    g.node("y", "MaxPool", List.of("x"), a -> {
      poolAttrs(a, 1, 1, "VALID");
      a.set("data_format", string("NCHW"));
    });
    g.output("y", 3, 3, 1);

    BadInputException e = assertThrows(BadInputException.class, () -> g.convert());

    assertTrue(e.getMessage().contains("data_format NCHW"), e.getMessage());
  }

  @Test
  void int32ConstantAsFloatOperandIsRejectedNamingIt() {
    Graph g = new Graph().placeholder("x", 1, 1, 2).intConstant("k", 1, 2);
    g.node("y", "Mul", List.of("x", "k"), a -> {});
    g.output("y", 1, 1, 2);

    BadInputException e = assertThrows(BadInputException.class, () -> g.convert());

    assertTrue(e.getMessage().contains("int32 constant 'k'"), e.getMessage());
  }

  @Test
  void modelWithoutSignatureOutputsIsRejected() {
    Graph g = new Graph().placeholder("x", 1, 1, 1);
    g.node("y", "Relu", List.of("x"), a -> {});

    BadInputException e = assertThrows(BadInputException.class, () -> g.convert());

    assertTrue(e.getMessage().contains("signature.outputs"), e.getMessage());
  }

  @Test
  void convertingTheSameGraphTwiceGivesIdenticalBytes() {
    Graph g = new Graph().placeholder("x", 4, 4, 2);
    g.constant("w", new int[] {3, 3, 2, 2}, randoms(36));
    g.node("y", "Conv2D", List.of("x", "w"), a -> conv2dAttrs(a, 1, "SAME"));
    g.output("y", 4, 4, 2);

    assertArrayEquals(g.convert(), g.convert());
  }

  // --- graph building -------------------------------------------------------------------------

  /** A tfjs graph model being written by hand: nodes, signature and weights. */
  private static final class Graph {
    private final ObjectMapper json = new ObjectMapper();
    private final ObjectNode model = json.createObjectNode().put("format", "graph-model");
    private final ArrayNode nodes = model.putObject("modelTopology").putArray("node");
    private final ObjectNode signature = model.putObject("signature");
    private final Map<String, Tensor> weights = new LinkedHashMap<>();
    private String input;

    Graph placeholder(String name, int h, int w, int c) {
      input = name;
      ObjectNode attr = nodes.addObject().put("name", name).put("op", "Placeholder").putObject("attr");
      attr.putObject("dtype").put("type", "DT_FLOAT");
      attr.putObject("shape").set("shape", shape(-1, h, w, c));
      signature.putObject("inputs").putObject(name).put("name", name + ":0").set("tensorShape", shape(-1, h, w, c));
      return this;
    }

    Graph constant(String name, int[] shape, float[] values) {
      nodes.addObject().put("name", name).put("op", "Const");
      weights.put(name, new Tensor(name, shape, values));
      return this;
    }

    Graph intConstant(String name, int... values) {
      nodes.addObject().put("name", name).put("op", "Const");
      weights.put(name, new Tensor(name, new int[] {values.length}, null, values));
      return this;
    }

    Graph node(String name, String op, List<String> inputs, Consumer<ObjectNode> attrs) {
      ObjectNode node = nodes.addObject().put("name", name).put("op", op);
      ArrayNode in = node.putArray("input");
      inputs.forEach(in::add);
      attrs.accept(node.putObject("attr"));
      return this;
    }

    void output(String name, int... dims) {
      int[] withBatch = new int[dims.length + 1];
      withBatch[0] = -1;
      System.arraycopy(dims, 0, withBatch, 1, dims.length);
      signature.putObject("outputs").putObject(name).put("name", name + ":0").set("tensorShape", shape(withBatch));
    }

    byte[] convert() {
      return TfjsGraphToOnnx.convert(model, "test graph", weights, "test");
    }

    private ObjectNode shape(int... dims) {
      ObjectNode shape = json.createObjectNode();
      ArrayNode dim = shape.putArray("dim");
      for (int d : dims) {
        dim.addObject().put("size", String.valueOf(d));
      }
      return shape;
    }
  }

  private float[] run(Graph g, float[] x, int h, int w, int c) throws OrtException {
    try (OrtSession session = ENV.createSession(g.convert(), new OrtSession.SessionOptions());
        OnnxTensor in = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(x), new long[] {1, h, w, c});
        OrtSession.Result result = session.run(Map.of(g.input, in))) {
      FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
      float[] values = new float[out.remaining()];
      out.get(values);
      return values;
    }
  }

  private static void conv2dAttrs(ObjectNode a, int stride, String padding) {
    a.set("strides", ints(1, stride, stride, 1));
    a.set("padding", string(padding));
    a.set("data_format", string("NHWC"));
    a.set("dilations", ints(1, 1, 1, 1));
  }

  private static void poolAttrs(ObjectNode a, int k, int stride, String padding) {
    a.set("ksize", ints(1, k, k, 1));
    a.set("strides", ints(1, stride, stride, 1));
    a.set("padding", string(padding));
    a.set("data_format", string("NHWC"));
  }

  private static ObjectNode string(String s) {
    return new ObjectMapper().createObjectNode()
        .put("s", Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
  }

  private static ObjectNode strings(String... values) {
    ObjectNode attr = new ObjectMapper().createObjectNode();
    ArrayNode list = attr.putObject("list").putArray("s");
    for (String v : values) {
      list.add(Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)));
    }
    return attr;
  }

  private static ObjectNode ints(long... values) {
    ObjectNode attr = new ObjectMapper().createObjectNode();
    ArrayNode list = attr.putObject("list").putArray("i");
    for (long v : values) {
      list.add(String.valueOf(v));
    }
    return attr;
  }

  // --- plain NHWC references ------------------------------------------------------------------

  /**
   * NHWC convolution of one image; filter [kh, kw, c, m]. Depthwise: output channel {@code ci * m
   * + j}; otherwise {@code m} output channels. SAME pads as TensorFlow (odd pixel after).
   */
  private static float[] conv(
      float[] x, int h, int w, int c, float[] f, int kh, int kw, int m, int stride, boolean same, boolean depthwise) {
    int oh = same ? (h + stride - 1) / stride : (h - kh) / stride + 1;
    int ow = same ? (w + stride - 1) / stride : (w - kw) / stride + 1;
    int padTop = same ? Math.max((oh - 1) * stride + kh - h, 0) / 2 : 0;
    int padLeft = same ? Math.max((ow - 1) * stride + kw - w, 0) / 2 : 0;
    int oc = depthwise ? c * m : m;
    float[] out = new float[oh * ow * oc];
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        for (int o = 0; o < oc; o++) {
          double sum = 0;
          for (int ky = 0; ky < kh; ky++) {
            for (int kx = 0; kx < kw; kx++) {
              int iy = oy * stride + ky - padTop;
              int ix = ox * stride + kx - padLeft;
              if (iy < 0 || ix < 0 || iy >= h || ix >= w) {
                continue;
              }
              if (depthwise) {
                int ci = o / m;
                sum += x[(iy * w + ix) * c + ci] * f[((ky * kw + kx) * c + ci) * m + o % m];
              } else {
                for (int ci = 0; ci < c; ci++) {
                  sum += x[(iy * w + ix) * c + ci] * f[((ky * kw + kx) * c + ci) * m + o];
                }
              }
            }
          }
          out[(oy * ow + ox) * oc + o] = (float) sum;
        }
      }
    }
    return out;
  }

  /** NHWC pooling; padded cells never count (TensorFlow's SAME). */
  private static float[] pool(float[] x, int h, int w, int c, int k, int stride, boolean same, boolean max) {
    int oh = same ? (h + stride - 1) / stride : (h - k) / stride + 1;
    int ow = same ? (w + stride - 1) / stride : (w - k) / stride + 1;
    int padTop = same ? Math.max((oh - 1) * stride + k - h, 0) / 2 : 0;
    int padLeft = same ? Math.max((ow - 1) * stride + k - w, 0) / 2 : 0;
    float[] out = new float[oh * ow * c];
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        for (int ch = 0; ch < c; ch++) {
          double acc = max ? Double.NEGATIVE_INFINITY : 0;
          int n = 0;
          for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) {
              int iy = oy * stride + ky - padTop;
              int ix = ox * stride + kx - padLeft;
              if (iy < 0 || ix < 0 || iy >= h || ix >= w) {
                continue;
              }
              float v = x[(iy * w + ix) * c + ch];
              acc = max ? Math.max(acc, v) : acc + v;
              n++;
            }
          }
          out[(oy * ow + ox) * c + ch] = (float) (max ? acc : acc / n);
        }
      }
    }
    return out;
  }

  private float[] randoms(int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (random.nextGaussian() * 0.5);
    }
    return values;
  }

  private static void assertClose(float[] expected, float[] got) {
    assertEquals(expected.length, got.length, "output length (seed " + SEED + ")");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], got[i], TOLERANCE, "value " + i + " (seed " + SEED + ")");
    }
  }
}
