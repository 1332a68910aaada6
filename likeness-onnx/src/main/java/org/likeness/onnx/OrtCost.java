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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How much arithmetic one call of a model costs, counted from ONNX Runtime's own profile of a run:
 * the shapes of every convolution and matrix product exactly as ORT executed them, after its graph
 * optimizations (so blocked-layout channel padding is included). One multiply-add counts as two
 * floating-point operations, the usual convention; elementwise work (activations, adds, softmax) is
 * left out, as it is in published FLOP counts. Int8 kernels ({@code QLinearConv}) are not counted:
 * ORT packs their weights at load time and the profile leaves the weight shape out, so an int8
 * model's work is that of its float form; {@link #kernels} shows which kernels ran.
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

  /**
   * What ONNX Runtime ran for one operator type: how many nodes per call and their summed time.
   *
   * @param nodes kernel invocations per call
   * @param microsPerCall time those kernels took per call, in microseconds
   */
  public record Kernel(int nodes, double microsPerCall) {}

  /**
   * The kernels ONNX Runtime actually runs for {@code model} after its graph optimizations, by
   * operator type (e.g. {@code QLinearConv}, {@code Conv}, {@code DequantizeLinear}), with their
   * time over {@code calls} calls on zeros of {@code shape} after one warm-up call. This is how to
   * check that an int8 model runs int8 kernels and not a dequantized float fallback.
   */
  public static Map<String, Kernel> kernels(String name, Path model, long[] shape, int calls) {
    if (calls < 1) {
      throw new IllegalArgumentException("profile at least one call, got " + calls);
    }
    JsonNode profile = profile(name, model, shape, calls + 1);
    Map<String, long[]> byOp = new TreeMap<>();
    String firstRun = null;
    for (JsonNode event : profile) {
      if (!"Node".equals(event.path("cat").asText()) || !event.path("name").asText().endsWith("_kernel_time")) {
        continue;
      }
      String node = event.path("name").asText();
      if (firstRun == null) {
        firstRun = node;
      }
      long[] sum = byOp.computeIfAbsent(event.path("args").path("op_name").asText(), k -> new long[2]);
      sum[0]++;
      sum[1] += event.path("dur").asLong();
    }
    Map<String, Kernel> out = new LinkedHashMap<>();
    int runs = calls + 1;
    for (Map.Entry<String, long[]> e : byOp.entrySet()) {
      out.put(e.getKey(), new Kernel((int) (e.getValue()[0] / runs), e.getValue()[1] / (double) runs));
    }
    return out;
  }

  /** Runs {@code model} once on zeros of {@code shape} with profiling on and counts its work. */
  public static Cost measure(String name, Path model, long[] shape) {
    return count(profile(name, model, shape, 1));
  }

  /** ONNX Runtime's profile of {@code calls} calls of {@code model} on zeros of {@code shape}. */
  private static JsonNode profile(String name, Path model, long[] shape, int calls) {
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
        try (OnnxTensor zeros = OnnxTensor.createTensor(env, FloatBuffer.allocate((int) elements), shape)) {
          for (int i = 0; i < calls; i++) {
            try (OrtSession.Result ignored = session.run(Map.of(input, zeros))) {
              // the profile records every node with its shapes and time
            }
          }
        }
        written = Path.of(session.endProfiling());
      }
      return new ObjectMapper().readTree(written.toFile());
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
