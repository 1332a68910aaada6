package org.likeness.models.convert;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;

/**
 * Prints how long converting MobileFaceNet takes and how fast the result runs in ONNX Runtime on
 * one intra-op thread, next to TensorFlow Lite on the original file, one thread as well. Run with
 * the test classpath: {@code java -cp ... org.likeness.models.convert.MobileFaceNetBenchmark}.
 */
final class MobileFaceNetBenchmark {
  private static final int WARMUP = 10;
  private static final int FACES_PER_SETTING = 400;

  private MobileFaceNetBenchmark() {}

  public static void main(String[] args) throws IOException, OrtException {
    Path tflite = MobileFaceNetConverterTest.tfliteFile();
    float[] faces = new float[8 * MobileFaceNetConverterTest.PIXELS];
    for (int i = 0; i < 8; i++) {
      String crop =
          MobileFaceNetConverterTest.CROPS.get(i % MobileFaceNetConverterTest.CROPS.size());
      System.arraycopy(
          MobileFaceNetConverterTest.normalizedCrop(crop),
          0,
          faces,
          i * MobileFaceNetConverterTest.PIXELS,
          MobileFaceNetConverterTest.PIXELS);
    }

    double[] conversions = new double[5];
    byte[] onnx = null;
    for (int i = 0; i < conversions.length; i++) {
      long start = System.nanoTime();
      onnx = MobileFaceNetConverter.convert(tflite);
      conversions[i] = (System.nanoTime() - start) / 1e6;
    }

    System.out.printf("%-52s %8s%n", "setting (medians)", "ms");
    System.out.printf("%-52s %8.1f%n", "conversion, whole model", median(conversions));
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      try (OrtSession session = env.createSession(onnx, options)) {
        for (int batch : new int[] {1, 8}) {
          double ms = onnxPerFace(env, session, faces, batch);
          System.out.printf(
              "%-52s %8.2f%n", "ONNX Runtime 1.22, 1 thread, batch " + batch + ", per face", ms);
        }
      }
    }
    System.out.printf(
        "%-52s %8.2f%n",
        "TFLite 2.19 builtin kernels, 1 thread, batch 2, per face",
        tflitePerFace(tflite, faces, new BuiltinOpResolverWithoutDefaultDelegates()));
    System.out.printf(
        "%-52s %8.2f%n",
        "TFLite 2.19 + XNNPACK, 1 thread, batch 2, per face",
        tflitePerFace(tflite, faces, new BuiltinOpResolver()));
  }

  private static double onnxPerFace(
      OrtEnvironment env, OrtSession session, float[] faces, int batch) throws OrtException {
    int pixels = MobileFaceNetConverterTest.PIXELS;
    int size = MobileFaceNetConverter.INPUT_SIZE;
    float[] input = Arrays.copyOf(faces, batch * pixels);
    int runs = FACES_PER_SETTING / batch;
    double[] times = new double[runs];
    try (OnnxTensor x =
        OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {batch, size, size, 3})) {
      for (int i = -WARMUP; i < runs; i++) {
        long start = System.nanoTime();
        try (OrtSession.Result result = session.run(Map.of(MobileFaceNetConverter.INPUT_NAME, x))) {
          result.get(0).getValue();
        }
        if (i >= 0) {
          times[i] = (System.nanoTime() - start) / 1e6 / batch;
        }
      }
    }
    return median(times);
  }

  private static double tflitePerFace(Path file, float[] faces, BuiltinOpResolver resolver) {
    int batch = 2;
    int runs = FACES_PER_SETTING / batch;
    double[] times = new double[runs];
    try (resolver;
        FlatBufferModel model = FlatBufferModel.BuildFromFile(file.toString());
        Interpreter interpreter = new Interpreter((Pointer) null);
        InterpreterBuilder builder = new InterpreterBuilder(model, resolver)) {
      builder.SetNumThreads(1);
      if (builder.apply(interpreter) != 0 || interpreter.AllocateTensors() != 0) {
        throw new IllegalStateException("TensorFlow Lite could not load " + file);
      }
      FloatPointer input = interpreter.typed_input_tensor_float(0);
      input.put(faces, 0, batch * MobileFaceNetConverterTest.PIXELS);
      for (int i = -WARMUP; i < runs; i++) {
        long start = System.nanoTime();
        if (interpreter.Invoke() != 0) {
          throw new IllegalStateException("TensorFlow Lite failed to run " + file);
        }
        if (i >= 0) {
          times[i] = (System.nanoTime() - start) / 1e6 / batch;
        }
      }
    }
    return median(times);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
