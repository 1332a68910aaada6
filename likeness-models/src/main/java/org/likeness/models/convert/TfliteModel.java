package org.likeness.models.convert;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.likeness.error.BadInputException;
import org.likeness.models.convert.FlatBufferReader.Table;

/**
 * The main subgraph of a TensorFlow Lite model, decoded from its FlatBuffer file into plain
 * records, so a converter can walk the operators in execution order and read constant weights.
 *
 * <p>Only what a float inference graph needs is decoded: tensors (shape, type, name, constant
 * data), operators (builtin code, inputs, outputs) and the options of the operators listed in
 * {@link Options}. Field ids are those of TensorFlow's {@code tensorflow/lite/schema/schema.fbs};
 * the reader follows that schema's layout, it does not copy its code.
 *
 * @param description the model's description string, empty if it has none
 * @param tensors every tensor of subgraph 0, indexed as operators refer to them
 * @param operators subgraph 0's operators in execution order
 * @param inputs indices of the subgraph's input tensors
 * @param outputs indices of the subgraph's output tensors
 */
record TfliteModel(
    String description,
    List<Tensor> tensors,
    List<Operator> operators,
    List<Integer> inputs,
    List<Integer> outputs) {

  /** The file identifier every TensorFlow Lite FlatBuffer carries at bytes 4..7. */
  static final String FILE_IDENTIFIER = "TFL3";

  /** The schema version this reader understands, {@code Model.version}. */
  static final long SCHEMA_VERSION = 3;

  // Field ids, per table, in schema order.
  private static final int MODEL_VERSION = 0;
  private static final int MODEL_OPERATOR_CODES = 1;
  private static final int MODEL_SUBGRAPHS = 2;
  private static final int MODEL_DESCRIPTION = 3;
  private static final int MODEL_BUFFERS = 4;
  private static final int SUBGRAPH_TENSORS = 0;
  private static final int SUBGRAPH_INPUTS = 1;
  private static final int SUBGRAPH_OUTPUTS = 2;
  private static final int SUBGRAPH_OPERATORS = 3;
  private static final int TENSOR_SHAPE = 0;
  private static final int TENSOR_TYPE = 1;
  private static final int TENSOR_BUFFER = 2;
  private static final int TENSOR_NAME = 3;
  private static final int TENSOR_SPARSITY = 6;
  private static final int BUFFER_DATA = 0;
  private static final int BUFFER_OFFSET = 1;
  private static final int OPERATOR_CODE_DEPRECATED_BUILTIN = 0;
  private static final int OPERATOR_CODE_CUSTOM = 1;
  private static final int OPERATOR_CODE_BUILTIN = 3;
  private static final int OPERATOR_OPCODE_INDEX = 0;
  private static final int OPERATOR_INPUTS = 1;
  private static final int OPERATOR_OUTPUTS = 2;
  private static final int OPERATOR_OPTIONS_TYPE = 3;
  private static final int OPERATOR_OPTIONS = 4;
  // BuiltinOptions union members (1-based; 0 is NONE).
  private static final int OPTIONS_CONV_2D = 1;
  private static final int OPTIONS_DEPTHWISE_CONV_2D = 2;
  private static final int OPTIONS_POOL_2D = 5;
  private static final int OPTIONS_FULLY_CONNECTED = 8;
  private static final int OPTIONS_CONCATENATION = 10;
  private static final int OPTIONS_ADD = 11;
  private static final int OPTIONS_RESHAPE = 17;
  private static final int OPTIONS_MUL = 21;
  private static final int OPTIONS_REDUCER = 27;
  private static final int OPTIONS_SUB = 28;
  private static final int OPTIONS_DIV = 29;
  private static final int OPTIONS_STRIDED_SLICE = 32;
  private static final int OPTIONS_LEAKY_RELU = 75;

  /** Codes below this are stored only in the deprecated int8 field of old files. */
  private static final int PLACEHOLDER_FOR_GREATER_OP_CODES = 127;

  /** Element types of {@code schema.fbs}'s {@code TensorType}, with their size in bytes. */
  enum TensorType {
    FLOAT32(4),
    FLOAT16(2),
    INT32(4),
    UINT8(1),
    INT64(8),
    STRING(0),
    BOOL(1),
    INT16(2),
    COMPLEX64(8),
    INT8(1),
    FLOAT64(8),
    COMPLEX128(16),
    UINT64(8),
    RESOURCE(0),
    VARIANT(0),
    UINT32(4),
    UINT16(2),
    INT4(0),
    BFLOAT16(2);

    /** Bytes per element, or 0 where elements have no fixed size (strings, packed int4). */
    final int bytes;

    TensorType(int bytes) {
      this.bytes = bytes;
    }
  }

  /** {@code schema.fbs}'s {@code Padding}. */
  enum Padding {
    SAME,
    VALID
  }

  /** {@code schema.fbs}'s {@code ActivationFunctionType}, fused into conv and arithmetic ops. */
  enum Activation {
    NONE,
    RELU,
    RELU_N1_TO_1,
    RELU6,
    TANH,
    SIGN_BIT
  }

  /**
   * One tensor of the subgraph.
   *
   * @param data the constant contents, little-endian, or an empty buffer for activations
   */
  record Tensor(int index, String name, TensorType type, int[] shape, ByteBuffer data) {
    /** Whether the tensor holds weights in the file rather than values computed at run time. */
    boolean isConstant() {
      return data.capacity() > 0;
    }

    /** Number of elements its shape describes. */
    long elementCount() {
      long count = 1;
      for (int dim : shape) {
        count *= dim;
      }
      return count;
    }

    /** The constant data as float32 values; the caller has checked {@link #type()}. */
    float[] floats() {
      float[] values = new float[data.capacity() / Float.BYTES];
      data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
      return values;
    }

    /** The constant data as int32 values; the caller has checked {@link #type()}. */
    int[] ints() {
      int[] values = new int[data.capacity() / Integer.BYTES];
      data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(values);
      return values;
    }

    /** {@code 'name' [d0, d1, ...]}, for error messages. */
    String describe() {
      return "tensor " + index + " '" + name + "' " + Arrays.toString(shape);
    }
  }

  /**
   * One operator.
   *
   * @param index position in execution order
   * @param builtinCode the {@code BuiltinOperator} code ({@link TfliteOperators#CUSTOM} for custom
   *     operators)
   * @param customCode the custom operator's name, empty for builtins
   * @param inputs tensor indices, -1 for an omitted optional input
   * @param outputs tensor indices
   * @param options the decoded builtin options
   */
  record Operator(
      int index, int builtinCode, String customCode, int[] inputs, int[] outputs, Options options) {
    /** {@code "CONV_2D"}, or {@code "CUSTOM 'name'"}. */
    String opName() {
      return builtinCode == TfliteOperators.CUSTOM
          ? "CUSTOM '" + customCode + "'"
          : TfliteOperators.name(builtinCode);
    }

    /** {@code operator 12 (CONV_2D)}, for error messages. */
    String describe() {
      return "operator " + index + " (" + opName() + ")";
    }
  }

  /** The builtin options of one operator, for the option tables this reader decodes. */
  sealed interface Options {
    /** The operator stores no options. */
    record None() implements Options {}

    /** Options of a table this reader does not decode, identified by its union type. */
    record Undecoded(int unionType) implements Options {}

    /** {@code Conv2DOptions}. */
    record Conv2d(
        Padding padding,
        int strideWidth,
        int strideHeight,
        Activation activation,
        int dilationWidth,
        int dilationHeight)
        implements Options {}

    /** {@code DepthwiseConv2DOptions}. */
    record DepthwiseConv2d(
        Padding padding,
        int strideWidth,
        int strideHeight,
        int depthMultiplier,
        Activation activation,
        int dilationWidth,
        int dilationHeight)
        implements Options {}

    /** {@code Pool2DOptions}, for MAX_POOL_2D and AVERAGE_POOL_2D. */
    record Pool2d(
        Padding padding,
        int strideWidth,
        int strideHeight,
        int filterWidth,
        int filterHeight,
        Activation activation)
        implements Options {}

    /**
     * {@code FullyConnectedOptions}; {@code weightsFormat} 0 is the plain float layout and {@code
     * keepNumDims} keeps the input's leading dimensions instead of flattening to 2-D.
     */
    record FullyConnected(Activation activation, int weightsFormat, boolean keepNumDims)
        implements Options {}

    /** {@code ReducerOptions}, for SUM, REDUCE_MAX and the other reductions. */
    record Reducer(boolean keepDims) implements Options {}

    /**
     * {@code AddOptions}, {@code SubOptions}, {@code MulOptions} or {@code DivOptions}: only a
     * fused activation.
     */
    record Arithmetic(Activation activation) implements Options {}

    /** {@code ReshapeOptions}; {@code newShape} is empty when the shape comes as an input. */
    record Reshape(int[] newShape) implements Options {}

    /** {@code LeakyReluOptions}: the slope for negative inputs. */
    record LeakyRelu(float alpha) implements Options {}

    /** {@code ConcatenationOptions}: the axis joined along (negative counts from the end). */
    record Concatenation(int axis, Activation activation) implements Options {}

    /**
     * {@code StridedSliceOptions}: bit i of a mask applies to axis i ({@code beginMask}: start at
     * the axis' beginning, {@code endMask}: run to its end); {@code offset} makes end relative to
     * begin.
     */
    record StridedSlice(
        int beginMask,
        int endMask,
        int ellipsisMask,
        int newAxisMask,
        int shrinkAxisMask,
        boolean offset)
        implements Options {}
  }

  /**
   * Reads and decodes {@code file}.
   *
   * @throws BadInputException if it is not a TensorFlow Lite FlatBuffer or is malformed; the
   *     message names the file and what is wrong with it
   * @throws IOException if it cannot be read
   */
  static TfliteModel read(Path file) throws IOException {
    return parse(file.toString(), Files.readAllBytes(file));
  }

  /** Decodes a TensorFlow Lite FlatBuffer held in memory; {@code source} names it in errors. */
  static TfliteModel parse(String source, byte[] bytes) {
    FlatBufferReader reader = new FlatBufferReader(source, bytes);
    String identifier = reader.fileIdentifier();
    if (!identifier.equals(FILE_IDENTIFIER)) {
      throw new BadInputException(
          source
              + " is not a TensorFlow Lite model: file identifier is '"
              + printable(identifier)
              + "', expected '"
              + FILE_IDENTIFIER
              + "'");
    }
    return new Decoder(source, reader.root("Model")).decode();
  }

  private static String printable(String identifier) {
    StringBuilder out = new StringBuilder();
    for (char c : identifier.toCharArray()) {
      out.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02x", (int) c));
    }
    return out.toString();
  }

  /** Decodes one model table, checking every index it follows. */
  private static final class Decoder {
    private final String source;
    private final Table model;

    Decoder(String source, Table model) {
      this.source = source;
      this.model = model;
    }

    TfliteModel decode() {
      long version = model.uint32(MODEL_VERSION, 0);
      if (version != SCHEMA_VERSION) {
        throw bad("has schema version " + version + ", expected " + SCHEMA_VERSION);
      }
      List<Table> subgraphs = model.tables(MODEL_SUBGRAPHS, "subgraphs");
      if (subgraphs.isEmpty()) {
        throw bad("has no subgraph");
      }
      Table subgraph = subgraphs.get(0);
      List<Table> buffers = model.tables(MODEL_BUFFERS, "buffers");
      List<Tensor> tensors = new ArrayList<>();
      List<Table> tensorTables = subgraph.tables(SUBGRAPH_TENSORS, "tensors");
      for (int i = 0; i < tensorTables.size(); i++) {
        tensors.add(tensor(i, tensorTables.get(i), buffers));
      }
      List<Table> codes = model.tables(MODEL_OPERATOR_CODES, "operator_codes");
      List<Operator> operators = new ArrayList<>();
      List<Table> operatorTables = subgraph.tables(SUBGRAPH_OPERATORS, "operators");
      for (int i = 0; i < operatorTables.size(); i++) {
        operators.add(operator(i, operatorTables.get(i), codes, tensors.size()));
      }
      return new TfliteModel(
          model.string(MODEL_DESCRIPTION, "description").orElse(""),
          List.copyOf(tensors),
          List.copyOf(operators),
          tensorIndices(subgraph, SUBGRAPH_INPUTS, "inputs", tensors.size()),
          tensorIndices(subgraph, SUBGRAPH_OUTPUTS, "outputs", tensors.size()));
    }

    private Tensor tensor(int index, Table table, List<Table> buffers) {
      String name = table.string(TENSOR_NAME, "name").orElse("tensor_" + index);
      int[] shape = table.int32s(TENSOR_SHAPE, "shape");
      int typeCode = table.int8(TENSOR_TYPE, (byte) 0);
      if (typeCode < 0 || typeCode >= TensorType.values().length) {
        throw bad("tensor " + index + " '" + name + "' has unknown element type " + typeCode);
      }
      TensorType type = TensorType.values()[typeCode];
      for (int dim : shape) {
        if (dim < 0) {
          throw bad(
              "tensor "
                  + index
                  + " '"
                  + name
                  + "' has negative dimension in shape "
                  + Arrays.toString(shape));
        }
      }
      if (table.has(TENSOR_SPARSITY)) {
        throw bad("tensor " + index + " '" + name + "' is sparse, which is not supported");
      }
      long bufferIndex = table.uint32(TENSOR_BUFFER, 0);
      if (bufferIndex >= buffers.size()) {
        throw bad(
            "tensor "
                + index
                + " '"
                + name
                + "' refers to buffer "
                + bufferIndex
                + " but the"
                + " model has "
                + buffers.size()
                + " buffers");
      }
      Table buffer = buffers.get((int) bufferIndex);
      if (buffer.uint32(BUFFER_OFFSET, 0) > 1) {
        throw bad(
            "tensor "
                + index
                + " '"
                + name
                + "' keeps its data outside the FlatBuffer (buffer "
                + bufferIndex
                + "), which is not supported");
      }
      ByteBuffer data = buffer.bytes(BUFFER_DATA, "data");
      Tensor tensor = new Tensor(index, name, type, shape, data);
      if (tensor.isConstant() && type.bytes > 0) {
        long expected = tensor.elementCount() * type.bytes;
        if (expected != data.capacity()) {
          throw bad(
              tensor.describe()
                  + " of type "
                  + type
                  + " needs "
                  + expected
                  + " bytes but its"
                  + " buffer "
                  + bufferIndex
                  + " holds "
                  + data.capacity());
        }
      }
      return tensor;
    }

    private Operator operator(int index, Table table, List<Table> codes, int tensorCount) {
      long codeIndex = table.uint32(OPERATOR_OPCODE_INDEX, 0);
      if (codeIndex >= codes.size()) {
        throw bad(
            "operator "
                + index
                + " refers to operator code "
                + codeIndex
                + " but the model has "
                + codes.size());
      }
      Table code = codes.get((int) codeIndex);
      // Old files store the code in the int8 field only; new ones in both, the int8 one capped.
      int builtin =
          Math.max(
              code.int8(OPERATOR_CODE_DEPRECATED_BUILTIN, (byte) 0),
              code.int32(OPERATOR_CODE_BUILTIN, 0));
      if (builtin < 0) {
        throw bad("operator " + index + " has negative builtin code " + builtin);
      }
      if (builtin == PLACEHOLDER_FOR_GREATER_OP_CODES) {
        throw bad("operator " + index + " has the placeholder code 127 and no real builtin code");
      }
      String custom = code.string(OPERATOR_CODE_CUSTOM, "custom_code").orElse("");
      String where = "operator " + index + " (" + TfliteOperators.name(builtin) + ")";
      int[] inputs = table.int32s(OPERATOR_INPUTS, "inputs");
      int[] outputs = table.int32s(OPERATOR_OUTPUTS, "outputs");
      checkIndices(where + " input", inputs, tensorCount, true);
      checkIndices(where + " output", outputs, tensorCount, false);
      int unionType = table.uint8(OPERATOR_OPTIONS_TYPE, 0);
      Optional<Table> optionsTable = table.table(OPERATOR_OPTIONS, "builtin_options");
      Options options =
          optionsTable.isEmpty() || unionType == 0
              ? new Options.None()
              : options(where, unionType, optionsTable.get());
      return new Operator(index, builtin, custom, inputs, outputs, options);
    }

    private Options options(String where, int unionType, Table table) {
      return switch (unionType) {
        case OPTIONS_CONV_2D ->
            new Options.Conv2d(
                padding(where, table.int8(0, (byte) 0)),
                table.int32(1, 0),
                table.int32(2, 0),
                activation(where, table.int8(3, (byte) 0)),
                table.int32(4, 1),
                table.int32(5, 1));
        case OPTIONS_DEPTHWISE_CONV_2D ->
            new Options.DepthwiseConv2d(
                padding(where, table.int8(0, (byte) 0)),
                table.int32(1, 0),
                table.int32(2, 0),
                table.int32(3, 0),
                activation(where, table.int8(4, (byte) 0)),
                table.int32(5, 1),
                table.int32(6, 1));
        case OPTIONS_ADD, OPTIONS_SUB, OPTIONS_MUL, OPTIONS_DIV ->
            new Options.Arithmetic(activation(where, table.int8(0, (byte) 0)));
        case OPTIONS_POOL_2D ->
            new Options.Pool2d(
                padding(where, table.int8(0, (byte) 0)),
                table.int32(1, 0),
                table.int32(2, 0),
                table.int32(3, 0),
                table.int32(4, 0),
                activation(where, table.int8(5, (byte) 0)));
        case OPTIONS_FULLY_CONNECTED ->
            new Options.FullyConnected(
                activation(where, table.int8(0, (byte) 0)),
                table.int8(1, (byte) 0),
                table.int8(2, (byte) 0) != 0);
        case OPTIONS_REDUCER -> new Options.Reducer(table.int8(0, (byte) 0) != 0);
        case OPTIONS_RESHAPE -> new Options.Reshape(table.int32s(0, "new_shape"));
        case OPTIONS_LEAKY_RELU -> new Options.LeakyRelu(table.float32(0, 0f));
        case OPTIONS_CONCATENATION ->
            new Options.Concatenation(
                table.int32(0, 0), activation(where, table.int8(1, (byte) 0)));
        case OPTIONS_STRIDED_SLICE ->
            new Options.StridedSlice(
                table.int32(0, 0),
                table.int32(1, 0),
                table.int32(2, 0),
                table.int32(3, 0),
                table.int32(4, 0),
                table.int8(5, (byte) 0) != 0);
        default -> new Options.Undecoded(unionType);
      };
    }

    private Padding padding(String where, int code) {
      if (code < 0 || code >= Padding.values().length) {
        throw bad(where + " has unknown padding " + code);
      }
      return Padding.values()[code];
    }

    private Activation activation(String where, int code) {
      if (code < 0 || code >= Activation.values().length) {
        throw bad(where + " has unknown fused activation " + code);
      }
      return Activation.values()[code];
    }

    private List<Integer> tensorIndices(Table subgraph, int field, String name, int count) {
      int[] indices = subgraph.int32s(field, name);
      checkIndices("subgraph " + name, indices, count, false);
      return Arrays.stream(indices).boxed().toList();
    }

    private void checkIndices(String what, int[] indices, int tensorCount, boolean optional) {
      for (int tensor : indices) {
        if (tensor >= tensorCount || tensor < (optional ? -1 : 0)) {
          throw bad(
              what
                  + " refers to tensor "
                  + tensor
                  + " but the subgraph has "
                  + tensorCount
                  + " tensors");
        }
      }
    }

    private BadInputException bad(String problem) {
      return new BadInputException("TensorFlow Lite model " + source + " " + problem);
    }
  }
}
