package org.likeness.models.convert;

import com.google.flatbuffers.FlatBufferBuilder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * Builds small TensorFlow Lite FlatBuffers for tests, with the FlatBuffers runtime's generic table
 * API and the field ids of TFLite's {@code schema.fbs}, so reader and translator tests need no real
 * model file.
 */
final class TfliteFixture {
  static final byte FLOAT32 = 0;
  static final byte FLOAT16 = 1;
  static final byte INT32 = 2;
  static final byte BOOL = 6;
  static final byte INT8 = 9;

  static final byte SAME = 0;
  static final byte VALID = 1;

  static final byte NONE = 0;
  static final byte RELU = 1;
  static final byte RELU6 = 3;

  private record TensorSpec(String name, byte type, int[] shape, int buffer) {}

  private record OpSpec(
      int code, String customCode, int[] inputs, int[] outputs, Options options) {}

  /** A builtin options table: its union type and how to write it. */
  record Options(int unionType, ToIntFunction<FlatBufferBuilder> writer) {
    static final Options NONE = new Options(0, b -> 0);
  }

  private final List<byte[]> buffers = new ArrayList<>(List.of(new byte[0]));
  private final List<TensorSpec> tensors = new ArrayList<>();
  private final List<OpSpec> operators = new ArrayList<>();
  private int[] inputs = {};
  private int[] outputs = {};
  private String identifier = TfliteModel.FILE_IDENTIFIER;
  private int version = 3;

  /** A tensor computed at run time; returns its index. */
  int activation(String name, int... shape) {
    return tensor(name, FLOAT32, shape, 0);
  }

  /** A tensor of another type computed at run time. */
  int activation(String name, byte type, int... shape) {
    return tensor(name, type, shape, 0);
  }

  /** A float32 constant. */
  int constant(String name, int[] shape, float[] values) {
    ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    data.asFloatBuffer().put(values);
    return constantBytes(name, FLOAT32, shape, data.array());
  }

  /** A float32 constant of the given shape filled with seeded values in [-scale, scale). */
  int randomConstant(String name, Random random, float scale, int... shape) {
    int count = 1;
    for (int dim : shape) {
      count *= dim;
    }
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (random.nextFloat() * 2 - 1) * scale;
    }
    return constant(name, shape, values);
  }

  /** An int32 constant. */
  int constantInts(String name, int[] shape, int[] values) {
    ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    data.asIntBuffer().put(values);
    return constantBytes(name, INT32, shape, data.array());
  }

  /** A constant whose raw bytes are given as they are, whatever the shape says. */
  int constantBytes(String name, byte type, int[] shape, byte[] data) {
    buffers.add(data);
    return tensor(name, type, shape, buffers.size() - 1);
  }

  private int tensor(String name, byte type, int[] shape, int buffer) {
    tensors.add(new TensorSpec(name, type, shape.clone(), buffer));
    return tensors.size() - 1;
  }

  /** Appends a builtin operator. */
  TfliteFixture op(int code, Options options, int[] inputs, int... outputs) {
    operators.add(new OpSpec(code, null, inputs.clone(), outputs.clone(), options));
    return this;
  }

  /** Appends a custom operator named {@code customCode}. */
  TfliteFixture customOp(String customCode, int[] inputs, int... outputs) {
    operators.add(
        new OpSpec(
            TfliteOperators.CUSTOM, customCode, inputs.clone(), outputs.clone(), Options.NONE));
    return this;
  }

  TfliteFixture inputs(int... tensors) {
    inputs = tensors.clone();
    return this;
  }

  TfliteFixture outputs(int... tensors) {
    outputs = tensors.clone();
    return this;
  }

  TfliteFixture identifier(String fileIdentifier) {
    identifier = fileIdentifier;
    return this;
  }

  TfliteFixture version(int schemaVersion) {
    version = schemaVersion;
    return this;
  }

  static Options conv2d(byte padding, int stride, byte activation) {
    return new Options(
        1,
        b -> {
          b.startTable(6);
          b.addByte(0, padding, 0);
          b.addInt(1, stride, 0);
          b.addInt(2, stride, 0);
          b.addByte(3, activation, 0);
          return b.endTable();
        });
  }

  static Options depthwiseConv2d(byte padding, int stride, int multiplier, byte activation) {
    return new Options(
        2,
        b -> {
          b.startTable(7);
          b.addByte(0, padding, 0);
          b.addInt(1, stride, 0);
          b.addInt(2, stride, 0);
          b.addInt(3, multiplier, 0);
          b.addByte(4, activation, 0);
          return b.endTable();
        });
  }

  /** {@code AddOptions} (11), {@code MulOptions} (21) or {@code SubOptions} (28). */
  static Options arithmetic(int code, byte activation) {
    int unionType =
        switch (code) {
          case TfliteOperators.ADD -> 11;
          case TfliteOperators.MUL -> 21;
          case TfliteOperators.SUB -> 28;
          case TfliteOperators.DIV -> 29;
          default -> throw new IllegalArgumentException("not an arithmetic op: " + code);
        };
    return new Options(
        unionType,
        b -> {
          b.startTable(1);
          b.addByte(0, activation, 0);
          return b.endTable();
        });
  }

  /** {@code Pool2DOptions} (5) with a square window and stride. */
  static Options pool2d(byte padding, int stride, int filter) {
    return new Options(
        5,
        b -> {
          b.startTable(6);
          b.addByte(0, padding, 0);
          b.addInt(1, stride, 0);
          b.addInt(2, stride, 0);
          b.addInt(3, filter, 0);
          b.addInt(4, filter, 0);
          return b.endTable();
        });
  }

  /** {@code FullyConnectedOptions} (8): float weights, flattened output. */
  static Options fullyConnected(byte activation) {
    return new Options(
        8,
        b -> {
          b.startTable(4);
          b.addByte(0, activation, 0);
          return b.endTable();
        });
  }

  /** {@code ReducerOptions} (27). */
  static Options reducer(boolean keepDims) {
    return new Options(
        27,
        b -> {
          b.startTable(1);
          b.addBoolean(0, keepDims, false);
          return b.endTable();
        });
  }

  /** Appends TOCO's other PReLU idiom {@code relu(x) + alpha * -relu(-x)} and returns y's index. */
  int negatedPrelu(String name, int x, int alpha, int... shape) {
    int relu = activation(name + "/Relu", shape);
    int neg = activation(name + "/Neg", shape);
    int reluNeg = activation(name + "/Relu_1", shape);
    int negRelu = activation(name + "/Neg_1", shape);
    int mul = activation(name + "/Mul", shape);
    int y = activation(name + "/add", shape);
    op(TfliteOperators.RELU, Options.NONE, new int[] {x}, relu);
    op(TfliteOperators.NEG, Options.NONE, new int[] {x}, neg);
    op(TfliteOperators.RELU, Options.NONE, new int[] {neg}, reluNeg);
    op(TfliteOperators.NEG, Options.NONE, new int[] {reluNeg}, negRelu);
    op(TfliteOperators.MUL, arithmetic(TfliteOperators.MUL, NONE), new int[] {alpha, negRelu}, mul);
    op(TfliteOperators.ADD, arithmetic(TfliteOperators.ADD, NONE), new int[] {relu, mul}, y);
    return y;
  }

  /** {@code LeakyReluOptions} (75). */
  static Options leakyRelu(float alpha) {
    return new Options(
        75,
        b -> {
          b.startTable(1);
          b.addFloat(0, alpha, 0);
          return b.endTable();
        });
  }

  /** {@code ConcatenationOptions} (10). */
  static Options concatenation(int axis) {
    return new Options(
        10,
        b -> {
          b.startTable(2);
          b.addInt(0, axis, 0);
          return b.endTable();
        });
  }

  /** {@code StridedSliceOptions} (32): begin, end, ellipsis, new-axis and shrink-axis masks. */
  static Options stridedSlice(int beginMask, int endMask, int shrinkAxisMask) {
    return new Options(
        32,
        b -> {
          b.startTable(6);
          b.addInt(0, beginMask, 0);
          b.addInt(1, endMask, 0);
          b.addInt(4, shrinkAxisMask, 0);
          return b.endTable();
        });
  }

  /**
   * A float16 constant holding {@code values}, each of which must be exactly representable in
   * half precision (a normal number or zero); returns its index.
   */
  int float16Constant(String name, int[] shape, float[] values) {
    ByteBuffer data = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      data.putShort((short) halfBits(v));
    }
    return constantBytes(name, FLOAT16, shape, data.array());
  }

  private static int halfBits(float v) {
    int bits = Float.floatToIntBits(v);
    int sign = bits >>> 16 & 0x8000;
    if ((bits & 0x7FFFFFFF) == 0) {
      return sign;
    }
    int exponent = (bits >>> 23 & 0xFF) - 127 + 15;
    int mantissa = bits & 0x7FFFFF;
    if (exponent < 1 || exponent > 30 || (mantissa & 0x1FFF) != 0) {
      throw new IllegalArgumentException(v + " is not a normal float16 value");
    }
    return sign | exponent << 10 | mantissa >>> 13;
  }

  static Options reshape(int... newShape) {
    return new Options(
        17,
        b -> {
          int shape = ints(b, newShape);
          b.startTable(1);
          b.addOffset(0, shape, 0);
          return b.endTable();
        });
  }

  /** Appends TOCO's PReLU idiom {@code relu(x) + alpha * (x - |x|)} and returns y's index. */
  int prelu(String name, int x, int alpha, int... shape) {
    int relu = activation(name + "/Relu", shape);
    int abs = activation(name + "/Abs", shape);
    int sub = activation(name + "/sub", shape);
    int mul = activation(name + "/mul_1", shape);
    int y = activation(name + "/add", shape);
    op(TfliteOperators.RELU, Options.NONE, new int[] {x}, relu);
    op(TfliteOperators.ABS, Options.NONE, new int[] {x}, abs);
    op(TfliteOperators.SUB, arithmetic(TfliteOperators.SUB, NONE), new int[] {x, abs}, sub);
    op(TfliteOperators.MUL, arithmetic(TfliteOperators.MUL, NONE), new int[] {alpha, sub}, mul);
    op(TfliteOperators.ADD, arithmetic(TfliteOperators.ADD, NONE), new int[] {relu, mul}, y);
    return y;
  }

  byte[] build() {
    FlatBufferBuilder b = new FlatBufferBuilder(1024);

    int[] bufferTables = new int[buffers.size()];
    for (int i = 0; i < buffers.size(); i++) {
      int data = buffers.get(i).length == 0 ? 0 : b.createByteVector(buffers.get(i));
      b.startTable(3);
      if (data != 0) {
        b.addOffset(0, data, 0);
      }
      bufferTables[i] = b.endTable();
    }

    int[] tensorTables = new int[tensors.size()];
    for (int i = 0; i < tensors.size(); i++) {
      TensorSpec t = tensors.get(i);
      int name = b.createString(t.name());
      int shape = ints(b, t.shape());
      b.startTable(8);
      b.addOffset(0, shape, 0);
      b.addByte(1, t.type(), 0);
      b.addInt(2, t.buffer(), 0);
      b.addOffset(3, name, 0);
      tensorTables[i] = b.endTable();
    }

    List<Integer> codes = new ArrayList<>();
    List<String> customCodes = new ArrayList<>();
    int[] operatorTables = new int[operators.size()];
    for (int i = 0; i < operators.size(); i++) {
      OpSpec op = operators.get(i);
      int codeIndex = 0;
      while (codeIndex < codes.size()
          && !(codes.get(codeIndex) == op.code()
              && String.valueOf(customCodes.get(codeIndex))
                  .equals(String.valueOf(op.customCode())))) {
        codeIndex++;
      }
      if (codeIndex == codes.size()) {
        codes.add(op.code());
        customCodes.add(op.customCode());
      }
      int in = ints(b, op.inputs());
      int out = ints(b, op.outputs());
      int options = op.options().writer().applyAsInt(b);
      b.startTable(8);
      b.addInt(0, codeIndex, 0);
      b.addOffset(1, in, 0);
      b.addOffset(2, out, 0);
      b.addByte(3, (byte) op.options().unionType(), 0);
      if (options != 0) {
        b.addOffset(4, options, 0);
      }
      operatorTables[i] = b.endTable();
    }

    int[] codeTables = new int[codes.size()];
    for (int i = 0; i < codes.size(); i++) {
      int custom = customCodes.get(i) == null ? 0 : b.createString(customCodes.get(i));
      int code = codes.get(i);
      b.startTable(4);
      b.addByte(0, (byte) Math.min(code, 127), 0);
      if (custom != 0) {
        b.addOffset(1, custom, 0);
      }
      b.addInt(2, 1, 1);
      b.addInt(3, code, 0);
      codeTables[i] = b.endTable();
    }

    int tensorVector = b.createVectorOfTables(tensorTables);
    int inputVector = ints(b, inputs);
    int outputVector = ints(b, outputs);
    int operatorVector = b.createVectorOfTables(operatorTables);
    b.startTable(5);
    b.addOffset(0, tensorVector, 0);
    b.addOffset(1, inputVector, 0);
    b.addOffset(2, outputVector, 0);
    b.addOffset(3, operatorVector, 0);
    int subgraph = b.endTable();

    int codeVector = b.createVectorOfTables(codeTables);
    int subgraphVector = b.createVectorOfTables(new int[] {subgraph});
    int description = b.createString("Likeness test fixture");
    int bufferVector = b.createVectorOfTables(bufferTables);
    b.startTable(5);
    b.addInt(0, version, 0);
    b.addOffset(1, codeVector, 0);
    b.addOffset(2, subgraphVector, 0);
    b.addOffset(3, description, 0);
    b.addOffset(4, bufferVector, 0);
    int model = b.endTable();
    b.finish(model, identifier);
    return b.sizedByteArray();
  }

  Path writeTo(Path file) throws IOException {
    Files.write(file, build());
    return file;
  }

  private static int ints(FlatBufferBuilder b, int[] values) {
    b.startVector(4, values.length, 4);
    for (int i = values.length - 1; i >= 0; i--) {
      b.addInt(values[i]);
    }
    return b.endVector();
  }
}
