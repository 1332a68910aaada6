package org.likeness.models.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.error.BadInputException;
import org.likeness.models.convert.TfliteFixture.Options;

/**
 * The operators the Deep Tree Network adds to the TFLite translation (float16 weights behind
 * DEQUANTIZE, LEAKY_RELU, AVERAGE_POOL_2D, STRIDED_SLICE, GREATER_EQUAL, LESS, CAST and
 * CONCATENATION, with MAX_POOL_2D and FULLY_CONNECTED around them), each checked on a small
 * hand-built graph against TensorFlow Lite's own interpreter (bytedeco's TFLite 2.19) running the
 * same file.
 */
class TfliteToOnnxDtnOperatorsTest {
  private static final long SEED = 20261204L;
  private static final float MAX_ABS_DIFFERENCE = 1e-5f;
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  @TempDir Path dir;

  /** Values k / 64 for k in [-128, 128]: exact in float16. */
  private static float[] halfExact(Random random, int count) {
    float[] v = new float[count];
    for (int i = 0; i < count; i++) {
      v[i] = (random.nextInt(257) - 128) / 64f;
    }
    return v;
  }

  /**
   * Like the DTN's trunk: input [1, 5, 5, 2] -> CONV_2D 3x3 SAME with float16 weights and bias
   * behind DEQUANTIZE -> LEAKY_RELU 0.2 -> 3x3/2 SAME AVERAGE_POOL_2D (odd size: the edge windows
   * hold fewer cells, which TFLite averages without the padding) and, beside it, 3x3/2 SAME
   * MAX_POOL_2D; both pools are outputs.
   */
  @Test
  void float16ConvolutionLeakyReluAndBothPoolsMatchTflite() throws IOException, OrtException {
    Random random = new Random(SEED);
    TfliteFixture f = new TfliteFixture();
    int x = f.activation("x", 1, 5, 5, 2);
    int w16 = f.float16Constant("conv/w16", new int[] {3, 3, 3, 2}, halfExact(random, 54));
    int b16 = f.float16Constant("conv/b16", new int[] {3}, halfExact(random, 3));
    int w = f.activation("conv/w", 3, 3, 3, 2);
    int b = f.activation("conv/b", 3);
    f.op(TfliteOperators.DEQUANTIZE, Options.NONE, new int[] {b16}, b);
    f.op(TfliteOperators.DEQUANTIZE, Options.NONE, new int[] {w16}, w);
    int conv = f.activation("conv", 1, 5, 5, 3);
    f.op(TfliteOperators.CONV_2D, TfliteFixture.conv2d(TfliteFixture.SAME, 1, TfliteFixture.NONE), new int[] {x, w, b}, conv);
    int leaky = f.activation("leaky", 1, 5, 5, 3);
    f.op(TfliteOperators.LEAKY_RELU, TfliteFixture.leakyRelu(0.2f), new int[] {conv}, leaky);
    int avg = f.activation("avg", 1, 3, 3, 3);
    f.op(TfliteOperators.AVERAGE_POOL_2D, TfliteFixture.pool2d(TfliteFixture.SAME, 2, 3), new int[] {leaky}, avg);
    int max = f.activation("max", 1, 3, 3, 3);
    f.op(TfliteOperators.MAX_POOL_2D, TfliteFixture.pool2d(TfliteFixture.SAME, 2, 3), new int[] {leaky}, max);
    f.inputs(x).outputs(avg, max);

    float[] input = new float[50];
    for (int i = 0; i < input.length; i++) {
      input[i] = random.nextFloat() * 4 - 2;
    }
    compare(f, List.of("avg", "max"), input, new long[] {1, 5, 5, 2});
  }

  /**
   * Like one DTN routing unit and its leaves: input [1, 2, 2, 3] -> RESHAPE [-1, 12] ->
   * STRIDED_SLICE of everything (begin and end masks) -> SUB a float16 mean -> FULLY_CONNECTED to
   * 1 -> GREATER_EQUAL 0 and LESS 0 -> CAST to float -> MUL -> CONCATENATION of the two indicators
   * and their product; beside it a FULLY_CONNECTED of the 4-D input itself, LEAKY_RELU on a 2-D
   * value, and CONCATENATION of computed rows.
   */
  @Test
  void routingUnitWithSliceComparisonsCastsAndConcatenationMatchesTflite() throws IOException, OrtException {
    Random random = new Random(SEED + 1);
    TfliteFixture f = new TfliteFixture();
    int x = f.activation("x", 1, 2, 2, 3);
    int shape = f.constantInts("shape", new int[] {2}, new int[] {-1, 12});
    int flat = f.activation("flat", 1, 12);
    f.op(TfliteOperators.RESHAPE, TfliteFixture.reshape(), new int[] {x, shape}, flat);
    int begin = f.constantInts("begin", new int[] {2}, new int[] {0, 0});
    int end = f.constantInts("end", new int[] {2}, new int[] {0, 0});
    int strides = f.constantInts("strides", new int[] {2}, new int[] {1, 1});
    int sliced = f.activation("sliced", 1, 12);
    f.op(TfliteOperators.STRIDED_SLICE, TfliteFixture.stridedSlice(3, 3, 0), new int[] {flat, begin, end, strides}, sliced);
    int mean16 = f.float16Constant("mean16", new int[] {1, 12}, halfExact(random, 12));
    int mean = f.activation("mean", 1, 12);
    f.op(TfliteOperators.DEQUANTIZE, Options.NONE, new int[] {mean16}, mean);
    int centred = f.activation("centred", 1, 12);
    f.op(TfliteOperators.SUB, TfliteFixture.arithmetic(TfliteOperators.SUB, TfliteFixture.NONE), new int[] {sliced, mean}, centred);
    int proj = f.constant("proj", new int[] {1, 12}, halfExact(random, 12));
    int projBias = f.constant("proj/bias", new int[] {1}, new float[] {0.125f});
    int route = f.activation("route", 1, 1);
    f.op(TfliteOperators.FULLY_CONNECTED, TfliteFixture.fullyConnected(TfliteFixture.NONE), new int[] {centred, proj, projBias}, route);
    int zero16 = f.float16Constant("zero16", new int[] {}, new float[] {0f});
    int zero = f.activation("zero");
    f.op(TfliteOperators.DEQUANTIZE, Options.NONE, new int[] {zero16}, zero);
    int ge = f.activation("ge", TfliteFixture.BOOL, 1, 1);
    int lt = f.activation("lt", TfliteFixture.BOOL, 1, 1);
    f.op(TfliteOperators.GREATER_EQUAL, Options.NONE, new int[] {route, zero}, ge);
    f.op(TfliteOperators.LESS, Options.NONE, new int[] {route, zero}, lt);
    int left = f.activation("left", 1, 1);
    int right = f.activation("right", 1, 1);
    f.op(TfliteOperators.CAST, Options.NONE, new int[] {ge}, left);
    f.op(TfliteOperators.CAST, Options.NONE, new int[] {lt}, right);
    int both = f.activation("both", 1, 1);
    f.op(TfliteOperators.MUL, TfliteFixture.arithmetic(TfliteOperators.MUL, TfliteFixture.NONE), new int[] {left, right}, both);
    int mask = f.activation("mask", 1, 3);
    f.op(TfliteOperators.CONCATENATION, TfliteFixture.concatenation(1), new int[] {left, right, both}, mask);
    int head = f.randomConstant("head", random, 0.5f, 4, 12);
    int headBias = f.randomConstant("head/bias", random, 0.5f, 4);
    int hidden = f.activation("hidden", 1, 4);
    f.op(TfliteOperators.FULLY_CONNECTED, TfliteFixture.fullyConnected(TfliteFixture.NONE), new int[] {x, head, headBias}, hidden);
    int leaky = f.activation("leaky", 1, 4);
    f.op(TfliteOperators.LEAKY_RELU, TfliteFixture.leakyRelu(0.2f), new int[] {hidden}, leaky);
    int scores = f.activation("scores", 1, 5);
    f.op(TfliteOperators.CONCATENATION, TfliteFixture.concatenation(-1), new int[] {leaky, route}, scores);
    f.inputs(x).outputs(scores, mask);

    // Several inputs, so that the routing goes both ways.
    boolean[] wentLeft = new boolean[2];
    for (int trial = 0; trial < 8; trial++) {
      float[] input = new float[12];
      for (int i = 0; i < input.length; i++) {
        input[i] = random.nextFloat() * 4 - 2;
      }
      float[][] out = compare(f, List.of("scores", "mask"), input, new long[] {1, 2, 2, 3});
      assertEquals(out[1][0] * out[1][1], out[1][2], "the product of the two indicators");
      assertEquals(1f, out[1][0] + out[1][1], "exactly one side is taken");
      wentLeft[out[1][0] == 1f ? 0 : 1] = true;
    }
    assertTrue(wentLeft[0] && wentLeft[1], "seed " + SEED + ": the trials should route both ways");
  }

  @Test
  void float16WideningIsExactIncludingSubnormalsAndSpecialValues() {
    assertEquals(0f, Float16.toFloat(0x0000));
    assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(Float16.toFloat(0x8000)));
    assertEquals(1f, Float16.toFloat(0x3C00));
    assertEquals(-2f, Float16.toFloat(0xC000));
    assertEquals(65504f, Float16.toFloat(0x7BFF));
    assertEquals(0x1p-24f, Float16.toFloat(0x0001), "smallest subnormal");
    assertEquals(0x1p-14f - 0x1p-24f, Float16.toFloat(0x03FF), "largest subnormal");
    assertEquals(0x1p-14f, Float16.toFloat(0x0400), "smallest normal");
    assertEquals(Float.POSITIVE_INFINITY, Float16.toFloat(0x7C00));
    assertEquals(Float.NEGATIVE_INFINITY, Float16.toFloat(0xFC00));
    assertTrue(Float.isNaN(Float16.toFloat(0x7E00)));
  }

  @Test
  void dequantizeOfAnInt8ConstantIsRefusedNamingTheOperator() {
    TfliteFixture f = new TfliteFixture();
    int x = f.activation("x", 1, 4);
    int q = f.constantBytes("q", TfliteFixture.INT8, new int[] {1, 4}, new byte[] {1, 2, 3, 4});
    int d = f.activation("d", 1, 4);
    f.op(TfliteOperators.DEQUANTIZE, Options.NONE, new int[] {q}, d);
    int y = f.activation("y", 1, 4);
    f.op(TfliteOperators.ADD, TfliteFixture.arithmetic(TfliteOperators.ADD, TfliteFixture.NONE), new int[] {x, d}, y);
    TfliteModel model = TfliteModel.parse("int8.tflite", f.inputs(x).outputs(y).build());
    BadInputException e =
        assertThrows(BadInputException.class, () -> TfliteToOnnx.translate(model, "int8.tflite", "t", "in", "out"));
    assertTrue(e.getMessage().contains("operator 0 (DEQUANTIZE)") && e.getMessage().contains("INT8"), e.getMessage());
  }

  @Test
  void stridedSliceThatShrinksAnAxisIsRefusedNamingTheMask() {
    TfliteFixture f = new TfliteFixture();
    int x = f.activation("x", 1, 4);
    int begin = f.constantInts("begin", new int[] {2}, new int[] {0, 1});
    int end = f.constantInts("end", new int[] {2}, new int[] {0, 2});
    int strides = f.constantInts("strides", new int[] {2}, new int[] {1, 1});
    int y = f.activation("y", 1);
    f.op(TfliteOperators.STRIDED_SLICE, TfliteFixture.stridedSlice(1, 1, 2), new int[] {x, begin, end, strides}, y);
    TfliteModel model = TfliteModel.parse("shrink.tflite", f.inputs(x).outputs(y).build());
    BadInputException e =
        assertThrows(BadInputException.class, () -> TfliteToOnnx.translate(model, "shrink.tflite", "t", "in", "out"));
    assertTrue(e.getMessage().contains("shrink-axis mask 2"), e.getMessage());
  }

  /**
   * Translates the fixture, runs it in ONNX Runtime and in TensorFlow Lite on {@code input}, and
   * asserts every output agrees; returns the ONNX outputs.
   */
  private float[][] compare(TfliteFixture f, List<String> outputs, float[] input, long[] shape)
      throws IOException, OrtException {
    Path file = f.writeTo(Files.createTempFile(dir, "graph", ".tflite"));
    TfliteModel model = TfliteModel.read(file);
    byte[] onnx = TfliteToOnnx.translate(model, file.toString(), "test", "in", outputs, false).build("test", "dtn-like");
    float[][] expected = runTflite(file, input, outputs.size());
    float[][] actual = new float[outputs.size()][];
    try (OrtSession session = ENV.createSession(onnx, new OrtSession.SessionOptions());
        OnnxTensor in = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(input), shape);
        OrtSession.Result result = session.run(Map.of("in", in))) {
      for (int o = 0; o < outputs.size(); o++) {
        FloatBuffer b = ((OnnxTensor) result.get(outputs.get(o)).orElseThrow()).getFloatBuffer();
        actual[o] = new float[b.remaining()];
        b.get(actual[o]);
      }
    }
    for (int o = 0; o < outputs.size(); o++) {
      assertEquals(expected[o].length, actual[o].length, outputs.get(o) + " size");
      for (int k = 0; k < expected[o].length; k++) {
        assertEquals(
            expected[o][k], actual[o][k], MAX_ABS_DIFFERENCE,
            "seed " + SEED + ", " + outputs.get(o) + "[" + k + "]: ONNX vs TFLite");
      }
    }
    assertArrayEquals(expected[expected.length - 1], actual[actual.length - 1], MAX_ABS_DIFFERENCE);
    return actual;
  }

  /** Runs a {@code .tflite} file in TensorFlow Lite's interpreter at its own input shape. */
  static float[][] runTflite(Path file, float[] input, int outputs) {
    try (FlatBufferModel model = FlatBufferModel.BuildFromFile(file.toString());
        BuiltinOpResolver resolver = new BuiltinOpResolverWithoutDefaultDelegates();
        Interpreter interpreter = new Interpreter((Pointer) null)) {
      if (model.isNull()) {
        throw new AssertionError("TensorFlow Lite could not load " + file);
      }
      try (InterpreterBuilder builder = new InterpreterBuilder(model, resolver)) {
        check(builder.apply(interpreter), "build the interpreter for " + file);
      }
      check(interpreter.AllocateTensors(), "allocate tensors");
      FloatPointer in = interpreter.typed_input_tensor_float(0);
      in.put(input, 0, input.length);
      check(interpreter.Invoke(), "invoke");
      float[][] out = new float[outputs][];
      for (int o = 0; o < outputs; o++) {
        out[o] = new float[(int) (interpreter.output_tensor(o).bytes() / Float.BYTES)];
        interpreter.typed_output_tensor_float(o).get(out[o]);
      }
      return out;
    }
  }

  private static void check(int status, String what) {
    if (status != 0) {
      throw new AssertionError("TensorFlow Lite failed to " + what + ": status " + status);
    }
  }
}
