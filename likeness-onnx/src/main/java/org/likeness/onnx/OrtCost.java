package org.likeness.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * How much arithmetic one call of a model costs, counted from ONNX Runtime's own profile of a run:
 * the shapes of every convolution and matrix product exactly as ORT executed them, after its graph
 * optimizations (so blocked-layout channel padding is included). One multiply-add counts as two
 * floating-point operations, the usual convention; elementwise work (activations, adds, softmax) is
 * left out, as it is in published FLOP counts.
 */
public final class OrtCost {
  private OrtCost() {}

  /**
   * The arithmetic of one call.
   *
   * @param flops floating-point operations of the convolutions and matrix products
   * @param convolutions how many of those nodes ORT ran
   */
  public record Cost(double flops, int convolutions) {
    public double gflop() {
      return flops / 1e9;
    }
  }

  /** Runs {@code model} once on zeros of {@code shape} with profiling on and counts its work. */
  public static Cost measure(String name, Path model, long[] shape) {
    Path dir;
    try {
      dir = Files.createTempDirectory("likeness-ort-profile");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for ONNX Runtime's profile", e);
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long elements = 1;
    for (long d : shape) {
      elements = Math.multiplyExact(elements, d);
    }
    try (OrtSession.SessionOptions options = OrtSettings.defaults().toOptions()) {
      options.enableProfiling(dir.resolve("profile").toString());
      Path written;
      try (OrtSession session = env.createSession(model.toString(), options)) {
        String input = session.getInputNames().iterator().next();
        try (OnnxTensor zeros = OnnxTensor.createTensor(env, FloatBuffer.allocate((int) elements), shape);
            OrtSession.Result ignored = session.run(Map.of(input, zeros))) {
          // one call is enough: the profile records every node with its shapes
        }
        written = Path.of(session.endProfiling());
      }
      return count(new ObjectMapper().readTree(written.toFile()));
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime cannot profile " + name + " from " + model + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ONNX Runtime's profile of " + name, e);
    } finally {
      deleteQuietly(dir);
    }
  }

  /** Sums the work of the profiled nodes; package-private so a test can feed it a known profile. */
  static Cost count(JsonNode profile) {
    double flops = 0;
    int nodes = 0;
    for (JsonNode event : profile) {
      if (!"Node".equals(event.path("cat").asText()) || !event.path("name").asText().endsWith("_kernel_time")) {
        continue;
      }
      JsonNode args = event.path("args");
      String op = args.path("op_name").asText();
      JsonNode in = args.path("input_type_shape");
      JsonNode out = args.path("output_type_shape");
      switch (op) {
        case "Conv", "FusedConv", "NchwcConv" -> {
          // 2 x (output elements) x (weights feeding one output: in-channels per group x kernel)
          long[] w = dims(in.path(1));
          long perOutput = 1;
          for (int i = 1; i < w.length; i++) {
            perOutput *= w[i];
          }
          flops += 2.0 * product(dims(out.path(0))) * perOutput;
          nodes++;
        }
        case "Gemm", "MatMul", "FusedMatMul" -> {
          long[] a = dims(in.path(0));
          long[] y = dims(out.path(0));
          flops += 2.0 * product(y) * a[a.length - 1];
          nodes++;
        }
        default -> {}
      }
    }
    return new Cost(flops, nodes);
  }

  /** The dims of one {@code {"float": [..]}} entry of a profile's shape list. */
  private static long[] dims(JsonNode typed) {
    JsonNode list = typed.elements().hasNext() ? typed.elements().next() : null;
    if (list == null || !list.isArray()) {
      throw new IllegalStateException("unexpected shape entry in ONNX Runtime's profile: " + typed);
    }
    long[] d = new long[list.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = list.get(i).asLong();
    }
    return d;
  }

  private static double product(long[] dims) {
    double p = 1;
    for (long d : dims) {
      p *= d;
    }
    return p;
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover profile in the temp directory is harmless
    }
  }
}
