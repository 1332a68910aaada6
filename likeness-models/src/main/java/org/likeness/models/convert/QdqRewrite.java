package org.likeness.models.convert;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites a float ONNX graph read by {@link OnnxModel#read} into the int8 QDQ form that ONNX
 * Runtime fuses into QLinearConv, the same form {@link OnnxGraphBuilder} writes for our own
 * converters: every convolution with constant OIHW weights gets int8 weights with one symmetric
 * scale per output channel and an int32 bias at (input scale x weight scale), each behind a
 * DequantizeLinear on axis 0; its input and its output (or, when a Relu alone follows it, the
 * Relu's output, the Relu itself dropped: uint8 with zero point 0 clamps at 0) go through
 * QuantizeLinear/DequantizeLinear with calibrated uint8 ranges. Other operators stay float.
 *
 * <p>The graph is first moved to opset 13, which per-axis DequantizeLinear needs (see {@link
 * #toOpset13}).
 */
public final class QdqRewrite {
  private QdqRewrite() {}

  static final long OPSET = 13;
  private static final long MIN_IR_VERSION = 7;
  private static final int ATTR_INT = 2;
  private static final int ATTR_INTS = 7;

  /**
   * The model at opset 13, computing the same function: Unsqueeze's {@code axes} and Slice's
   * {@code starts/ends/axes} attributes become int64 constant inputs, as opset 13 reads them.
   * Softmax must name its axis (opset 13 changed the default). Other operators present in
   * faceplugin's detector mean the same at 9 and 13.
   */
  public static OnnxModel toOpset13(OnnxModel model) {
    long from = model.defaultOpset();
    if (from == OPSET) {
      return model;
    }
    if (from > OPSET) {
      throw new IllegalArgumentException("model '" + model.graphName() + "' is at opset " + from + ", above " + OPSET);
    }
    List<OnnxModel.Node> nodes = new ArrayList<>();
    List<OnnxModel.Tensor> inits = new ArrayList<>(model.initializers());
    for (OnnxModel.Node n : model.nodes()) {
      switch (n.opType()) {
        case "Unsqueeze" -> nodes.add(attributesToInputs(n, List.of("axes"), inits));
        case "Slice" -> {
          if (from < 10) {
            nodes.add(attributesToInputs(n, List.of("starts", "ends", "axes"), inits));
          } else {
            nodes.add(n);
          }
        }
        case "Softmax" -> {
          if (attribute(n, "axis") == null) {
            throw new IllegalArgumentException(
                "Softmax node '" + n.name() + "' relies on opset " + from + "'s default axis, which opset 13 changed");
          }
          nodes.add(n);
        }
        case "Conv", "Relu", "Add", "Sub", "Mul", "Div", "Exp", "Concat", "Constant", "Gather", "Reshape", "Shape",
            "Transpose" -> nodes.add(n);
        default -> throw new IllegalArgumentException(
            "node '" + n.name() + "' is a " + n.opType() + ", which the opset " + from + " to 13 upgrade does not know");
      }
    }
    List<OnnxModel.Opset> opsets = new ArrayList<>();
    for (OnnxModel.Opset o : model.opsets()) {
      opsets.add(o.domain().isEmpty() || o.domain().equals("ai.onnx") ? new OnnxModel.Opset(o.domain(), OPSET) : o);
    }
    return new OnnxModel(Math.max(model.irVersion(), MIN_IR_VERSION), model.producerName(), opsets, model.graphName(),
        nodes, inits, model.inputs(), model.outputs(), model.valueInfos());
  }

  private static OnnxModel.Node attributesToInputs(OnnxModel.Node n, List<String> names, List<OnnxModel.Tensor> inits) {
    List<String> inputs = new ArrayList<>(n.inputs());
    List<byte[]> kept = new ArrayList<>();
    for (byte[] a : n.attributes()) {
      if (!names.contains(attributeName(a))) {
        kept.add(a);
      }
    }
    for (String name : names) {
      byte[] a = attribute(n, name);
      if (a == null) {
        if (name.equals("axes") && n.opType().equals("Slice")) {
          continue; // optional: all axes
        }
        throw new IllegalArgumentException(n.opType() + " node '" + n.name() + "' has no '" + name + "' attribute");
      }
      List<Long> values = new ArrayList<>();
      for (ProtoReader.Field f : ProtoReader.fields(a)) {
        if (f.number() == 8) {
          values.addAll(f.varints());
        }
      }
      ByteBuffer raw = ByteBuffer.allocate(values.size() * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      values.forEach(raw::putLong);
      String tensor = n.name() + "/" + name;
      inits.add(new OnnxModel.Tensor(tensor, OnnxModel.INT64, new long[] {values.size()}, raw.array()));
      inputs.add(tensor);
    }
    return new OnnxModel.Node(n.name(), n.opType(), n.domain(), inputs, n.outputs(), kept);
  }

  private static String attributeName(byte[] attribute) {
    for (ProtoReader.Field f : ProtoReader.fields(attribute)) {
      if (f.number() == 1) {
        return f.string();
      }
    }
    throw new IllegalArgumentException("an attribute has no name");
  }

  private static byte[] attribute(OnnxModel.Node n, String name) {
    for (byte[] a : n.attributes()) {
      if (attributeName(a).equals(name)) {
        return a;
      }
    }
    return null;
  }

  private static byte[] intAttribute(String name, long value) {
    return new ProtoWriter().string(1, name).int64(3, value).int64(20, ATTR_INT).toByteArray();
  }

  /**
   * The activations the int8 form quantizes, in graph order: each quantizable convolution's input
   * and output and each Relu's output. These are what calibration measures.
   */
  static Set<String> activations(OnnxModel model) {
    Set<String> inits = initializerNames(model);
    Set<String> out = new LinkedHashSet<>();
    for (OnnxModel.Node n : model.nodes()) {
      if (quantizableConv(n, inits, model)) {
        out.add(n.inputs().get(0));
        out.add(n.outputs().get(0));
      } else if (n.opType().equals("Relu")) {
        out.add(n.outputs().get(0));
      }
    }
    return out;
  }

  /** The calibration form: at opset 13, with every activation of {@link #activations} also a graph output. */
  public static OnnxModel calibrationForm(OnnxModel model) {
    OnnxModel m = toOpset13(model);
    Set<String> declared = new HashSet<>();
    m.outputs().forEach(v -> declared.add(v.name()));
    m.inputs().forEach(v -> declared.add(v.name()));
    List<OnnxModel.ValueInfo> outputs = new ArrayList<>(m.outputs());
    List<OnnxModel.Node> nodes = new ArrayList<>();
    for (String a : activations(m)) {
      if (m.inputs().stream().anyMatch(v -> v.name().equals(a))) {
        // a graph input cannot also be a graph output: an Identity exposes it under another name
        String copy = inputCopy(a);
        nodes.add(new OnnxModel.Node(copy, "Identity", "", List.of(a), List.of(copy), List.of()));
        outputs.add(OnnxModel.ValueInfo.float32(copy));
      } else if (!declared.contains(a)) {
        outputs.add(OnnxModel.ValueInfo.float32(a));
      }
    }
    nodes.addAll(m.nodes());
    return new OnnxModel(m.irVersion(), m.producerName(), m.opsets(), m.graphName(), nodes, m.initializers(),
        m.inputs(), outputs, m.valueInfos());
  }

  /** The name under which calibration measures graph input {@code input}. */
  static String inputCopy(String input) {
    return input + "/calibration";
  }

  private static Set<String> initializerNames(OnnxModel model) {
    Set<String> names = new HashSet<>();
    model.initializers().forEach(t -> names.add(t.name()));
    return names;
  }

  private static boolean quantizableConv(OnnxModel.Node n, Set<String> inits, OnnxModel model) {
    if (!n.opType().equals("Conv") || n.inputs().size() < 2 || !inits.contains(n.inputs().get(1))) {
      return false;
    }
    return n.inputs().size() < 3 || inits.contains(n.inputs().get(2));
  }

  /**
   * The int8 QDQ form of {@code model} with activation ranges {@code ranges} (from {@link
   * #calibrationForm} run on calibration inputs).
   *
   * @throws IllegalArgumentException naming the tensor if {@code ranges} lack one the rewrite needs
   */
  public static OnnxModel quantize(OnnxModel model, ActivationRanges ranges) {
    OnnxModel m = toOpset13(model);
    Map<String, OnnxModel.Tensor> init = new HashMap<>();
    m.initializers().forEach(t -> init.put(t.name(), t));
    Set<String> graphOutputs = new HashSet<>();
    m.outputs().forEach(v -> graphOutputs.add(v.name()));
    Map<String, List<OnnxModel.Node>> consumers = new HashMap<>();
    for (OnnxModel.Node n : m.nodes()) {
      for (String in : n.inputs()) {
        consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
      }
    }
    Set<String> inits = init.keySet();
    // Which tensors are quantized, and the Relus folded into the convolution before them.
    Set<String> quantize = new LinkedHashSet<>();
    Set<OnnxModel.Node> droppedRelus = new HashSet<>();
    Map<String, String> foldedRelu = new HashMap<>(); // conv output -> relu output
    for (OnnxModel.Node n : m.nodes()) {
      if (!quantizableConv(n, inits, m)) {
        continue;
      }
      quantize.add(n.inputs().get(0));
      String y = n.outputs().get(0);
      List<OnnxModel.Node> next = consumers.getOrDefault(y, List.of());
      if (next.size() == 1 && next.get(0).opType().equals("Relu") && !graphOutputs.contains(y)) {
        droppedRelus.add(next.get(0));
        foldedRelu.put(y, next.get(0).outputs().get(0));
      } else {
        quantize.add(y);
      }
    }
    Map<String, Qdq.Params> params = new HashMap<>();
    Set<String> inputNames = new HashSet<>();
    m.inputs().forEach(v -> inputNames.add(v.name()));
    for (String t : quantize) {
      params.put(t, Qdq.Params.uint8(range(ranges, inputNames.contains(t) ? inputCopy(t) : t)));
    }
    for (String z : foldedRelu.values()) {
      ActivationRanges.Range r = range(ranges, z);
      params.put(z, Qdq.Params.uint8(new ActivationRanges.Range(0f, Math.max(r.max(), 0f))));
    }

    List<OnnxModel.Node> nodes = new ArrayList<>();
    List<OnnxModel.Tensor> newInits = new ArrayList<>();
    Set<String> usedInits = new HashSet<>();
    Set<String> graphInputs = new HashSet<>();
    m.inputs().forEach(v -> graphInputs.add(v.name()));
    Map<String, String> renamedInput = new HashMap<>(); // graph input -> its dequantized value
    for (String in : graphInputs) {
      if (params.containsKey(in)) {
        String dq = in + "/dequantized";
        qdq(in, dq, params.get(in), nodes, newInits);
        renamedInput.put(in, dq);
      }
    }
    for (OnnxModel.Node n : m.nodes()) {
      if (droppedRelus.contains(n)) {
        continue;
      }
      List<String> inputs = new ArrayList<>();
      for (String in : n.inputs()) {
        inputs.add(renamedInput.getOrDefault(in, in));
      }
      if (quantizableConv(n, inits, m)) {
        Qdq.Params x = params.get(n.inputs().get(0));
        OnnxModel.Tensor w = init.get(n.inputs().get(1));
        if (w.dims().length != 4) {
          throw new IllegalArgumentException("convolution '" + n.name() + "' has weights of rank " + w.dims().length + ", not 4");
        }
        int channels = (int) w.dims()[0];
        Qdq.PerChannel q = Qdq.int8PerChannel(w.floats(), channels);
        String wq = n.name() + "/weights_int8";
        String ws = n.name() + "/weights_scale";
        String wz = n.name() + "/weights_zero_point";
        String wdq = n.name() + "/weights";
        newInits.add(new OnnxModel.Tensor(wq, OnnxModel.INT8, w.dims(), q.values()));
        newInits.add(new OnnxModel.Tensor(ws, OnnxModel.FLOAT, new long[] {channels}, Qdq.floats(q.scales())));
        newInits.add(new OnnxModel.Tensor(wz, OnnxModel.INT8, new long[] {channels}, new byte[channels]));
        nodes.add(new OnnxModel.Node(wdq, "DequantizeLinear", "", List.of(wq, ws, wz), List.of(wdq), List.of(intAttribute("axis", 0))));
        inputs.set(1, wdq);
        usedInits.add(w.name());
        if (n.inputs().size() > 2) {
          OnnxModel.Tensor b = init.get(n.inputs().get(2));
          float[] bias = b.floats();
          if (bias.length != channels) {
            throw new IllegalArgumentException(
                "convolution '" + n.name() + "' has " + channels + " output channels but a bias of " + bias.length);
          }
          float[] scales = new float[channels];
          for (int c = 0; c < channels; c++) {
            scales[c] = x.scale() * q.scales()[c];
          }
          String bq = n.name() + "/bias_int32";
          String bs = n.name() + "/bias_scale";
          String bdq = n.name() + "/bias";
          newInits.add(new OnnxModel.Tensor(bq, OnnxModel.INT32, new long[] {channels}, Qdq.int32(bias, scales)));
          newInits.add(new OnnxModel.Tensor(bs, OnnxModel.FLOAT, new long[] {channels}, Qdq.floats(scales)));
          nodes.add(new OnnxModel.Node(bdq, "DequantizeLinear", "", List.of(bq, bs), List.of(bdq), List.of(intAttribute("axis", 0))));
          inputs.set(2, bdq);
          usedInits.add(b.name());
        }
      }
      List<String> outputs = new ArrayList<>(n.outputs());
      List<Runnable> after = new ArrayList<>();
      for (int i = 0; i < outputs.size(); i++) {
        String o = outputs.get(i);
        String target = foldedRelu.getOrDefault(o, o);
        if (params.containsKey(target) && !graphInputs.contains(target)) {
          String floatValue = o.equals(target) ? o + "/float" : o;
          outputs.set(i, floatValue);
          Qdq.Params p = params.get(target);
          after.add(() -> qdq(floatValue, target, p, nodes, newInits));
        }
      }
      nodes.add(new OnnxModel.Node(n.name(), n.opType(), n.domain(), inputs, outputs, n.attributes()));
      after.forEach(Runnable::run);
    }
    List<OnnxModel.Tensor> allInits = new ArrayList<>();
    for (OnnxModel.Tensor t : m.initializers()) {
      if (!usedInits.contains(t.name()) || consumersOutsideConvs(t.name(), consumers, inits, m)) {
        allInits.add(t);
      }
    }
    allInits.addAll(newInits);
    return new OnnxModel(m.irVersion(), "likeness", m.opsets(), m.graphName(), nodes, allInits, m.inputs(), m.outputs(),
        List.of());
  }

  private static boolean consumersOutsideConvs(
      String name, Map<String, List<OnnxModel.Node>> consumers, Set<String> inits, OnnxModel m) {
    for (OnnxModel.Node n : consumers.getOrDefault(name, List.of())) {
      if (!quantizableConv(n, inits, m) || n.inputs().get(0).equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static ActivationRanges.Range range(ActivationRanges ranges, String tensor) {
    return ranges.range(tensor).orElseThrow(() -> new IllegalArgumentException(
        "the activation ranges have no range for tensor '" + tensor + "', which the int8 form quantizes"));
  }

  private static void qdq(String floatValue, String name, Qdq.Params p, List<OnnxModel.Node> nodes, List<OnnxModel.Tensor> inits) {
    String scale = name + "/scale";
    String zero = name + "/zero_point";
    inits.add(new OnnxModel.Tensor(scale, OnnxModel.FLOAT, new long[0], Qdq.floats(p.scale())));
    inits.add(new OnnxModel.Tensor(zero, OnnxModel.UINT8, new long[0], new byte[] {(byte) p.zeroPoint()}));
    nodes.add(new OnnxModel.Node(name + "/quantize", "QuantizeLinear", "", List.of(floatValue, scale, zero),
        List.of(name + "/quantized"), List.of()));
    nodes.add(new OnnxModel.Node(name + "/dequantize", "DequantizeLinear", "", List.of(name + "/quantized", scale, zero),
        List.of(name), List.of()));
  }
}
