package org.likeness.models.convert;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.likeness.error.BadInputException;

/**
 * The subset of an ONNX {@code ModelProto} that Likeness rewrites: one graph's nodes (attributes
 * kept as their encoded bytes), initializers (always held as little-endian raw data), inputs,
 * outputs and value infos, and the operator-set imports. {@link #read} parses a file another tool
 * wrote (e.g. faceplugin's UltraFace detector); {@link #write} encodes it again with {@link
 * ProtoWriter}. Fields outside this subset (metadata, sparse initializers, functions) are refused
 * or dropped as each method says.
 */
public record OnnxModel(
    long irVersion,
    String producerName,
    List<Opset> opsets,
    String graphName,
    List<Node> nodes,
    List<Tensor> initializers,
    List<ValueInfo> inputs,
    List<ValueInfo> outputs,
    List<ValueInfo> valueInfos) {

  static final int FLOAT = 1;
  static final int UINT8 = 2;
  static final int INT8 = 3;
  static final int INT32 = 6;
  static final int INT64 = 7;

  public OnnxModel {
    opsets = List.copyOf(opsets);
    nodes = List.copyOf(nodes);
    initializers = List.copyOf(initializers);
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    valueInfos = List.copyOf(valueInfos);
  }

  /** An operator-set import: {@code domain} ("" is ONNX's default) at {@code version}. */
  public record Opset(String domain, long version) {}

  /**
   * One node.
   *
   * @param attributes each attribute as its encoded {@code AttributeProto}
   */
  public record Node(String name, String opType, String domain, List<String> inputs, List<String> outputs, List<byte[]> attributes) {
    public Node {
      inputs = List.copyOf(inputs);
      outputs = List.copyOf(outputs);
      attributes = List.copyOf(attributes);
    }
  }

  /** A constant tensor: {@code raw} holds its elements little-endian, as ONNX's raw_data does. */
  public record Tensor(String name, int dataType, long[] dims, byte[] raw) {
    /** The elements of a float32 tensor. */
    public float[] floats() {
      if (dataType != FLOAT) {
        throw new IllegalStateException("tensor '" + name + "' has ONNX data type " + dataType + ", not float32");
      }
      float[] out = new float[raw.length / Float.BYTES];
      ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
      return out;
    }
  }

  /** A graph input, output or value info: its name and its encoded {@code ValueInfoProto}. */
  public record ValueInfo(String name, byte[] encoded) {
    /** A float32 tensor of unstated shape named {@code name}. */
    static ValueInfo float32(String name) {
      ProtoWriter elem = new ProtoWriter().int64(1, FLOAT);
      ProtoWriter type = new ProtoWriter().message(1, elem);
      return new ValueInfo(name, new ProtoWriter().string(1, name).message(2, type).toByteArray());
    }
  }

  /** The version of ONNX's default operator set this model imports. */
  public long defaultOpset() {
    for (Opset o : opsets) {
      if (o.domain().isEmpty() || o.domain().equals("ai.onnx")) {
        return o.version();
      }
    }
    throw new IllegalStateException("model '" + graphName + "' imports no default ONNX operator set");
  }

  /** Reads {@code file}; the error names the file if it is not an ONNX model this subset covers. */
  public static OnnxModel read(Path file) throws IOException {
    try {
      return parse(Files.readAllBytes(file));
    } catch (IllegalArgumentException e) {
      throw new BadInputException("cannot read ONNX model " + file + ": " + e.getMessage());
    }
  }

  /** Parses an encoded {@code ModelProto}. */
  static OnnxModel parse(byte[] bytes) {
    long ir = 0;
    String producer = "";
    List<Opset> opsets = new ArrayList<>();
    byte[] graph = null;
    for (ProtoReader.Field f : ProtoReader.fields(bytes)) {
      switch (f.number()) {
        case 1 -> ir = f.value();
        case 2 -> producer = f.string();
        case 7 -> graph = f.requireBytes();
        case 8 -> {
          String domain = "";
          long version = 0;
          for (ProtoReader.Field o : ProtoReader.fields(f.requireBytes())) {
            if (o.number() == 1) {
              domain = o.string();
            } else if (o.number() == 2) {
              version = o.value();
            }
          }
          opsets.add(new Opset(domain, version));
        }
        case 25 -> throw new IllegalArgumentException("model-local functions are not supported");
        default -> { } // producer version, domain, model version, doc string, metadata: not needed
      }
    }
    if (graph == null) {
      throw new IllegalArgumentException("the model has no graph");
    }
    String name = "";
    List<Node> nodes = new ArrayList<>();
    List<Tensor> inits = new ArrayList<>();
    List<ValueInfo> inputs = new ArrayList<>();
    List<ValueInfo> outputs = new ArrayList<>();
    List<ValueInfo> infos = new ArrayList<>();
    for (ProtoReader.Field f : ProtoReader.fields(graph)) {
      switch (f.number()) {
        case 1 -> nodes.add(node(f.requireBytes()));
        case 2 -> name = f.string();
        case 5 -> inits.add(tensor(f.requireBytes()));
        case 11 -> inputs.add(valueInfo(f.requireBytes()));
        case 12 -> outputs.add(valueInfo(f.requireBytes()));
        case 13 -> infos.add(valueInfo(f.requireBytes()));
        case 15 -> throw new IllegalArgumentException("graph '" + name + "' has sparse initializers, which are not supported");
        default -> { } // doc string, quantization annotations: not needed
      }
    }
    return new OnnxModel(ir, producer, opsets, name, nodes, inits, inputs, outputs, infos);
  }

  private static Node node(byte[] bytes) {
    List<String> in = new ArrayList<>();
    List<String> out = new ArrayList<>();
    List<byte[]> attrs = new ArrayList<>();
    String name = "";
    String op = "";
    String domain = "";
    for (ProtoReader.Field f : ProtoReader.fields(bytes)) {
      switch (f.number()) {
        case 1 -> in.add(f.string());
        case 2 -> out.add(f.string());
        case 3 -> name = f.string();
        case 4 -> op = f.string();
        case 5 -> attrs.add(f.requireBytes());
        case 7 -> domain = f.string();
        default -> { }
      }
    }
    return new Node(name, op, domain, in, out, attrs);
  }

  private static ValueInfo valueInfo(byte[] bytes) {
    for (ProtoReader.Field f : ProtoReader.fields(bytes)) {
      if (f.number() == 1) {
        return new ValueInfo(f.string(), bytes);
      }
    }
    throw new IllegalArgumentException("a value info has no name");
  }

  static Tensor tensor(byte[] bytes) {
    List<Long> dims = new ArrayList<>();
    int type = 0;
    String name = "";
    byte[] raw = null;
    ByteBuffer floats = ByteBuffer.allocate(0);
    List<Long> ints = new ArrayList<>();
    for (ProtoReader.Field f : ProtoReader.fields(bytes)) {
      switch (f.number()) {
        case 1 -> dims.addAll(f.varints());
        case 2 -> type = (int) f.value();
        case 4 -> {
          byte[] more = f.wireType() == ProtoWriter.WIRE_FIXED32 ? Qdq.floats(Float.intBitsToFloat((int) f.value())) : f.requireBytes();
          floats = ByteBuffer.allocate(floats.capacity() + more.length).put(floats.array()).put(more);
        }
        case 5, 7 -> ints.addAll(f.varints());
        case 8 -> name = f.string();
        case 9 -> raw = f.requireBytes();
        case 13, 14 -> throw new IllegalArgumentException("initializer '" + name + "' keeps its data in an external file, which is not supported");
        default -> { }
      }
    }
    long count = 1;
    long[] shape = new long[dims.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = dims.get(i);
      count *= shape[i];
    }
    if (raw == null) {
      raw = switch (type) {
        case FLOAT -> floats.array();
        case INT64 -> {
          ByteBuffer b = ByteBuffer.allocate(ints.size() * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
          ints.forEach(b::putLong);
          yield b.array();
        }
        case INT32 -> {
          ByteBuffer b = ByteBuffer.allocate(ints.size() * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
          ints.forEach(v -> b.putInt((int) (long) v));
          yield b.array();
        }
        case INT8, UINT8 -> {
          byte[] b = new byte[ints.size()];
          for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (long) ints.get(i);
          }
          yield b;
        }
        default -> throw new IllegalArgumentException("initializer '" + name + "' has ONNX data type " + type + ", which is not supported");
      };
    }
    int width = switch (type) {
      case FLOAT, INT32 -> 4;
      case INT64 -> 8;
      case INT8, UINT8 -> 1;
      default -> throw new IllegalArgumentException("initializer '" + name + "' has ONNX data type " + type + ", which is not supported");
    };
    if (raw.length != count * width) {
      throw new IllegalArgumentException(
          "initializer '" + name + "' has " + raw.length + " bytes of data for " + count + " elements of " + width + " bytes");
    }
    return new Tensor(name, type, shape, raw);
  }

  /** Encodes the model again (IR version, producer, graph, operator-set imports). */
  public byte[] write() {
    ProtoWriter graph = new ProtoWriter();
    for (Node n : nodes) {
      ProtoWriter node = new ProtoWriter();
      n.inputs().forEach(i -> node.string(1, i));
      n.outputs().forEach(o -> node.string(2, o));
      node.string(3, n.name()).string(4, n.opType());
      n.attributes().forEach(a -> node.bytes(5, a));
      if (!n.domain().isEmpty()) {
        node.string(7, n.domain());
      }
      graph.message(1, node);
    }
    graph.string(2, graphName);
    for (Tensor t : initializers) {
      ProtoWriter tensor = new ProtoWriter();
      for (long d : t.dims()) {
        tensor.int64(1, d);
      }
      tensor.int64(2, t.dataType()).string(8, t.name()).bytes(9, t.raw());
      graph.message(5, tensor);
    }
    inputs.forEach(v -> graph.bytes(11, v.encoded()));
    outputs.forEach(v -> graph.bytes(12, v.encoded()));
    valueInfos.forEach(v -> graph.bytes(13, v.encoded()));
    ProtoWriter model = new ProtoWriter().int64(1, irVersion).string(2, producerName).message(7, graph);
    for (Opset o : opsets) {
      model.message(8, new ProtoWriter().string(1, o.domain()).int64(2, o.version()));
    }
    return model.toByteArray();
  }
}
