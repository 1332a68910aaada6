package org.likeness.models.convert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.likeness.error.BadInputException;
import org.likeness.models.convert.OnnxGraphBuilder.ConvGeometry;
import org.likeness.models.convert.OnnxGraphBuilder.Dim;
import org.likeness.models.convert.TfliteModel.Activation;
import org.likeness.models.convert.TfliteModel.Operator;
import org.likeness.models.convert.TfliteModel.Options;
import org.likeness.models.convert.TfliteModel.Padding;
import org.likeness.models.convert.TfliteModel.Tensor;
import org.likeness.models.convert.TfliteModel.TensorType;

/**
 * Translates a float TensorFlow Lite graph with one input and one or more outputs, operator by
 * operator, into an ONNX graph whose batch size (and, for fully convolutional graphs, height and
 * width) is chosen at run time.
 *
 * <p>Supported operators: {@code CONV_2D}, {@code DEPTHWISE_CONV_2D}, {@code ADD}, {@code SUB},
 * {@code MUL}, {@code DIV}, {@code RELU}, {@code LEAKY_RELU}, {@code ABS}, {@code NEG}, {@code
 * EXP}, {@code RESHAPE}, {@code MAX_POOL_2D}, {@code AVERAGE_POOL_2D}, {@code FULLY_CONNECTED},
 * {@code REDUCE_MAX} and {@code SUM} that keep their axes, {@code CONCATENATION}, {@code
 * STRIDED_SLICE} with constant bounds and positive strides, the comparisons {@code GREATER_EQUAL}
 * and {@code LESS}, {@code CAST} from bool to float32, and {@code DEQUANTIZE} of float16 constants,
 * with the fused activations NONE, RELU, RELU6, RELU_N1_TO_1 and TANH. Anything else fails with the
 * operator's name and index.
 *
 * <p>Float16 weights: a converter that stores weights as float16 writes a {@code DEQUANTIZE}
 * operator per weight tensor, which the runtime evaluates once. Each becomes a plain float32
 * initializer here (the float16 value widened exactly), so the ONNX graph holds no float16 and no
 * Cast of constants.
 *
 * <p>Layout: TFLite tensors are NHWC, ONNX's Conv wants NCHW. Every 4-D activation is kept in NCHW
 * inside the ONNX graph; a Transpose is inserted only where a value is needed in TFLite's own axis
 * order (before a RESHAPE, so the flattened order matches TFLite's, and at the graph output), and
 * where the graph input enters. Constants that broadcast against an NCHW value are permuted to
 * match. Padding is explicit per side: TFLite's SAME puts the odd pixel at the bottom and right,
 * which ONNX's symmetric {@code auto_pad} values cannot express for every size.
 *
 * <p>Batch: the input's first dimension is the batch the file was exported with. The ONNX graph
 * declares it as the symbol {@value #BATCH}; a RESHAPE whose target spells out that batch gets a 0
 * (ONNX for "copy this dimension") instead, and any other use of the fixed batch is an error.
 *
 * <p>TOCO writes PReLU as {@code relu(x) + alpha * (x - |x|)}, five operators, with slope
 * {@code 2 * alpha} ({@code x - |x|} is exactly {@code 2x} for negative x and 0 otherwise). On a 4-D
 * value with one slope per channel the idiom becomes {@code x + (1 - slope) * relu(-x)}, built from
 * 1x1 depthwise convolutions, a Relu and an Add, which ONNX Runtime keeps in its blocked NCHWc
 * layout (a PRelu node would make it leave that layout and come back around every activation;
 * MobileFaceNet: 7% less time per call). It matches PRelu to one float rounding. Any
 * other PReLU becomes one ONNX PRelu. TOCO also writes PReLU as {@code relu(x) + alpha *
 * -relu(-x)} (facenet's MTCNN), six operators with slope {@code alpha}; it is translated the same
 * way.
 */
final class TfliteToOnnx {
  /** Symbol of the dynamic batch dimension in the ONNX graph. */
  static final String BATCH = "N";

  private static final long[] NHWC_TO_NCHW = {0, 3, 1, 2};
  private static final long[] NCHW_TO_NHWC = {0, 2, 3, 1};

  /** Where NHWC axis i (the TFLite axis) lies in NCHW. */
  private static final long[] NHWC_TO_NCHW_AXIS = {0, 2, 3, 1};

  private final TfliteModel model;
  private final String source;
  private final OnnxGraphBuilder graph;
  private final String inputName;
  private final int inputTensor;
  private final int batch;
  private final boolean dynamicSpatial;

  /** The graph's output tensors, in the file's order, and their ONNX names. */
  private final Map<Integer, String> outputs = new LinkedHashMap<>();

  /** ONNX value holding a TFLite tensor in TFLite's own axis order. */
  private final Map<Integer, String> tfliteOrder = new HashMap<>();

  /** ONNX value holding a 4-D TFLite tensor transposed to NCHW. */
  private final Map<Integer, String> nchwOrder = new HashMap<>();

  /** ONNX initializers already made from a constant, keyed by tensor index and use. */
  private final Map<String, String> constants = new HashMap<>();

  private final Set<String> names = new HashSet<>();

  /** PReLU idioms keyed by the index of their final ADD. */
  private final Map<Integer, PreluIdiom> prelus = new LinkedHashMap<>();

  /** Operators folded into a PReLU idiom, emitted by the idiom's ADD. */
  private final Set<Integer> absorbed = new HashSet<>();

  /**
   * A PReLU idiom ending at the ADD operator {@code add}, on input {@code x} with constant {@code
   * alpha}; the PReLU slope is {@code slopeScale * alpha}.
   */
  private record PreluIdiom(int add, int x, int alpha, float slopeScale) {}

  private TfliteToOnnx(
      TfliteModel model,
      String source,
      String graphName,
      String inputName,
      List<String> outputNames,
      boolean dynamicSpatial,
      GraphPrecision precision) {
    this.source = source;
    this.model = foldFloat16Dequantize(model);
    this.graph = new OnnxGraphBuilder(graphName, precision);
    this.inputName = inputName;
    this.dynamicSpatial = dynamicSpatial;
    if (model.inputs().size() != 1 || model.outputs().size() != outputNames.size()) {
      throw bad(
          "has "
              + model.inputs().size()
              + " inputs and "
              + model.outputs().size()
              + " outputs; the converter expected 1 input and "
              + outputNames.size()
              + " outputs "
              + outputNames);
    }
    this.inputTensor = model.inputs().get(0);
    Tensor input = tensor(inputTensor);
    if (input.type() != TensorType.FLOAT32 || input.shape().length == 0) {
      throw bad("input " + input.describe() + " is " + input.type() + ", expected float32 [N,...]");
    }
    if (dynamicSpatial && input.shape().length != 4) {
      throw bad(
          "input " + input.describe() + " is not 4-D, so it has no height and width to make dynamic");
    }
    this.batch = input.shape()[0];
    names.add(inputName);
    for (int i = 0; i < outputNames.size(); i++) {
      if (!names.add(outputNames.get(i))) {
        throw new IllegalArgumentException("output name '" + outputNames.get(i) + "' is used twice");
      }
      outputs.put(model.outputs().get(i), outputNames.get(i));
    }
  }

  /**
   * Translates {@code model} into a graph named {@code graphName}, with the input and output
   * renamed to {@code inputName} and {@code outputName} and their first dimension made dynamic.
   *
   * @param source the file the model came from, named in error messages
   * @throws BadInputException if the graph uses an operator, option or shape the translator does
   *     not support; the message names the file, the operator or tensor, and the numbers
   */
  static OnnxGraphBuilder translate(
      TfliteModel model, String source, String graphName, String inputName, String outputName) {
    return translate(model, source, graphName, inputName, outputName, new GraphPrecision.Float32());
  }

  /** As {@link #translate(TfliteModel, String, String, String, String)}, in the given precision. */
  static OnnxGraphBuilder translate(
      TfliteModel model,
      String source,
      String graphName,
      String inputName,
      String outputName,
      GraphPrecision precision) {
    return new TfliteToOnnx(
            model, source, graphName, inputName, List.of(outputName), false, precision)
        .translate();
  }

  /**
   * Translates a graph with one input and several outputs, named in the file's output order. With
   * {@code dynamicSpatial}, the input's height and width (axes 1 and 2 of NHWC) and those of every
   * 4-D output become symbols too, so one fully convolutional model runs on any image size; the
   * graph must then contain no operator whose ONNX form bakes in the file's spatial size (RESHAPE,
   * FULLY_CONNECTED, a convolution with SAME padding at stride > 1); a SAME max pool is emitted
   * with ONNX's {@code SAME_UPPER}, which pads for the size that arrives.
   */
  static OnnxGraphBuilder translate(
      TfliteModel model,
      String source,
      String graphName,
      String inputName,
      List<String> outputNames,
      boolean dynamicSpatial) {
    return new TfliteToOnnx(
            model, source, graphName, inputName, outputNames, dynamicSpatial, new GraphPrecision.Float32())
        .translate();
  }

  private OnnxGraphBuilder translate() {
    Tensor input = tensor(inputTensor);
    graph.input(inputName, dynamicDims(input.shape(), "height", "width"));
    tfliteOrder.put(inputTensor, inputName);
    findPreluIdioms();
    for (Operator op : model.operators()) {
      if (absorbed.contains(op.index())) {
        continue;
      }
      PreluIdiom prelu = prelus.get(op.index());
      if (prelu != null) {
        prelu(op, prelu);
        continue;
      }
      switch (op.builtinCode()) {
        case TfliteOperators.CONV_2D -> conv(op);
        case TfliteOperators.DEPTHWISE_CONV_2D -> depthwiseConv(op);
        case TfliteOperators.ADD,
                TfliteOperators.SUB,
                TfliteOperators.MUL,
                TfliteOperators.DIV ->
            arithmetic(op);
        case TfliteOperators.RELU,
                TfliteOperators.LEAKY_RELU,
                TfliteOperators.ABS,
                TfliteOperators.NEG,
                TfliteOperators.EXP ->
            unary(op);
        case TfliteOperators.GREATER_EQUAL, TfliteOperators.LESS -> comparison(op);
        case TfliteOperators.CAST -> cast(op);
        case TfliteOperators.CONCATENATION -> concatenation(op);
        case TfliteOperators.STRIDED_SLICE -> stridedSlice(op);
        case TfliteOperators.AVERAGE_POOL_2D -> pool(op, false);
        case TfliteOperators.RESHAPE -> {
          requireFixedSpatial(op);
          reshape(op);
        }
        case TfliteOperators.MAX_POOL_2D -> pool(op, true);
        case TfliteOperators.FULLY_CONNECTED -> {
          requireFixedSpatial(op);
          fullyConnected(op);
        }
        case TfliteOperators.REDUCE_MAX, TfliteOperators.SUM -> reduce(op);
        default ->
            throw bad(
                op.describe()
                    + " is not supported; the converter handles CONV_2D, DEPTHWISE_CONV_2D, ADD,"
                    + " SUB, MUL, DIV, RELU, LEAKY_RELU, ABS, NEG, EXP, RESHAPE, MAX_POOL_2D,"
                    + " AVERAGE_POOL_2D, FULLY_CONNECTED, REDUCE_MAX, SUM, CONCATENATION,"
                    + " STRIDED_SLICE, GREATER_EQUAL, LESS, CAST and DEQUANTIZE (of float16"
                    + " constants)");
      }
    }
    for (Map.Entry<Integer, String> out : outputs.entrySet()) {
      String output = inTfliteOrder(out.getKey());
      if (!output.equals(out.getValue())) {
        throw bad("output " + tensor(out.getKey()).describe() + " is not computed by any operator");
      }
      graph.output(
          out.getValue(), dynamicDims(tensor(out.getKey()).shape(), "out_height", "out_width"));
    }
    return graph;
  }

  private void requireFixedSpatial(Operator op) {
    if (dynamicSpatial) {
      throw bad(
          op.describe()
              + " depends on the input's height and width, which therefore cannot be made dynamic");
    }
  }

  // ---- operators --------------------------------------------------------------------------

  private void conv(Operator op) {
    if (!(op.options() instanceof Options.Conv2d o)) {
      throw bad(op.describe() + " has options " + op.options() + ", expected Conv2DOptions");
    }
    requireInputs(op, 2, 3);
    Tensor x = computedInput(op, 0, 4);
    Tensor w = constantInput(op, 1, 4);
    int[] ws = w.shape();
    int out = ws[0];
    int kh = ws[1];
    int kw = ws[2];
    int in = ws[3];
    if (in != x.shape()[3]) {
      throw bad(
          op.describe()
              + " filter "
              + w.describe()
              + " expects "
              + in
              + " input channels but input "
              + x.describe()
              + " has "
              + x.shape()[3]);
    }
    float[] src = w.floats();
    float[] oihw = new float[src.length];
    for (int oc = 0; oc < out; oc++) {
      for (int y = 0; y < kh; y++) {
        for (int xk = 0; xk < kw; xk++) {
          for (int i = 0; i < in; i++) {
            oihw[((oc * in + i) * kh + y) * kw + xk] = src[((oc * kh + y) * kw + xk) * in + i];
          }
        }
      }
    }
    String weights = constant(w, "oihw", oihw, out, in, kh, kw);
    ConvGeometry g =
        geometry(
            op,
            x,
            kh,
            kw,
            o.strideHeight(),
            o.strideWidth(),
            o.dilationHeight(),
            o.dilationWidth(),
            o.padding(),
            1,
            out);
    convNode(op, x, weights, bias(op, out), g, o.activation());
  }

  private void depthwiseConv(Operator op) {
    if (!(op.options() instanceof Options.DepthwiseConv2d o)) {
      throw bad(
          op.describe() + " has options " + op.options() + ", expected DepthwiseConv2DOptions");
    }
    requireInputs(op, 2, 3);
    Tensor x = computedInput(op, 0, 4);
    Tensor w = constantInput(op, 1, 4);
    int[] ws = w.shape();
    int kh = ws[1];
    int kw = ws[2];
    int out = ws[3];
    int channels = x.shape()[3];
    if (ws[0] != 1 || channels == 0 || out % channels != 0) {
      throw bad(
          op.describe()
              + " filter "
              + w.describe()
              + " is not [1, H, W, C*multiplier] for input "
              + x.describe());
    }
    int multiplier = out / channels;
    if (o.depthMultiplier() != 0 && o.depthMultiplier() != multiplier) {
      throw bad(
          op.describe()
              + " declares depth multiplier "
              + o.depthMultiplier()
              + " but filter "
              + w.describe()
              + " and input "
              + x.describe()
              + " give "
              + multiplier);
    }
    float[] src = w.floats();
    float[] o1hw = new float[src.length];
    for (int c = 0; c < out; c++) {
      for (int y = 0; y < kh; y++) {
        for (int xk = 0; xk < kw; xk++) {
          o1hw[(c * kh + y) * kw + xk] = src[(y * kw + xk) * out + c];
        }
      }
    }
    String weights = constant(w, "oihw", o1hw, out, 1, kh, kw);
    ConvGeometry g =
        geometry(
            op,
            x,
            kh,
            kw,
            o.strideHeight(),
            o.strideWidth(),
            o.dilationHeight(),
            o.dilationWidth(),
            o.padding(),
            channels,
            out);
    convNode(op, x, weights, bias(op, out), g, o.activation());
  }

  private void convNode(
      Operator op, Tensor x, String weights, String bias, ConvGeometry g, Activation activation) {
    int y = op.outputs()[0];
    String name = produced(y, true, activation);
    String conv = graph.conv(name, inNchw(x.index()), weights, bias, g);
    activate(op, conv, y, true, activation);
  }

  /** Output sizes, checked against the declared output, and explicit pads for one convolution. */
  private ConvGeometry geometry(
      Operator op,
      Tensor x,
      int kh,
      int kw,
      int strideH,
      int strideW,
      int dilationH,
      int dilationW,
      Padding padding,
      int groups,
      int outChannels) {
    if (strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1) {
      throw bad(
          op.describe()
              + " has strides "
              + strideH
              + "x"
              + strideW
              + " and dilations "
              + dilationH
              + "x"
              + dilationW
              + "; all must be positive");
    }
    if (dynamicSpatial && padding == Padding.SAME && (strideH > 1 || strideW > 1)) {
      throw bad(
          op.describe()
              + " has SAME padding at stride "
              + strideH
              + "x"
              + strideW
              + ", whose padding depends on the input size; the input's height and width"
              + " cannot be made dynamic");
    }
    int[] height = pads(op, x.shape()[1], kh, strideH, dilationH, padding);
    int[] width = pads(op, x.shape()[2], kw, strideW, dilationW, padding);
    checkOutputShape(op, new int[] {x.shape()[0], height[0], width[0], outChannels});
    return new ConvGeometry(
        kh, kw, strideH, strideW, dilationH, dilationW, height[1], width[1], height[2], width[2],
        groups);
  }

  /**
   * {@code {output size, pad before, pad after}} along one axis, as TFLite computes them: SAME
   * gives {@code ceil(in / stride)} outputs and splits the padding with the odd pixel after; VALID
   * pads nothing.
   */
  private int[] pads(Operator op, int in, int kernel, int stride, int dilation, Padding padding) {
    int effective = (kernel - 1) * dilation + 1;
    if (padding == Padding.VALID) {
      if (in < effective) {
        throw bad(
            op.describe()
                + " has a VALID "
                + effective
                + "-pixel window over only "
                + in
                + " pixels");
      }
      return new int[] {(in - effective) / stride + 1, 0, 0};
    }
    int out = (in + stride - 1) / stride;
    int total = Math.max((out - 1) * stride + effective - in, 0);
    return new int[] {out, total / 2, total - total / 2};
  }

  private String bias(Operator op, int channels) {
    if (op.inputs().length < 3 || op.inputs()[2] < 0) {
      return graph.initializer(
          unique(op.opName() + "_" + op.index() + "/zero_bias"), new float[channels], channels);
    }
    Tensor b = constantInput(op, 2, 1);
    if (b.shape()[0] != channels) {
      throw bad(op.describe() + " bias " + b.describe() + " should have " + channels + " values");
    }
    return constant(b, "vector", b.floats(), channels);
  }

  private void arithmetic(Operator op) {
    Activation activation;
    if (op.options() instanceof Options.Arithmetic o) {
      activation = o.activation();
    } else if (op.options() instanceof Options.None) {
      activation = Activation.NONE;
    } else {
      throw bad(op.describe() + " has options " + op.options() + ", expected its own options");
    }
    Tensor[] in = floatOperands(op);
    Tensor a = in[0];
    Tensor b = in[1];
    int[] shape = broadcast(op, a.shape(), b.shape());
    checkOutputShape(op, shape);
    // Rank-4 activations live in NCHW; everything else keeps TFLite's order.
    boolean nchw = shape.length == 4;
    String left = operand(op, a, nchw, shape.length);
    String right = operand(op, b, nchw, shape.length);
    int y = op.outputs()[0];
    String name = produced(y, nchw, activation);
    String result =
        switch (op.builtinCode()) {
          case TfliteOperators.ADD -> graph.add(name, left, right);
          case TfliteOperators.SUB -> graph.sub(name, left, right);
          case TfliteOperators.MUL -> graph.mul(name, left, right);
          case TfliteOperators.DIV -> graph.div(name, left, right);
          default -> throw new IllegalStateException(op.describe() + " is not arithmetic");
        };
    activate(op, result, y, nchw, activation);
  }

  /** A binary operator's two float inputs, at least one computed (constant folding is not supported). */
  private Tensor[] floatOperands(Operator op) {
    requireInputs(op, 2, 2);
    Tensor a = tensor(op.inputs()[0]);
    Tensor b = tensor(op.inputs()[1]);
    if (a.isConstant() && b.isConstant()) {
      throw bad(op.describe() + " has only constant inputs " + a.describe() + " and " + b.describe()
          + "; constant folding is not supported");
    }
    checkFloat(op, a);
    checkFloat(op, b);
    return new Tensor[] {a, b};
  }

  private void unary(Operator op) {
    requireInputs(op, 1, 1);
    Tensor x = tensor(op.inputs()[0]);
    checkFloat(op, x);
    if (x.isConstant()) {
      throw bad(
          op.describe()
              + " has constant input "
              + x.describe()
              + "; constant folding is not supported");
    }
    checkOutputShape(op, x.shape());
    boolean nchw = x.shape().length == 4;
    String in = nchw ? inNchw(x.index()) : inTfliteOrder(x.index());
    String name = produced(op.outputs()[0], nchw, Activation.NONE);
    switch (op.builtinCode()) {
      case TfliteOperators.RELU -> graph.relu(name, in);
      case TfliteOperators.LEAKY_RELU -> graph.leakyRelu(name, in, leakyAlpha(op));
      case TfliteOperators.NEG -> graph.neg(name, in);
      case TfliteOperators.EXP -> graph.exp(name, in);
      default -> graph.abs(name, in);
    }
  }

  private float leakyAlpha(Operator op) {
    if (op.options() instanceof Options.LeakyRelu o) {
      if (!Float.isFinite(o.alpha())) {
        throw bad(op.describe() + " has slope " + o.alpha() + ", which is not finite");
      }
      return o.alpha();
    }
    if (op.options() instanceof Options.None) {
      return 0f; // schema default
    }
    throw bad(op.describe() + " has options " + op.options() + ", expected LeakyReluOptions");
  }

  /** GREATER_EQUAL or LESS: a bool tensor, kept in NCHW when 4-D like arithmetic results. */
  private void comparison(Operator op) {
    Tensor[] in = floatOperands(op);
    Tensor a = in[0];
    Tensor b = in[1];
    int[] shape = broadcast(op, a.shape(), b.shape());
    checkOutputShape(op, shape, TensorType.BOOL);
    boolean nchw = shape.length == 4;
    String left = operand(op, a, nchw, shape.length);
    String right = operand(op, b, nchw, shape.length);
    String name = produced(op.outputs()[0], nchw, Activation.NONE);
    if (op.builtinCode() == TfliteOperators.GREATER_EQUAL) {
      graph.greaterOrEqual(name, left, right);
    } else {
      graph.less(name, left, right);
    }
  }

  /** CAST from bool to float32 (true is 1, false 0); other casts are refused. */
  private void cast(Operator op) {
    requireInputs(op, 1, 1);
    Tensor x = tensor(op.inputs()[0]);
    if (x.type() != TensorType.BOOL || x.isConstant()) {
      throw bad(
          op.describe()
              + " casts "
              + x.describe()
              + " of type "
              + x.type()
              + (x.isConstant() ? " (a constant)" : "")
              + "; only computed bool tensors can be cast (to float32)");
    }
    checkOutputShape(op, x.shape());
    boolean nchw = x.shape().length == 4 && nchwOrder.containsKey(x.index());
    String in = nchw ? inNchw(x.index()) : inTfliteOrder(x.index());
    graph.castToFloat(produced(op.outputs()[0], nchw, Activation.NONE), in);
  }

  /** CONCATENATION of computed tensors along a non-batch axis. */
  private void concatenation(Operator op) {
    if (!(op.options() instanceof Options.Concatenation o)) {
      throw bad(op.describe() + " has options " + op.options() + ", expected ConcatenationOptions");
    }
    if (op.inputs().length < 1 || op.outputs().length != 1) {
      throw bad(
          op.describe()
              + " has "
              + op.inputs().length
              + " inputs and "
              + op.outputs().length
              + " outputs, expected at least 1 input and 1 output");
    }
    int rank = tensor(op.inputs()[0]).shape().length;
    int axis = o.axis() < 0 ? o.axis() + rank : o.axis();
    if (axis < 1 || axis >= rank) {
      throw bad(
          op.describe()
              + " joins along axis "
              + o.axis()
              + " of rank-"
              + rank
              + " inputs; only a non-batch axis can be joined");
    }
    int[] shape = tensor(op.inputs()[0]).shape().clone();
    shape[axis] = 0;
    for (int index : op.inputs()) {
      Tensor t = tensor(index);
      checkFloat(op, t);
      if (t.isConstant()) {
        throw bad(op.describe() + " joins constant " + t.describe() + "; only computed tensors are supported");
      }
      int[] ts = t.shape();
      boolean fits = ts.length == rank;
      for (int d = 0; fits && d < rank; d++) {
        fits = d == axis || ts[d] == shape[d];
      }
      if (!fits) {
        throw bad(
            op.describe()
                + " joins "
                + t.describe()
                + " with "
                + tensor(op.inputs()[0]).describe()
                + " along axis "
                + axis
                + "; the other dimensions differ");
      }
      shape[axis] += ts[axis];
    }
    checkOutputShape(op, shape);
    boolean nchw = rank == 4;
    List<String> parts =
        Arrays.stream(op.inputs())
            .mapToObj(i -> nchw ? inNchw(i) : inTfliteOrder(i))
            .toList();
    int y = op.outputs()[0];
    String joined =
        graph.concat(
            produced(y, nchw, o.activation()), parts, nchw ? NHWC_TO_NCHW_AXIS[axis] : axis);
    activate(op, joined, y, nchw, o.activation());
  }

  /**
   * STRIDED_SLICE with constant begin, end and positive strides, in TFLite's axis order. The batch
   * axis must be taken whole, since the ONNX batch is dynamic; the ellipsis, new-axis and
   * shrink-axis masks are refused.
   */
  private void stridedSlice(Operator op) {
    if (!(op.options() instanceof Options.StridedSlice o)) {
      throw bad(op.describe() + " has options " + op.options() + ", expected StridedSliceOptions");
    }
    requireInputs(op, 4, 4);
    Tensor x = tensor(op.inputs()[0]);
    checkFloat(op, x);
    if (x.isConstant()) {
      throw bad(op.describe() + " slices constant " + x.describe() + "; constant folding is not supported");
    }
    if (o.ellipsisMask() != 0 || o.newAxisMask() != 0 || o.shrinkAxisMask() != 0 || o.offset()) {
      throw bad(
          op.describe()
              + " has ellipsis mask "
              + o.ellipsisMask()
              + ", new-axis mask "
              + o.newAxisMask()
              + ", shrink-axis mask "
              + o.shrinkAxisMask()
              + " and offset "
              + o.offset()
              + "; only plain slices (all 0, offset false) are supported");
    }
    int rank = x.shape().length;
    int[] begin = sliceBounds(op, 1, rank);
    int[] end = sliceBounds(op, 2, rank);
    int[] strides = sliceBounds(op, 3, rank);
    long[] starts = new long[rank];
    long[] ends = new long[rank];
    long[] steps = new long[rank];
    int[] shape = new int[rank];
    for (int d = 0; d < rank; d++) {
      int dim = x.shape()[d];
      if (strides[d] < 1) {
        throw bad(
            op.describe()
                + " has stride "
                + strides[d]
                + " on axis "
                + d
                + "; only positive strides are supported");
      }
      int from = (o.beginMask() >> d & 1) != 0 ? 0 : clampIndex(begin[d], dim);
      int to = (o.endMask() >> d & 1) != 0 ? dim : clampIndex(end[d], dim);
      shape[d] = Math.max(0, (to - from + strides[d] - 1) / strides[d]);
      starts[d] = from;
      ends[d] = (o.endMask() >> d & 1) != 0 ? Long.MAX_VALUE : to;
      steps[d] = strides[d];
    }
    if (starts[0] != 0 || ends[0] != Long.MAX_VALUE || steps[0] != 1) {
      throw bad(
          op.describe()
              + " slices the batch axis of "
              + x.describe()
              + " (begin "
              + begin[0]
              + ", end "
              + end[0]
              + ", stride "
              + strides[0]
              + ", masks "
              + o.beginMask()
              + "/"
              + o.endMask()
              + "); the batch could not be made dynamic");
    }
    checkOutputShape(op, shape);
    graph.slice(
        produced(op.outputs()[0], false, Activation.NONE),
        inTfliteOrder(x.index()),
        starts,
        ends,
        steps);
  }

  /** A slice bound: negative counts from the end, then clamped to {@code [0, dim]}. */
  private static int clampIndex(int index, int dim) {
    int i = index < 0 ? index + dim : index;
    return Math.max(0, Math.min(dim, i));
  }

  private int[] sliceBounds(Operator op, int input, int rank) {
    Tensor t = tensor(op.inputs()[input]);
    if (!t.isConstant() || t.type() != TensorType.INT32 || t.elementCount() != rank) {
      throw bad(
          op.describe()
              + " takes input "
              + input
              + " from "
              + t.describe()
              + " ("
              + t.type()
              + "), which is not a constant int32 tensor of "
              + rank
              + " values");
    }
    return t.ints();
  }

  /**
   * The model with every {@code DEQUANTIZE} of a float16 constant folded away: the operator's
   * output becomes a float32 constant holding the exactly widened values. A DEQUANTIZE of anything
   * else (int8 or uint8 quantization, or a computed tensor) is refused.
   */
  private TfliteModel foldFloat16Dequantize(TfliteModel original) {
    List<Tensor> tensors = new ArrayList<>(original.tensors());
    List<Operator> kept = new ArrayList<>();
    for (Operator op : original.operators()) {
      if (op.builtinCode() != TfliteOperators.DEQUANTIZE) {
        kept.add(op);
        continue;
      }
      if (op.inputs().length != 1 || op.outputs().length != 1 || op.inputs()[0] < 0) {
        throw bad(op.describe() + " should have 1 input and 1 output");
      }
      Tensor in = tensors.get(op.inputs()[0]);
      Tensor out = tensors.get(op.outputs()[0]);
      if (in.type() != TensorType.FLOAT16
          || !in.isConstant()
          || out.type() != TensorType.FLOAT32
          || !Arrays.equals(in.shape(), out.shape())) {
        throw bad(
            op.describe()
                + " turns "
                + in.describe()
                + " ("
                + in.type()
                + (in.isConstant() ? ", constant" : ", computed")
                + ") into "
                + out.describe()
                + " ("
                + out.type()
                + "); only float16 constants widened to float32 are supported (no quantized graphs)");
      }
      tensors.set(
          out.index(),
          new Tensor(out.index(), out.name(), TensorType.FLOAT32, out.shape(), Float16.widen(in.data())));
    }
    return new TfliteModel(
        original.description(),
        List.copyOf(tensors),
        List.copyOf(kept),
        original.inputs(),
        original.outputs());
  }

  /** MAX_POOL_2D ({@code max} true) or AVERAGE_POOL_2D, the average over cells inside the input. */
  private void pool(Operator op, boolean max) {
    if (!(op.options() instanceof Options.Pool2d o)) {
      throw bad(op.describe() + " has options " + op.options() + ", expected Pool2DOptions");
    }
    requireInputs(op, 1, 1);
    Tensor x = computedInput(op, 0, 4);
    if (o.filterHeight() < 1 || o.filterWidth() < 1) {
      throw bad(
          op.describe()
              + " has a "
              + o.filterHeight()
              + "x"
              + o.filterWidth()
              + " window; both sides must be positive");
    }
    int y = op.outputs()[0];
    String pooled;
    if (dynamicSpatial && o.padding() == Padding.SAME) {
      // Explicit pads would be those of the file's size; let ONNX pad for the size that arrives.
      int[] height = pads(op, x.shape()[1], o.filterHeight(), o.strideHeight(), 1, o.padding());
      int[] width = pads(op, x.shape()[2], o.filterWidth(), o.strideWidth(), 1, o.padding());
      checkOutputShape(op, new int[] {x.shape()[0], height[0], width[0], x.shape()[3]});
      String name = produced(y, true, o.activation());
      pooled =
          max
              ? graph.maxPoolSameUpper(
                  name, inNchw(x.index()), o.filterHeight(), o.filterWidth(), o.strideHeight(),
                  o.strideWidth())
              : graph.averagePoolSameUpper(
                  name, inNchw(x.index()), o.filterHeight(), o.filterWidth(), o.strideHeight(),
                  o.strideWidth());
    } else {
      ConvGeometry g =
          geometry(
              op,
              x,
              o.filterHeight(),
              o.filterWidth(),
              o.strideHeight(),
              o.strideWidth(),
              1,
              1,
              o.padding(),
              1,
              x.shape()[3]);
      String name = produced(y, true, o.activation());
      pooled = max ? graph.maxPool(name, inNchw(x.index()), g) : graph.averagePool(name, inNchw(x.index()), g);
    }
    activate(op, pooled, y, true, o.activation());
  }

  /**
   * {@code y = flatten(x) * W^T + b}: TFLite flattens every axis after the batch in its own (NHWC)
   * order, so a 4-D input is transposed back to NHWC before ONNX's Flatten.
   */
  private void fullyConnected(Operator op) {
    Activation activation = Activation.NONE;
    if (op.options() instanceof Options.FullyConnected o) {
      if (o.weightsFormat() != 0 || o.keepNumDims()) {
        throw bad(
            op.describe()
                + " has weights format "
                + o.weightsFormat()
                + " and keep_num_dims "
                + o.keepNumDims()
                + "; only the default float format with flattened output is supported");
      }
      activation = o.activation();
    } else if (!(op.options() instanceof Options.None)) {
      throw bad(
          op.describe() + " has options " + op.options() + ", expected FullyConnectedOptions");
    }
    requireInputs(op, 2, 3);
    Tensor x = tensor(op.inputs()[0]);
    checkFloat(op, x);
    if (x.isConstant() || x.shape().length < 2) {
      throw bad(op.describe() + " input " + x.describe() + " should be a computed tensor of rank >= 2");
    }
    Tensor w = constantInput(op, 1, 2);
    int units = w.shape()[0];
    int depth = w.shape()[1];
    long perRow = x.elementCount() / Math.max(1, x.shape()[0]);
    if (perRow != depth) {
      throw bad(
          op.describe()
              + " has weights "
              + w.describe()
              + " for "
              + depth
              + " inputs per row, but "
              + x.describe()
              + " has "
              + perRow
              + " values per batch row");
    }
    checkOutputShape(op, new int[] {x.shape()[0], units});
    String in = inTfliteOrder(x.index());
    if (x.shape().length > 2) {
      in = graph.flatten(unique(tensor(op.outputs()[0]).name() + "/flatten"), in, 1);
    }
    String weights = constant(w, "weights", w.floats(), units, depth);
    int y = op.outputs()[0];
    String result =
        graph.gemmTransposedWeights(
            produced(y, false, activation), in, weights, bias(op, units));
    activate(op, result, y, false, activation);
  }

  /** REDUCE_MAX or SUM over constant axes, keeping them as size 1 (as softmax idioms do). */
  private void reduce(Operator op) {
    requireInputs(op, 2, 2);
    Tensor x = tensor(op.inputs()[0]);
    checkFloat(op, x);
    if (x.isConstant()) {
      throw bad(op.describe() + " reduces constant " + x.describe() + "; constant folding is not supported");
    }
    if (!(op.options() instanceof Options.Reducer r) || !r.keepDims()) {
      throw bad(
          op.describe()
              + " has options "
              + op.options()
              + "; only reductions that keep the reduced axes (keep_dims true) are supported");
    }
    Tensor axesTensor = tensor(op.inputs()[1]);
    if (!axesTensor.isConstant() || axesTensor.type() != TensorType.INT32) {
      throw bad(
          op.describe()
              + " takes its axes from "
              + axesTensor.describe()
              + " ("
              + axesTensor.type()
              + "), which is not a constant int32 tensor");
    }
    int rank = x.shape().length;
    int[] axes = axesTensor.ints();
    int[] shape = x.shape().clone();
    boolean nchw = rank == 4;
    long[] onnxAxes = new long[axes.length];
    for (int i = 0; i < axes.length; i++) {
      int axis = axes[i] < 0 ? axes[i] + rank : axes[i];
      if (axis < 1 || axis >= rank) {
        throw bad(
            op.describe()
                + " reduces over axis "
                + axes[i]
                + " of "
                + x.describe()
                + "; only non-batch axes of the input can be reduced");
      }
      shape[axis] = 1;
      onnxAxes[i] = nchw ? NHWC_TO_NCHW_AXIS[axis] : axis;
    }
    checkOutputShape(op, shape);
    String in = nchw ? inNchw(x.index()) : inTfliteOrder(x.index());
    String name = produced(op.outputs()[0], nchw, Activation.NONE);
    if (op.builtinCode() == TfliteOperators.REDUCE_MAX) {
      graph.reduceMaxKeepDims(name, in, onnxAxes);
    } else {
      graph.reduceSumKeepDims(name, in, onnxAxes);
    }
  }

  private void reshape(Operator op) {
    requireInputs(op, 1, 2);
    Tensor x = tensor(op.inputs()[0]);
    checkFloat(op, x);
    int[] target;
    if (op.inputs().length == 2 && op.inputs()[1] >= 0) {
      Tensor shapeTensor = tensor(op.inputs()[1]);
      if (!shapeTensor.isConstant() || shapeTensor.type() != TensorType.INT32) {
        throw bad(
            op.describe()
                + " takes its shape from "
                + shapeTensor.describe()
                + " ("
                + shapeTensor.type()
                + "), which is not a constant int32 tensor");
      }
      target = shapeTensor.ints();
    } else if (op.options() instanceof Options.Reshape o && o.newShape().length > 0) {
      target = o.newShape();
    } else {
      throw bad(op.describe() + " has neither a shape input nor a new_shape option");
    }
    int[] resolved = resolveReshape(op, x, target);
    checkOutputShape(op, resolved);
    long[] onnxShape = Arrays.stream(target).asLongStream().toArray();
    if (x.shape().length > 0 && x.shape()[0] == batch && target.length > 0 && target[0] == batch) {
      onnxShape[0] = 0; // copy the (dynamic) batch dimension
    } else if (target.length == 0
        || target[0] != -1
        || Arrays.stream(target).skip(1).anyMatch(d -> d < 0)) {
      throw bad(
          op.describe()
              + " reshapes "
              + x.describe()
              + " to "
              + Arrays.toString(target)
              + ", which does not keep the batch of "
              + batch
              + " as its first dimension; the batch could not be made dynamic");
    }
    graph.reshape(
        produced(op.outputs()[0], false, Activation.NONE), inTfliteOrder(x.index()), onnxShape);
  }

  private int[] resolveReshape(Operator op, Tensor x, int[] target) {
    long count = x.elementCount();
    long known = 1;
    int inferred = -1;
    for (int i = 0; i < target.length; i++) {
      if (target[i] == -1 && inferred < 0) {
        inferred = i;
      } else if (target[i] < 1) {
        throw bad(op.describe() + " has invalid target shape " + Arrays.toString(target));
      } else {
        known *= target[i];
      }
    }
    int[] resolved = target.clone();
    if (inferred >= 0 && known > 0 && count % known == 0) {
      resolved[inferred] = (int) (count / known);
      known *= resolved[inferred];
    }
    if (known != count) {
      throw bad(
          op.describe()
              + " cannot reshape "
              + x.describe()
              + " ("
              + count
              + " values) to "
              + Arrays.toString(target));
    }
    return resolved;
  }

  private void prelu(Operator add, PreluIdiom idiom) {
    Tensor x = tensor(idiom.x());
    Tensor alpha = tensor(idiom.alpha());
    checkFloat(add, x);
    checkFloat(add, alpha);
    int[] shape = broadcast(add, x.shape(), alpha.shape());
    if (!Arrays.equals(shape, x.shape())) {
      throw bad(
          add.describe()
              + " ends a PReLU whose slope "
              + alpha.describe()
              + " does not broadcast to its input "
              + x.describe());
    }
    checkOutputShape(add, shape);
    boolean nchw = shape.length == 4;
    float[] slope = alpha.floats();
    for (int i = 0; i < slope.length; i++) {
      slope[i] *= idiom.slopeScale();
    }
    int channels = shape[shape.length - 1];
    if (nchw && slope.length == channels) {
      preluAsChannelConvs(add, inNchw(x.index()), slope, channels);
      return;
    }
    String slopeName = constantOperand(alpha, "prelu_slope", slope, nchw);
    String in = nchw ? inNchw(x.index()) : inTfliteOrder(x.index());
    graph.prelu(produced(add.outputs()[0], nchw, Activation.NONE), in, slopeName);
  }

  /**
   * A per-channel PReLU on an NCHW value, written as {@code x + (1 - slope) * relu(-x)} with the two
   * channel scalings as 1x1 depthwise convolutions. ONNX Runtime's NCHWc layout (its fastest CPU
   * path) has no PRelu, so a PRelu node makes it reorder the tensor out of and back into blocked
   * layout around every activation; depthwise convolutions, Relu and Add stay in blocked layout and
   * fuse (the Relu into the first convolution, the Add into the second). For {@code x >= 0} the
   * result is exactly x; for {@code x < 0} it is {@code slope * x} up to one rounding.
   */
  private void preluAsChannelConvs(Operator add, String in, float[] slope, int channels) {
    String base = unique(tensor(add.outputs()[0]).name() + "/prelu");
    float[] minusOne = new float[channels];
    float[] keep = new float[channels];
    for (int c = 0; c < channels; c++) {
      minusOne[c] = -1f;
      keep[c] = 1f - slope[c];
    }
    float[] zero = new float[channels];
    OnnxGraphBuilder.ConvGeometry pointwise =
        new OnnxGraphBuilder.ConvGeometry(1, 1, 1, 1, 1, 1, 0, 0, 0, 0, channels);
    String negativePart =
        graph.convRelu(
            base + "/negated",
            base + "/negative_part",
            in,
            graph.initializer(base + "/minus_one", minusOne, channels, 1, 1, 1),
            graph.initializer(base + "/zero", zero, channels),
            pointwise);
    String scaled =
        graph.conv(
            base + "/scaled",
            negativePart,
            graph.initializer(base + "/one_minus_slope", keep, channels, 1, 1, 1),
            base + "/zero",
            pointwise);
    graph.add(produced(add.outputs()[0], true, Activation.NONE), in, scaled);
  }

  /** Applies a fused activation to {@code value}, the pre-activation result for tensor y. */
  private void activate(Operator op, String value, int y, boolean nchw, Activation activation) {
    String name = activation == Activation.NONE ? null : produced(y, nchw, Activation.NONE);
    switch (activation) {
      case NONE -> {}
      case RELU -> graph.relu(name, value);
      case RELU6 -> graph.clip(name, value, 0f, 6f);
      case RELU_N1_TO_1 -> graph.clip(name, value, -1f, 1f);
      case TANH -> graph.tanh(name, value);
      default ->
          throw bad(
              op.describe() + " has fused activation " + activation + ", which is not supported");
    }
  }

  // ---- the PReLU idiom ----------------------------------------------------------------------

  private void findPreluIdioms() {
    Map<Integer, Operator> producer = new HashMap<>();
    int[] consumers = new int[model.tensors().size()];
    for (Operator op : model.operators()) {
      for (int out : op.outputs()) {
        producer.put(out, op);
      }
      for (int in : op.inputs()) {
        if (in >= 0) {
          consumers[in]++;
        }
      }
    }
    for (int out : model.outputs()) {
      consumers[out]++;
    }
    for (Operator add : model.operators()) {
      if (add.builtinCode() != TfliteOperators.ADD
          || !noActivation(add)
          || add.inputs().length != 2
          || add.outputs().length != 1) {
        continue;
      }
      for (int side = 0; side < 2; side++) {
        PreluIdiom idiom =
            matchPrelu(add, add.inputs()[side], add.inputs()[1 - side], producer, consumers);
        if (idiom == null) {
          idiom =
              matchNegatedPrelu(
                  add, add.inputs()[side], add.inputs()[1 - side], producer, consumers);
        }
        if (idiom != null) {
          prelus.put(add.index(), idiom);
          break;
        }
      }
    }
  }

  private PreluIdiom matchPrelu(
      Operator add, int reluOut, int mulOut, Map<Integer, Operator> producer, int[] consumers) {
    Operator relu = producer.get(reluOut);
    Operator mul = producer.get(mulOut);
    if (!is(relu, TfliteOperators.RELU, 1)
        || !is(mul, TfliteOperators.MUL, 2)
        || !noActivation(mul)) {
      return null;
    }
    int x = relu.inputs()[0];
    for (int side = 0; side < 2; side++) {
      int alpha = mul.inputs()[side];
      int subOut = mul.inputs()[1 - side];
      Operator sub = producer.get(subOut);
      if (alpha < 0
          || !tensor(alpha).isConstant()
          || !is(sub, TfliteOperators.SUB, 2)
          || !noActivation(sub)
          || sub.inputs()[0] != x) {
        continue;
      }
      Operator abs = producer.get(sub.inputs()[1]);
      if (!is(abs, TfliteOperators.ABS, 1) || abs.inputs()[0] != x) {
        continue;
      }
      if (consumers[reluOut] != 1
          || consumers[mulOut] != 1
          || consumers[subOut] != 1
          || consumers[sub.inputs()[1]] != 1) {
        continue;
      }
      absorbed.addAll(List.of(relu.index(), mul.index(), sub.index(), abs.index()));
      return new PreluIdiom(add.index(), x, alpha, 2f);
    }
    return null;
  }

  /**
   * The other PReLU idiom TOCO writes (facenet's MTCNN): {@code relu(x) + alpha * -relu(-x)},
   * five operators (RELU, NEG, RELU, NEG, MUL) and the ADD, whose slope is alpha itself.
   */
  private PreluIdiom matchNegatedPrelu(
      Operator add, int reluOut, int mulOut, Map<Integer, Operator> producer, int[] consumers) {
    Operator relu = producer.get(reluOut);
    Operator mul = producer.get(mulOut);
    if (!is(relu, TfliteOperators.RELU, 1)
        || !is(mul, TfliteOperators.MUL, 2)
        || !noActivation(mul)) {
      return null;
    }
    int x = relu.inputs()[0];
    for (int side = 0; side < 2; side++) {
      int alpha = mul.inputs()[side];
      int outerNegOut = mul.inputs()[1 - side];
      Operator outerNeg = producer.get(outerNegOut);
      if (alpha < 0 || !tensor(alpha).isConstant() || !is(outerNeg, TfliteOperators.NEG, 1)) {
        continue;
      }
      int innerReluOut = outerNeg.inputs()[0];
      Operator innerRelu = producer.get(innerReluOut);
      if (!is(innerRelu, TfliteOperators.RELU, 1)) {
        continue;
      }
      int innerNegOut = innerRelu.inputs()[0];
      Operator innerNeg = producer.get(innerNegOut);
      if (!is(innerNeg, TfliteOperators.NEG, 1) || innerNeg.inputs()[0] != x) {
        continue;
      }
      if (consumers[reluOut] != 1
          || consumers[mulOut] != 1
          || consumers[outerNegOut] != 1
          || consumers[innerReluOut] != 1
          || consumers[innerNegOut] != 1) {
        continue;
      }
      absorbed.addAll(
          List.of(relu.index(), mul.index(), outerNeg.index(), innerRelu.index(), innerNeg.index()));
      return new PreluIdiom(add.index(), x, alpha, 1f);
    }
    return null;
  }

  private static boolean is(Operator op, int code, int inputs) {
    return op != null
        && op.builtinCode() == code
        && op.inputs().length == inputs
        && op.outputs().length == 1;
  }

  private static boolean noActivation(Operator op) {
    return op.options() instanceof Options.None
        || (op.options() instanceof Options.Arithmetic a && a.activation() == Activation.NONE);
  }

  // ---- values, layouts and constants --------------------------------------------------------

  /**
   * The ONNX name for the node that computes tensor {@code y} in the given layout. The final node
   * of a graph output in TFLite order takes the output's name; an activation's pre-activation value
   * gets a suffix.
   */
  private String produced(int y, boolean nchw, Activation pending) {
    Tensor t = tensor(y);
    if (pending != Activation.NONE) {
      return unique(t.name() + "/pre_activation");
    }
    if (nchw && t.shape().length != 4) {
      throw new IllegalStateException(t.describe() + " is not 4-D and cannot be NCHW");
    }
    String name = !nchw && outputs.containsKey(y) ? outputs.get(y) : unique(t.name());
    (nchw ? nchwOrder : tfliteOrder).put(y, name);
    return name;
  }

  /** Tensor {@code index} in TFLite's axis order, transposing back from NCHW if needed. */
  private String inTfliteOrder(int index) {
    String have = tfliteOrder.get(index);
    if (have != null) {
      return have;
    }
    String nchw = nchwOrder.get(index);
    if (nchw == null) {
      throw bad(tensor(index).describe() + " is read before any operator computes it");
    }
    String name =
        outputs.containsKey(index) ? outputs.get(index) : unique(tensor(index).name() + "/nhwc");
    graph.transpose(name, nchw, NCHW_TO_NHWC);
    tfliteOrder.put(index, name);
    return name;
  }

  /** 4-D tensor {@code index} in NCHW, transposing from TFLite's NHWC if needed. */
  private String inNchw(int index) {
    String have = nchwOrder.get(index);
    if (have != null) {
      return have;
    }
    String nhwc = tfliteOrder.get(index);
    if (nhwc == null) {
      throw bad(tensor(index).describe() + " is read before any operator computes it");
    }
    String name = unique(tensor(index).name() + "/nchw");
    graph.transpose(name, nhwc, NHWC_TO_NCHW);
    nchwOrder.put(index, name);
    return name;
  }

  /** One operand of an elementwise operator, activation or broadcast constant. */
  private String operand(Operator op, Tensor t, boolean nchw, int outputRank) {
    if (!t.isConstant()) {
      if (nchw && t.shape().length != 4) {
        throw bad(
            op.describe()
                + " broadcasts "
                + t.describe()
                + " against a 4-D value; only constants may have fewer dimensions");
      }
      return nchw ? inNchw(t.index()) : inTfliteOrder(t.index());
    }
    if (t.shape().length == outputRank && outputRank > 0 && t.shape()[0] != 1) {
      throw bad(
          op.describe()
              + " uses constant "
              + t.describe()
              + ", whose first dimension"
              + " lies on the batch axis; the batch could not be made dynamic");
    }
    return constantOperand(t, "operand", t.floats(), nchw);
  }

  /**
   * A float constant that broadcasts against an elementwise operator's other input: in NCHW, its
   * TFLite shape is padded to 4-D ([1, .., C]) and its data transposed to NCHW order.
   */
  private String constantOperand(Tensor t, String use, float[] data, boolean nchw) {
    int[] shape = t.shape();
    if (!nchw) {
      long[] dims = Arrays.stream(shape).asLongStream().toArray();
      return constant(t, use, data, dims);
    }
    int[] nhwc = new int[4];
    Arrays.fill(nhwc, 1);
    System.arraycopy(shape, 0, nhwc, 4 - shape.length, shape.length);
    int n = nhwc[0];
    int h = nhwc[1];
    int w = nhwc[2];
    int c = nhwc[3];
    float[] nchwData = new float[data.length];
    for (int b = 0; b < n; b++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          for (int ch = 0; ch < c; ch++) {
            nchwData[((b * c + ch) * h + y) * w + x] = data[((b * h + y) * w + x) * c + ch];
          }
        }
      }
    }
    return constant(t, use + "_nchw", nchwData, n, c, h, w);
  }

  /** An initializer derived from constant {@code t} for {@code use}, made once per use. */
  private String constant(Tensor t, String use, float[] data, long... dims) {
    String key = t.index() + "#" + use;
    String have = constants.get(key);
    if (have != null) {
      return have;
    }
    String name = graph.initializer(unique(t.name() + "/" + use), data, dims);
    constants.put(key, name);
    return name;
  }

  private String unique(String base) {
    if (names.add(base)) {
      return base;
    }
    for (int i = 2; ; i++) {
      String candidate = base + "#" + i;
      if (names.add(candidate)) {
        return candidate;
      }
    }
  }

  // ---- checks -------------------------------------------------------------------------------

  private Tensor tensor(int index) {
    return model.tensors().get(index);
  }

  private void requireInputs(Operator op, int min, int max) {
    if (op.inputs().length < min || op.inputs().length > max || op.outputs().length != 1) {
      throw bad(
          op.describe()
              + " has "
              + op.inputs().length
              + " inputs and "
              + op.outputs().length
              + " outputs, expected "
              + (min == max ? min : min + " to " + max)
              + " inputs and 1 output");
    }
    for (int i = 0; i < min; i++) {
      if (op.inputs()[i] < 0) {
        throw bad(op.describe() + " omits its required input " + i);
      }
    }
  }

  private Tensor computedInput(Operator op, int input, int rank) {
    Tensor t = tensor(op.inputs()[input]);
    checkFloat(op, t);
    if (t.isConstant() || t.shape().length != rank) {
      throw bad(
          op.describe()
              + " input "
              + input
              + " "
              + t.describe()
              + " should be a computed "
              + rank
              + "-D tensor");
    }
    return t;
  }

  private Tensor constantInput(Operator op, int input, int rank) {
    Tensor t = tensor(op.inputs()[input]);
    checkFloat(op, t);
    if (!t.isConstant() || t.shape().length != rank) {
      throw bad(
          op.describe()
              + " input "
              + input
              + " "
              + t.describe()
              + " should be a constant "
              + rank
              + "-D tensor");
    }
    return t;
  }

  private void checkFloat(Operator op, Tensor t) {
    if (t.type() != TensorType.FLOAT32) {
      throw bad(
          op.describe()
              + " reads "
              + t.describe()
              + " of type "
              + t.type()
              + "; only float32 graphs are supported (no quantized tensors)");
    }
  }

  private void checkOutputShape(Operator op, int[] computed) {
    checkOutputShape(op, computed, TensorType.FLOAT32);
  }

  private void checkOutputShape(Operator op, int[] computed, TensorType type) {
    Tensor y = tensor(op.outputs()[0]);
    if (y.type() != type) {
      throw bad(
          op.describe()
              + " writes "
              + y.describe()
              + " of type "
              + y.type()
              + "; this operator's output must be "
              + type);
    }
    if (!Arrays.equals(y.shape(), computed)) {
      throw bad(
          op.describe()
              + " declares output "
              + y.describe()
              + " but its inputs give "
              + Arrays.toString(computed));
    }
  }

  /** NumPy broadcasting, as TFLite's elementwise operators apply it. */
  private int[] broadcast(Operator op, int[] a, int[] b) {
    int rank = Math.max(a.length, b.length);
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
      int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw bad(
            op.describe()
                + " cannot broadcast "
                + Arrays.toString(a)
                + " with "
                + Arrays.toString(b));
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /**
   * The ONNX shape of a graph input or output: the batch is always the symbol {@value #BATCH}; with
   * {@code dynamicSpatial}, axes 1 and 2 of a 4-D shape become the symbols {@code height} and
   * {@code width} given (one pair for the input, one shared by every output).
   */
  private Dim[] dynamicDims(int[] shape, String height, String width) {
    Dim[] dims = new Dim[shape.length];
    for (int i = 0; i < shape.length; i++) {
      if (i == 0) {
        dims[i] = Dim.symbolic(BATCH);
      } else if (dynamicSpatial && shape.length == 4 && i == 1) {
        dims[i] = Dim.symbolic(height);
      } else if (dynamicSpatial && shape.length == 4 && i == 2) {
        dims[i] = Dim.symbolic(width);
      } else {
        dims[i] = Dim.of(shape[i]);
      }
    }
    return dims;
  }

  private BadInputException bad(String problem) {
    return new BadInputException("TensorFlow Lite model " + source + ": " + problem);
  }
}
