package org.likeness.models.convert;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a single-graph ONNX model (IR version 7, default opset 13) one operator at a time, so a
 * converter reads like the network it describes. Each operator method names its node and its output
 * value with the same string and returns that name for the next operator to consume.
 *
 * <p>Field numbers are those of {@code onnx.proto}; only the messages and fields this package needs
 * are written.
 *
 * <p>A {@link GraphPrecision} chosen at construction decides the number format: float32, float32
 * with every activation exposed for calibration, or the quantize-dequantize (QDQ) int8 form, in
 * which {@link #node} quantizes convolution weights and wraps calibrated activations as it goes.
 */
final class OnnxGraphBuilder {
  static final long IR_VERSION = 7;
  static final long OPSET_VERSION = 13;

  /** {@code TensorProto.DataType} values used here. */
  static final int FLOAT = 1;

  static final int INT64 = 7;

  static final int UINT8 = 2;
  static final int INT8 = 3;
  static final int INT32 = 6;

  // ModelProto
  private static final int MODEL_IR_VERSION = 1;
  private static final int MODEL_PRODUCER_NAME = 2;
  private static final int MODEL_DOC_STRING = 6;
  private static final int MODEL_GRAPH = 7;
  private static final int MODEL_OPSET_IMPORT = 8;
  // OperatorSetIdProto
  private static final int OPSET_DOMAIN = 1;
  private static final int OPSET_VERSION_FIELD = 2;
  // GraphProto
  private static final int GRAPH_NODE = 1;
  private static final int GRAPH_NAME = 2;
  private static final int GRAPH_INITIALIZER = 5;
  private static final int GRAPH_INPUT = 11;
  private static final int GRAPH_OUTPUT = 12;
  // NodeProto
  private static final int NODE_INPUT = 1;
  private static final int NODE_OUTPUT = 2;
  private static final int NODE_NAME = 3;
  private static final int NODE_OP_TYPE = 4;
  private static final int NODE_ATTRIBUTE = 5;
  // AttributeProto
  private static final int ATTRIBUTE_NAME = 1;
  private static final int ATTRIBUTE_F = 2;
  private static final int ATTRIBUTE_I = 3;
  private static final int ATTRIBUTE_S = 4;
  private static final int ATTRIBUTE_INTS = 8;
  private static final int ATTRIBUTE_TYPE = 20;
  private static final int ATTRIBUTE_TYPE_FLOAT = 1;
  private static final int ATTRIBUTE_TYPE_INT = 2;
  private static final int ATTRIBUTE_TYPE_STRING = 3;
  private static final int ATTRIBUTE_TYPE_INTS = 7;
  // TensorProto
  private static final int TENSOR_DIMS = 1;
  private static final int TENSOR_DATA_TYPE = 2;
  private static final int TENSOR_NAME = 8;
  private static final int TENSOR_RAW_DATA = 9;
  // ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto, TensorShapeProto.Dimension
  private static final int VALUE_INFO_NAME = 1;
  private static final int VALUE_INFO_TYPE = 2;
  private static final int TYPE_TENSOR_TYPE = 1;
  private static final int TENSOR_TYPE_ELEM_TYPE = 1;
  private static final int TENSOR_TYPE_SHAPE = 2;
  private static final int SHAPE_DIM = 1;
  private static final int DIM_VALUE = 1;
  private static final int DIM_PARAM = 2;

  private final String graphName;
  private final ProtoWriter nodes = new ProtoWriter();
  private final ProtoWriter initializers = new ProtoWriter();
  private final ProtoWriter inputs = new ProtoWriter();
  private final ProtoWriter outputs = new ProtoWriter();
  private final Set<String> values = new HashSet<>();
  private int nodeCount;
  private int outputCount;
  private final GraphPrecision precision;
  /** QDQ only: float initializers not written yet, so a convolution can take them as int8. */
  private final Map<String, FloatConstant> pendingFloats = new HashMap<>();
  /** QDQ only: the uint8 parameters of every activation that passes through Quantize/Dequantize. */
  private final Map<String, Qdq.Params> quantized = new HashMap<>();
  /** ExposeActivations only: node outputs to declare as graph outputs when the model is built. */
  private final Set<String> exposed = new LinkedHashSet<>();
  private final Set<String> declaredOutputs = new HashSet<>();
  private int quantizedConvolutions;

  private record FloatConstant(float[] data, long[] dims) {}

  OnnxGraphBuilder(String graphName) {
    this(graphName, new GraphPrecision.Float32());
  }

  OnnxGraphBuilder(String graphName, GraphPrecision precision) {
    this.graphName = graphName;
    this.precision = precision;
  }

  /**
   * One dimension of a graph input or output: a fixed size or a named symbol such as {@code "N"}
   * for a batch size chosen at run time.
   */
  record Dim(long size, String symbol) {
    Dim {
      if ((symbol == null) == (size < 1)) {
        throw new IllegalArgumentException(
            "a dimension is either a positive size or a symbol, got size "
                + size
                + " and symbol "
                + symbol);
      }
    }

    static Dim of(long size) {
      return new Dim(size, null);
    }

    static Dim symbolic(String symbol) {
      return new Dim(0, symbol);
    }
  }

  /** A node attribute, encoded as an {@code AttributeProto}. */
  sealed interface Attribute {
    String name();

    void writeValue(ProtoWriter attribute);

    static Attribute of(String name, long value) {
      return new IntAttribute(name, value);
    }

    static Attribute of(String name, float value) {
      return new FloatAttribute(name, value);
    }

    static Attribute ints(String name, long... values) {
      return new IntsAttribute(name, values.clone());
    }

    static Attribute of(String name, String value) {
      return new StringAttribute(name, value);
    }
  }

  private record StringAttribute(String name, String value) implements Attribute {
    @Override
    public void writeValue(ProtoWriter attribute) {
      attribute.string(ATTRIBUTE_S, value).int64(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_STRING);
    }
  }

  private record IntAttribute(String name, long value) implements Attribute {
    @Override
    public void writeValue(ProtoWriter attribute) {
      attribute.int64(ATTRIBUTE_I, value).int64(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_INT);
    }
  }

  private record FloatAttribute(String name, float value) implements Attribute {
    @Override
    public void writeValue(ProtoWriter attribute) {
      attribute.float32(ATTRIBUTE_F, value).int64(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_FLOAT);
    }
  }

  private record IntsAttribute(String name, long[] values) implements Attribute {
    @Override
    public void writeValue(ProtoWriter attribute) {
      for (long value : values) {
        attribute.int64(ATTRIBUTE_INTS, value);
      }
      attribute.int64(ATTRIBUTE_TYPE, ATTRIBUTE_TYPE_INTS);
    }
  }

  /** Declares a float32 graph input and returns its name. */
  String input(String name, Dim... shape) {
    declare(name);
    inputs.message(GRAPH_INPUT, valueInfo(name, shape));
    return name;
  }

  /** Declares an existing value as a float32 graph output. */
  void output(String name, Dim... shape) {
    if (!values.contains(name)) {
      throw new IllegalArgumentException("graph output '" + name + "' is not produced by any node");
    }
    outputs.message(GRAPH_OUTPUT, valueInfo(name, shape));
    declaredOutputs.add(name);
    outputCount++;
  }

  /** Adds a float32 constant tensor and returns its name. */
  String initializer(String name, float[] data, long... dims) {
    checkElementCount(name, data.length, dims);
    if (precision instanceof GraphPrecision.Qdq) {
      declare(name);
      pendingFloats.put(name, new FloatConstant(data.clone(), dims.clone()));
      return name;
    }
    ByteBuffer raw = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(data);
    return initializer(name, FLOAT, raw.array(), dims);
  }

  /** Adds an int64 constant tensor and returns its name. */
  String initializer(String name, long[] data, long... dims) {
    checkElementCount(name, data.length, dims);
    ByteBuffer raw = ByteBuffer.allocate(data.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    raw.asLongBuffer().put(data);
    return initializer(name, INT64, raw.array(), dims);
  }

  /** Adds one node of the default domain whose single output is named {@code name}. */
  String node(String opType, String name, List<String> nodeInputs, Attribute... attributes) {
    for (String input : nodeInputs) {
      if (!values.contains(input)) {
        throw new IllegalArgumentException(
            opType + " node '" + name + "' reads '" + input + "', which is not defined yet");
      }
    }
    declare(name);
    if (!(precision instanceof GraphPrecision.Qdq qdq)) {
      writeNode(opType, name, nodeInputs, name, attributes);
      if (precision instanceof GraphPrecision.ExposeActivations
          && GraphPrecision.QUANTIZABLE_OUTPUTS.contains(opType)) {
        exposed.add(name);
      }
      return name;
    }
    List<String> inputs =
        opType.equals("Conv") ? quantizedConvInputs(name, nodeInputs) : materialized(nodeInputs);
    var range = qdq.ranges().range(name);
    if (range.isEmpty() || !GraphPrecision.QUANTIZABLE_OUTPUTS.contains(opType)) {
      writeNode(opType, name, inputs, name, attributes);
      return name;
    }
    // The float result goes to name/float; name itself becomes the dequantized value, so every
    // consumer reads the activation as the int8 model will see it.
    String floatValue = name + "/float";
    declare(floatValue);
    writeNode(opType, name, inputs, floatValue, attributes);
    quantizeValue(floatValue, name, Qdq.Params.uint8(range.get()));
    return name;
  }

  /**
   * QDQ: the inputs of convolution {@code name}. With a quantized input activation and constant
   * OIHW weights, the weights become int8 (one symmetric scale per output channel) and the bias
   * int32 at scale (input scale x weight scale), each behind a DequantizeLinear on axis 0, which is
   * the pattern ONNX Runtime fuses into QLinearConv. Otherwise the convolution stays float.
   */
  private List<String> quantizedConvInputs(String name, List<String> inputs) {
    Qdq.Params x = quantized.get(inputs.get(0));
    FloatConstant w = inputs.size() > 1 ? pendingFloats.get(inputs.get(1)) : null;
    FloatConstant b = inputs.size() > 2 ? pendingFloats.get(inputs.get(2)) : null;
    if (x == null || w == null || w.dims().length != 4 || (inputs.size() > 2 && b == null)) {
      return materialized(inputs);
    }
    int channels = (int) w.dims()[0];
    Qdq.PerChannel weights = Qdq.int8PerChannel(w.data(), channels);
    List<String> out = new ArrayList<>();
    out.add(inputs.get(0));
    String wq = name + "/weights_int8";
    String ws = name + "/weights_scale";
    String wz = name + "/weights_zero_point";
    rawInitializer(wq, INT8, weights.values(), w.dims());
    rawInitializer(ws, FLOAT, Qdq.floats(weights.scales()), channels);
    rawInitializer(wz, INT8, new byte[channels], channels);
    String wdq = name + "/weights";
    declare(wdq);
    writeNode("DequantizeLinear", wdq, List.of(wq, ws, wz), wdq, Attribute.of("axis", 0L));
    out.add(wdq);
    if (b != null) {
      if (b.data().length != channels) {
        throw new IllegalArgumentException(
            "convolution '" + name + "' has " + channels + " output channels but a bias of " + b.data().length);
      }
      float[] biasScales = new float[channels];
      for (int c = 0; c < channels; c++) {
        biasScales[c] = x.scale() * weights.scales()[c];
      }
      String bq = name + "/bias_int32";
      String bs = name + "/bias_scale";
      rawInitializer(bq, INT32, Qdq.int32(b.data(), biasScales), channels);
      rawInitializer(bs, FLOAT, Qdq.floats(biasScales), channels);
      String bdq = name + "/bias";
      declare(bdq);
      writeNode("DequantizeLinear", bdq, List.of(bq, bs), bdq, Attribute.of("axis", 0L));
      out.add(bdq);
    }
    quantizedConvolutions++;
    return out;
  }

  /**
   * A convolution followed by Relu, the Relu's output named {@code reluName}. In float this is the
   * two nodes. In QDQ form the convolution's output is quantized with the Relu's range, whose zero
   * point is 0: uint8 cannot hold a negative value, so the quantization itself is the Relu, and ONNX
   * Runtime runs one QLinearConv instead of a convolution, a requantization and a Relu.
   */
  String convRelu(String name, String reluName, String x, String weights, String bias, ConvGeometry g) {
    if (!(precision instanceof GraphPrecision.Qdq qdq)
        || qdq.ranges().range(reluName).isEmpty()
        || qdq.ranges().range(reluName).get().min() < 0) {
      return relu(reluName, conv(name, x, weights, bias, g));
    }
    for (String input : List.of(x, weights, bias)) {
      if (!values.contains(input)) {
        throw new IllegalArgumentException(
            "Conv node '" + name + "' reads '" + input + "', which is not defined yet");
      }
    }
    declare(name);
    declare(reluName);
    List<String> inputs = quantizedConvInputs(name, List.of(x, weights, bias));
    writeNode(
        "Conv",
        name,
        inputs,
        name,
        Attribute.ints("kernel_shape", g.kernelHeight(), g.kernelWidth()),
        Attribute.ints("strides", g.strideHeight(), g.strideWidth()),
        Attribute.ints("dilations", g.dilationHeight(), g.dilationWidth()),
        Attribute.ints("pads", g.padTop(), g.padLeft(), g.padBottom(), g.padRight()),
        Attribute.of("group", (long) g.groups()));
    quantizeValue(name, reluName, Qdq.Params.uint8(qdq.ranges().range(reluName).get()));
    return reluName;
  }

  /** QDQ: writes {@code floatValue -> QuantizeLinear -> DequantizeLinear -> name} with params {@code p}. */
  private void quantizeValue(String floatValue, String name, Qdq.Params p) {
    String scale = name + "/scale";
    String zero = name + "/zero_point";
    rawInitializer(scale, FLOAT, Qdq.floats(p.scale()));
    rawInitializer(zero, UINT8, new byte[] {(byte) p.zeroPoint()});
    declare(name + "/quantized");
    writeNode("QuantizeLinear", name + "/quantize", List.of(floatValue, scale, zero), name + "/quantized");
    writeNode("DequantizeLinear", name + "/dequantize", List.of(name + "/quantized", scale, zero), name);
    quantized.put(name, p);
  }

  /** QDQ: writes any still-pending float constants among {@code inputs} as float32 initializers. */
  private List<String> materialized(List<String> inputs) {
    for (String input : inputs) {
      FloatConstant f = pendingFloats.remove(input);
      if (f != null) {
        ByteBuffer raw =
            ByteBuffer.allocate(f.data().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(f.data());
        writeInitializer(input, FLOAT, raw.array(), f.dims());
      }
    }
    return inputs;
  }

  /** How many convolutions were given int8 weights (QDQ only). */
  int quantizedConvolutions() {
    return quantizedConvolutions;
  }

  private void writeNode(
      String opType, String nodeName, List<String> nodeInputs, String output, Attribute... attributes) {
    ProtoWriter node = new ProtoWriter();
    for (String input : nodeInputs) {
      node.string(NODE_INPUT, input);
    }
    node.string(NODE_OUTPUT, output).string(NODE_NAME, nodeName).string(NODE_OP_TYPE, opType);
    for (Attribute attribute : attributes) {
      ProtoWriter encoded = new ProtoWriter().string(ATTRIBUTE_NAME, attribute.name());
      attribute.writeValue(encoded);
      node.message(NODE_ATTRIBUTE, encoded);
    }
    nodes.message(GRAPH_NODE, node);
    nodeCount++;
  }

  String transpose(String name, String x, long... perm) {
    return node("Transpose", name, List.of(x), Attribute.ints("perm", perm));
  }

  /** 2-D convolution with a square kernel, equal stride on both axes and symmetric padding. */
  String conv(String name, String x, String weights, String bias, int kernel, int stride, int pad) {
    return node(
        "Conv",
        name,
        List.of(x, weights, bias),
        Attribute.ints("kernel_shape", kernel, kernel),
        Attribute.ints("strides", stride, stride),
        Attribute.ints("pads", pad, pad, pad, pad));
  }

  /**
   * Where and how a 2-D convolution slides: kernel, stride and dilation per axis, padding per side
   * (TFLite's SAME padding puts the odd pixel after, so the sides differ) and the number of channel
   * groups (the input channel count for a depthwise convolution, else 1).
   */
  record ConvGeometry(
      int kernelHeight,
      int kernelWidth,
      int strideHeight,
      int strideWidth,
      int dilationHeight,
      int dilationWidth,
      int padTop,
      int padLeft,
      int padBottom,
      int padRight,
      int groups) {
    ConvGeometry {
      if (kernelHeight < 1
          || kernelWidth < 1
          || strideHeight < 1
          || strideWidth < 1
          || dilationHeight < 1
          || dilationWidth < 1
          || padTop < 0
          || padLeft < 0
          || padBottom < 0
          || padRight < 0
          || groups < 1) {
        throw new IllegalArgumentException(
            "kernel, strides, dilations and groups must be positive and pads non-negative, got "
                + kernelHeight
                + "x"
                + kernelWidth
                + " kernel, strides "
                + strideHeight
                + "/"
                + strideWidth
                + ", dilations "
                + dilationHeight
                + "/"
                + dilationWidth
                + ", pads "
                + padTop
                + "/"
                + padLeft
                + "/"
                + padBottom
                + "/"
                + padRight
                + ", "
                + groups
                + " groups");
      }
    }
  }

  /** 2-D convolution (NCHW input, OIHW weights) with the given {@link ConvGeometry}. */
  String conv(String name, String x, String weights, String bias, ConvGeometry g) {
    return node(
        "Conv",
        name,
        List.of(x, weights, bias),
        Attribute.ints("kernel_shape", g.kernelHeight(), g.kernelWidth()),
        Attribute.ints("strides", g.strideHeight(), g.strideWidth()),
        Attribute.ints("dilations", g.dilationHeight(), g.dilationWidth()),
        Attribute.ints("pads", g.padTop(), g.padLeft(), g.padBottom(), g.padRight()),
        Attribute.of("group", (long) g.groups()));
  }

  String relu(String name, String x) {
    return node("Relu", name, List.of(x));
  }

  String add(String name, String a, String b) {
    return node("Add", name, List.of(a, b));
  }

  String sub(String name, String a, String b) {
    return node("Sub", name, List.of(a, b));
  }

  String mul(String name, String a, String b) {
    return node("Mul", name, List.of(a, b));
  }

  String abs(String name, String x) {
    return node("Abs", name, List.of(x));
  }

  String div(String name, String a, String b) {
    return node("Div", name, List.of(a, b));
  }

  String neg(String name, String x) {
    return node("Neg", name, List.of(x));
  }

  String exp(String name, String x) {
    return node("Exp", name, List.of(x));
  }

  /**
   * Max pooling (NCHW) with the window, strides and per-side padding of {@code g}; padded cells
   * never win, as in TFLite. {@code g.groups()} and the dilations must be 1.
   */
  String maxPool(String name, String x, ConvGeometry g) {
    requirePlainWindow("max pool", name, g);
    return node(
        "MaxPool",
        name,
        List.of(x),
        Attribute.ints("kernel_shape", g.kernelHeight(), g.kernelWidth()),
        Attribute.ints("strides", g.strideHeight(), g.strideWidth()),
        Attribute.ints("pads", g.padTop(), g.padLeft(), g.padBottom(), g.padRight()));
  }

  /** A pooling window has no groups and no dilations. */
  private static void requirePlainWindow(String pool, String name, ConvGeometry g) {
    if (g.groups() != 1 || g.dilationHeight() != 1 || g.dilationWidth() != 1) {
      throw new IllegalArgumentException(pool + " '" + name + "' cannot have groups or dilations: " + g);
    }
  }

  /**
   * Max pooling (NCHW) padded as TFLite's SAME for whatever size arrives at run time: {@code
   * ceil(in / stride)} outputs, the odd padding pixel after (ONNX's {@code SAME_UPPER}).
   */
  String maxPoolSameUpper(String name, String x, int kernelH, int kernelW, int strideH, int strideW) {
    return node(
        "MaxPool",
        name,
        List.of(x),
        Attribute.of("auto_pad", "SAME_UPPER"),
        Attribute.ints("kernel_shape", kernelH, kernelW),
        Attribute.ints("strides", strideH, strideW));
  }

  /**
   * Average pooling (NCHW) with the window, strides and per-side padding of {@code g}, averaging
   * only the cells inside the input ({@code count_include_pad} 0), as TFLite does.
   */
  String averagePool(String name, String x, ConvGeometry g) {
    requirePlainWindow("average pool", name, g);
    return node(
        "AveragePool",
        name,
        List.of(x),
        Attribute.ints("kernel_shape", g.kernelHeight(), g.kernelWidth()),
        Attribute.ints("strides", g.strideHeight(), g.strideWidth()),
        Attribute.ints("pads", g.padTop(), g.padLeft(), g.padBottom(), g.padRight()),
        Attribute.of("count_include_pad", 0L));
  }

  /** Average pooling (NCHW) padded as TFLite's SAME for whatever size arrives at run time. */
  String averagePoolSameUpper(
      String name, String x, int kernelH, int kernelW, int strideH, int strideW) {
    return node(
        "AveragePool",
        name,
        List.of(x),
        Attribute.of("auto_pad", "SAME_UPPER"),
        Attribute.ints("kernel_shape", kernelH, kernelW),
        Attribute.ints("strides", strideH, strideW),
        Attribute.of("count_include_pad", 0L));
  }

  /** {@code x} where {@code x >= 0}, {@code alpha * x} elsewhere. */
  String leakyRelu(String name, String x, float alpha) {
    return node("LeakyRelu", name, List.of(x), Attribute.of("alpha", alpha));
  }

  /** Boolean {@code a >= b}, broadcasting. */
  String greaterOrEqual(String name, String a, String b) {
    return node("GreaterOrEqual", name, List.of(a, b));
  }

  /** Boolean {@code a < b}, broadcasting. */
  String less(String name, String a, String b) {
    return node("Less", name, List.of(a, b));
  }

  /** {@code x} converted to float32 (a boolean becomes 0 or 1). */
  String castToFloat(String name, String x) {
    return node("Cast", name, List.of(x), Attribute.of("to", (long) FLOAT));
  }

  /** Joins {@code parts} along {@code axis}. */
  String concat(String name, List<String> parts, long axis) {
    return node("Concat", name, parts, Attribute.of("axis", axis));
  }

  /**
   * {@code x[starts:ends:steps]} on every axis in order (opset 13 takes the bounds as inputs);
   * bounds past an axis' end are clamped to it, as in NumPy.
   */
  String slice(String name, String x, long[] starts, long[] ends, long[] steps) {
    long[] axes = new long[starts.length];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i;
    }
    String s = initializer(name + "/starts", starts, starts.length);
    String e = initializer(name + "/ends", ends, ends.length);
    String a = initializer(name + "/axes", axes, axes.length);
    String st = initializer(name + "/steps", steps, steps.length);
    return node("Slice", name, List.of(x, s, e, a, st));
  }

  /** Flattens every axis from {@code axis} on into one, giving a 2-D value. */
  String flatten(String name, String x, long axis) {
    return node("Flatten", name, List.of(x), Attribute.of("axis", axis));
  }

  /** {@code x * weights^T + bias} for a 2-D {@code x} and {@code weights} of shape [out, in]. */
  String gemmTransposedWeights(String name, String x, String weights, String bias) {
    return node("Gemm", name, List.of(x, weights, bias), Attribute.of("transB", 1L));
  }

  /** Maximum over {@code axes}, keeping them as size 1 (opset 13 takes axes as attribute). */
  String reduceMaxKeepDims(String name, String x, long... axes) {
    return node(
        "ReduceMax", name, List.of(x), Attribute.ints("axes", axes), Attribute.of("keepdims", 1L));
  }

  /** Sum over {@code axes}, keeping them as size 1 (opset 13 takes axes as an input). */
  String reduceSumKeepDims(String name, String x, long... axes) {
    String axesName = initializer(name + "/axes", axes, axes.length);
    return node("ReduceSum", name, List.of(x, axesName), Attribute.of("keepdims", 1L));
  }

  String tanh(String name, String x) {
    return node("Tanh", name, List.of(x));
  }

  /** {@code x} where positive, {@code slope * x} elsewhere; {@code slope} broadcasts to x. */
  String prelu(String name, String x, String slope) {
    return node("PRelu", name, List.of(x, slope));
  }

  /** Clamps {@code x} to {@code [min, max]} (opset 13 takes both bounds as inputs). */
  String clip(String name, String x, float min, float max) {
    String minName = initializer(name + "/min", new float[] {min});
    String maxName = initializer(name + "/max", new float[] {max});
    return node("Clip", name, List.of(x, minName, maxName));
  }

  /**
   * Reshapes {@code x}; as in ONNX, a 0 in {@code shape} copies that input dimension and one -1 is
   * inferred from the rest.
   */
  String reshape(String name, String x, long... shape) {
    String shapeName = initializer(name + "/shape", shape, shape.length);
    return node("Reshape", name, List.of(x, shapeName));
  }

  String matMul(String name, String a, String b) {
    return node("MatMul", name, List.of(a, b));
  }

  /**
   * Zero padding; {@code pads} lists the amounts added before every axis, then after every axis, as
   * ONNX's Pad expects.
   */
  String pad(String name, String x, long... pads) {
    String padsName = initializer(name + "/pads", pads, pads.length);
    return node("Pad", name, List.of(x, padsName));
  }

  /** Max pooling over a square window without padding, rounding the output size down. */
  String maxPool(String name, String x, int kernel, int stride) {
    return node(
        "MaxPool",
        name,
        List.of(x),
        Attribute.ints("kernel_shape", kernel, kernel),
        Attribute.ints("strides", stride, stride));
  }

  /** Average pooling over a square window without padding, rounding the output size down. */
  String averagePool(String name, String x, int kernel, int stride) {
    return node(
        "AveragePool",
        name,
        List.of(x),
        Attribute.ints("kernel_shape", kernel, kernel),
        Attribute.ints("strides", stride, stride));
  }

  /** Mean over {@code axes}, dropping them from the shape (opset 13 takes axes as attribute). */
  String reduceMean(String name, String x, long... axes) {
    return node(
        "ReduceMean", name, List.of(x), Attribute.ints("axes", axes), Attribute.of("keepdims", 0L));
  }

  /** Encodes the finished model; {@code docString} describes it for whoever opens the file. */
  byte[] build(String producerName, String docString) {
    if (outputCount == 0) {
      throw new IllegalStateException("graph '" + graphName + "' has no output");
    }
    ProtoWriter graph =
        new ProtoWriter()
            .append(nodes)
            .string(GRAPH_NAME, graphName)
            .append(initializers)
            .append(inputs)
            .append(outputs);
    for (String name : exposed) {
      if (!declaredOutputs.contains(name)) {
        graph.message(GRAPH_OUTPUT, valueInfo(name));
      }
    }
    ProtoWriter opset =
        new ProtoWriter().string(OPSET_DOMAIN, "").int64(OPSET_VERSION_FIELD, OPSET_VERSION);
    return new ProtoWriter()
        .int64(MODEL_IR_VERSION, IR_VERSION)
        .string(MODEL_PRODUCER_NAME, producerName)
        .string(MODEL_DOC_STRING, docString)
        .message(MODEL_GRAPH, graph)
        .message(MODEL_OPSET_IMPORT, opset)
        .toByteArray();
  }

  /** Number of nodes added so far. */
  int nodeCount() {
    return nodeCount;
  }

  private String initializer(String name, int dataType, byte[] raw, long... dims) {
    declare(name);
    writeInitializer(name, dataType, raw, dims);
    return name;
  }

  private void rawInitializer(String name, int dataType, byte[] raw, long... dims) {
    declare(name);
    writeInitializer(name, dataType, raw, dims);
  }

  private void writeInitializer(String name, int dataType, byte[] raw, long... dims) {
    ProtoWriter tensor = new ProtoWriter();
    for (long dim : dims) {
      tensor.int64(TENSOR_DIMS, dim);
    }
    tensor.int64(TENSOR_DATA_TYPE, dataType).string(TENSOR_NAME, name).bytes(TENSOR_RAW_DATA, raw);
    initializers.message(GRAPH_INITIALIZER, tensor);
  }

  /** A float32 value of unstated shape (the exposed activations of a calibration graph). */
  private static ProtoWriter valueInfo(String name) {
    ProtoWriter tensorType = new ProtoWriter().int64(TENSOR_TYPE_ELEM_TYPE, FLOAT);
    ProtoWriter type = new ProtoWriter().message(TYPE_TENSOR_TYPE, tensorType);
    return new ProtoWriter().string(VALUE_INFO_NAME, name).message(VALUE_INFO_TYPE, type);
  }

  private static ProtoWriter valueInfo(String name, Dim... shape) {
    ProtoWriter dims = new ProtoWriter();
    for (Dim dim : shape) {
      ProtoWriter encoded = new ProtoWriter();
      if (dim.symbol() != null) {
        encoded.string(DIM_PARAM, dim.symbol());
      } else {
        encoded.int64(DIM_VALUE, dim.size());
      }
      dims.message(SHAPE_DIM, encoded);
    }
    ProtoWriter tensorType =
        new ProtoWriter().int64(TENSOR_TYPE_ELEM_TYPE, FLOAT).message(TENSOR_TYPE_SHAPE, dims);
    ProtoWriter type = new ProtoWriter().message(TYPE_TENSOR_TYPE, tensorType);
    return new ProtoWriter().string(VALUE_INFO_NAME, name).message(VALUE_INFO_TYPE, type);
  }

  private void declare(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("ONNX value names must be non-empty, got '" + name + "'");
    }
    if (!values.add(name)) {
      throw new IllegalArgumentException(
          "value '" + name + "' is already defined in graph '" + graphName + "'");
    }
  }

  private static void checkElementCount(String name, int count, long... dims) {
    long expected = Arrays.stream(dims).reduce(1, Math::multiplyExact);
    if (expected != count) {
      throw new IllegalArgumentException(
          "initializer '"
              + name
              + "' has shape "
              + Arrays.toString(dims)
              + " ("
              + expected
              + " elements) but "
              + count
              + " values");
    }
  }
}
