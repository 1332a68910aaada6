package org.likeness.models.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.models.convert.OnnxGraphBuilder.ConvGeometry;
import org.likeness.models.convert.OnnxGraphBuilder.Dim;

/**
 * The int8 (QDQ) form of a small convolutional graph: computed from calibrated ranges, it agrees
 * with the float graph within the quantization error, and ONNX Runtime runs it with int8 kernels.
 */
class QdqGraphTest {
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
  private static final long SEED = 20261205L;
  private static final int CHANNELS = 8;
  private static final int SIDE = 16;

  /**
   * x [N,3,16,16] -> transpose (identity) -> 3x3 conv to 8 channels -> relu(-y) as conv + relu (the PReLU idiom's first
   * half) -> depthwise 3x3 -> residual add -> 1x1 conv to 4 channels -> output.
   */
  private static byte[] graph(GraphPrecision precision, Random weights) {
    OnnxGraphBuilder g = new OnnxGraphBuilder("qdq-test", precision);
    g.input("x", Dim.symbolic("N"), Dim.of(3), Dim.of(SIDE), Dim.of(SIDE));
    ConvGeometry full = new ConvGeometry(3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1);
    ConvGeometry depthwise = new ConvGeometry(3, 3, 1, 1, 1, 1, 1, 1, 1, 1, CHANNELS);
    ConvGeometry pointwise = new ConvGeometry(1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1);
    ConvGeometry perChannel = new ConvGeometry(1, 1, 1, 1, 1, 1, 0, 0, 0, 0, CHANNELS);
    // As in the converters, the input passes through a layout op, whose output is quantized.
    String xt = g.transpose("xt", "x", 0, 1, 2, 3);
    String c1 =
        g.conv("c1", xt, g.initializer("w1", random(weights, CHANNELS * 3 * 9, 0.3f), CHANNELS, 3, 3, 3),
            g.initializer("b1", random(weights, CHANNELS, 0.1f), CHANNELS), full);
    float[] minusOne = new float[CHANNELS];
    java.util.Arrays.fill(minusOne, -1f);
    String negative =
        g.convRelu("neg", "neg_relu", c1, g.initializer("m1", minusOne, CHANNELS, 1, 1, 1),
            g.initializer("zero", new float[CHANNELS], CHANNELS), perChannel);
    String dw =
        g.conv("dw", negative, g.initializer("w2", random(weights, CHANNELS * 9, 0.5f), CHANNELS, 1, 3, 3),
            "zero", depthwise);
    String sum = g.add("sum", dw, c1);
    String out =
        g.conv("out", sum, g.initializer("w3", random(weights, 4 * CHANNELS, 0.4f), 4, CHANNELS, 1, 1),
            g.initializer("b3", random(weights, 4, 0.1f), 4), pointwise);
    g.output(out, Dim.symbolic("N"), Dim.of(4), Dim.of(SIDE), Dim.of(SIDE));
    return g.build("test", "qdq test graph");
  }

  private static float[] random(Random r, int n, float scale) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian() * scale;
    }
    return v;
  }

  @Test
  void int8GraphMatchesFloatWithinQuantizationErrorAndRunsQLinearConv(@TempDir Path dir)
      throws OrtException, IOException {
    Random inputs = new Random(SEED);
    float[] calibration = random(inputs, 8 * 3 * SIDE * SIDE, 1f);
    float[] test = random(inputs, 4 * 3 * SIDE * SIDE, 1f);

    // Calibrate: min/max of every exposed activation over the calibration batch.
    Map<String, float[]> exposed =
        run(graph(new GraphPrecision.ExposeActivations(), new Random(SEED)), calibration, 8, Set.of());
    assertTrue(exposed.keySet().containsAll(List.of("xt", "c1", "neg", "neg_relu", "dw", "sum", "out")),
        "seed " + SEED + ": exposed " + exposed.keySet());
    Map<String, ActivationRanges.Range> ranges = new LinkedHashMap<>();
    for (Map.Entry<String, float[]> e : exposed.entrySet()) {
      if (!e.getKey().equals("out")) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : e.getValue()) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
        ranges.put(e.getKey(), new ActivationRanges.Range(min, max));
      }
    }
    ActivationRanges table = new ActivationRanges(List.of("test"), ranges);
    ActivationRanges reread =
        ActivationRanges.read(new ByteArrayInputStream(table.format().getBytes(StandardCharsets.UTF_8)), "test");
    assertEquals(table.ranges(), reread.ranges(), "seed " + SEED);

    byte[] int8 = graph(new GraphPrecision.Qdq(reread), new Random(SEED));
    float[] expected = run(graph(new GraphPrecision.Float32(), new Random(SEED)), test, 4, Set.of("out")).get("out");
    Path profileDir = Files.createDirectories(dir.resolve("profile"));
    float[] actual = run(int8, test, 4, Set.of("out"), profileDir).get("out");

    float range = 0;
    for (float v : expected) {
      range = Math.max(range, Math.abs(v));
    }
    double sumError = 0;
    double maxError = 0;
    for (int i = 0; i < expected.length; i++) {
      double e = Math.abs(expected[i] - actual[i]);
      sumError += e;
      maxError = Math.max(maxError, e);
    }
    double meanError = sumError / expected.length;
    // Three uint8 requantizations and int8 weights: each adds at most half a step of its own
    // range; the output's own step is range/127 at most.
    assertTrue(maxError < 0.08 * range, "seed " + SEED + ": max error " + maxError + " of range " + range);
    assertTrue(meanError < 0.01 * range, "seed " + SEED + ": mean error " + meanError + " of range " + range);
    assertTrue(maxError > 0, "seed " + SEED + ": the int8 graph computed exactly the float result; nothing was quantized");

    // Every convolution with a quantized output runs as QLinearConv, the Relu folded into the
    // uint8 range of "neg"; only "out", whose float result is the graph output, stays float.
    Map<String, Integer> kernels = kernels(profileDir);
    assertEquals(3, kernels.getOrDefault("QLinearConv", 0), "kernels run: " + kernels);
    assertEquals(1, kernels.getOrDefault("Conv", 0) + kernels.getOrDefault("FusedConv", 0), "kernels run: " + kernels);
    assertEquals(1, kernels.getOrDefault("QLinearAdd", 0), "kernels run: " + kernels);
    assertFalse(kernels.containsKey("Relu"), "kernels run: " + kernels);
  }

  @Test
  void weightsGetOneSymmetricScalePerOutputChannel() {
    float[] w = {0.5f, -1f, 0.25f, 0f, 0f, 0f, 2f, 4f, -8f};
    Qdq.PerChannel q = Qdq.int8PerChannel(w, 3);
    assertEquals(1f / 127, q.scales()[0], 1e-9);
    assertEquals(Qdq.MIN_SCALE, q.scales()[1]);
    assertEquals(8f / 127, q.scales()[2], 1e-9);
    assertEquals(-127, q.values()[1]);
    assertEquals(-127, q.values()[8]);
    assertEquals(64, q.values()[0]); // 0.5 * 127 = 63.5 rounds to even
    assertEquals(0, q.values()[4]);
  }

  @Test
  void activationZeroIsExactAndAReluRangeHasZeroPointZero() {
    Qdq.Params relu = Qdq.Params.uint8(new ActivationRanges.Range(0f, 25.5f));
    assertEquals(0, relu.zeroPoint());
    assertEquals(0.1f, relu.scale(), 1e-7);
    Qdq.Params positiveOnly = Qdq.Params.uint8(new ActivationRanges.Range(2f, 25.5f));
    assertEquals(0, positiveOnly.zeroPoint(), "the range is widened to include 0");
    Qdq.Params mixed = Qdq.Params.uint8(new ActivationRanges.Range(-1f, 3f));
    assertEquals(64, mixed.zeroPoint());
  }

  private static Map<String, float[]> run(byte[] model, float[] input, int batch, Set<String> outputs)
      throws OrtException {
    return run(model, input, batch, outputs, null);
  }

  private static Map<String, float[]> run(byte[] model, float[] input, int batch, Set<String> outputs, Path profile)
      throws OrtException {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.setIntraOpNumThreads(1);
      if (profile != null) {
        options.enableProfiling(profile.resolve("qdq").toString());
      }
      try (OrtSession session = ENV.createSession(model, options);
          OnnxTensor x = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(input), new long[] {batch, 3, SIDE, SIDE})) {
        Set<String> wanted = outputs.isEmpty() ? session.getOutputNames() : outputs;
        Map<String, float[]> out = new HashMap<>();
        try (OrtSession.Result result = session.run(Map.of("x", x), wanted)) {
          for (String name : wanted) {
            FloatBuffer fb = ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
            float[] values = new float[fb.remaining()];
            fb.get(values);
            out.put(name, values);
          }
        }
        if (profile != null) {
          session.endProfiling();
        }
        return out;
      }
    }
  }

  /** Kernels per operator type in the profile (one call) ONNX Runtime wrote under {@code dir}. */
  private static Map<String, Integer> kernels(Path dir) throws IOException {
    Map<String, Integer> ops = new HashMap<>();
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        for (JsonNode event : new ObjectMapper().readTree(file.toFile())) {
          if ("Node".equals(event.path("cat").asText()) && event.path("name").asText().endsWith("_kernel_time")) {
            ops.merge(event.path("args").path("op_name").asText(), 1, Integer::sum);
          }
        }
      }
    }
    return ops;
  }
}
