package org.likeness.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** One ONNX Runtime session and the single call every Likeness model makes: floats in, floats out. */
final class OrtModel implements AutoCloseable {
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final String name;
  private final String inputName;
  private FloatBuffer direct;

  OrtModel(String name, Path file, OrtSettings settings, String inputName, Set<String> outputs) {
    this.name = name;
    this.inputName = inputName;
    try {
      this.session = open(name, file, settings);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime cannot load model " + name + " from " + file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model " + name + " from " + file
          + " or its optimized graph in " + settings.optimizedModelCache().orElseThrow(), e);
    }
    if (!session.getInputNames().contains(inputName) || !session.getOutputNames().containsAll(outputs)) {
      String found = "inputs " + session.getInputNames() + ", outputs " + session.getOutputNames();
      close();
      throw new IllegalStateException(
          "model " + name + " at " + file + " should have input '" + inputName + "' and outputs " + outputs + " but has " + found);
    }
  }

  private OrtSession open(String name, Path file, OrtSettings settings) throws OrtException, IOException {
    if (settings.optimizedModelCache().isPresent() && settings.optimization() != OrtSettings.GraphOptimization.NONE) {
      return new OptimizedModelCache(settings.optimizedModelCache().get()).open(env, name, file, settings);
    }
    try (OrtSession.SessionOptions options = settings.toOptions()) {
      return env.createSession(file.toString(), options);
    }
  }

  /** Runs the model on one input tensor and copies out the named outputs. */
  float[][] run(float[] input, long[] shape, String... outputs) {
    return run(input, input.length, shape, outputs);
  }

  /**
   * Runs the model on the first {@code length} values of {@code input}. They are copied into one
   * direct buffer that this model keeps, which ORT reads in place, so a call allocates no input
   * memory once the buffer has grown to the largest batch. Not thread-safe.
   */
  float[][] run(float[] input, int length, long[] shape, String... outputs) {
    if (direct == null || direct.capacity() < length) {
      direct = ByteBuffer.allocateDirect(Math.multiplyExact(length, Float.BYTES)).order(ByteOrder.nativeOrder())
          .asFloatBuffer();
    }
    direct.clear();
    direct.put(input, 0, length);
    direct.flip();
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, direct, shape);
        OrtSession.Result result = session.run(Map.of(inputName, tensor), Set.of(outputs))) {
      float[][] out = new float[outputs.length][];
      for (int i = 0; i < outputs.length; i++) {
        OnnxTensor t = (OnnxTensor) result.get(outputs[i]).orElseThrow();
        FloatBuffer fb = t.getFloatBuffer();
        out[i] = new float[fb.remaining()];
        fb.get(out[i]);
      }
      return out;
    } catch (OrtException e) {
      throw new IllegalStateException("model " + name + " failed on input " + java.util.Arrays.toString(shape) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close model " + name, e);
    }
  }
}
