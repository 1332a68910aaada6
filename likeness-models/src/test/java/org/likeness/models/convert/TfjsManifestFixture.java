package org.likeness.models.convert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/** Writes small tfjs weights manifests and bins for tests that must not need real weights. */
final class TfjsManifestFixture {
  static final String MANIFEST = "model-weights_manifest.json";
  static final String BIN = "model.bin";

  private final ObjectMapper json = new ObjectMapper();
  private final ArrayNode weights = json.createArrayNode();
  private final ByteArrayOutputStream bin = new ByteArrayOutputStream();

  /** A uint8-quantized tensor holding {@code q}, meaning {@code q * scale + min}. */
  TfjsManifestFixture quantized(String name, int[] shape, byte[] q, double scale, double min) {
    ObjectNode entry = entry(name, shape);
    entry.putObject("quantization").put("dtype", "uint8").put("scale", scale).put("min", min);
    bin.writeBytes(q);
    return this;
  }

  /** A raw little-endian float32 tensor. */
  TfjsManifestFixture float32(String name, int[] shape, float[] values) {
    entry(name, shape);
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(values);
    bin.writeBytes(raw.array());
    return this;
  }

  /** A float32 tensor stored as IEEE half floats (tfjs's float16 quantization), given as raw bits. */
  TfjsManifestFixture float16(String name, int[] shape, short[] halves) {
    ObjectNode entry = entry(name, shape);
    entry.putObject("quantization").put("dtype", "float16").put("original_dtype", "float32");
    ByteBuffer raw = ByteBuffer.allocate(halves.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    raw.asShortBuffer().put(halves);
    bin.writeBytes(raw.array());
    return this;
  }

  /** A little-endian int32 tensor, as tfjs stores shape and axis constants. */
  TfjsManifestFixture int32(String name, int[] shape, int[] values) {
    entry(name, shape).put("dtype", "int32");
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.asIntBuffer().put(values);
    bin.writeBytes(raw.array());
    return this;
  }

  /**
   * Random quantized weights with the given shapes, scaled so activations stay moderate: filters
   * uniform in about +-sqrt(3 / fan-in), scales in [0.5, 1.5], biases near zero.
   */
  static TfjsManifestFixture random(Map<String, int[]> shapes, long seed) {
    Random random = new Random(seed);
    TfjsManifestFixture fixture = new TfjsManifestFixture();
    shapes.forEach(
        (name, shape) -> {
          int count = 1;
          for (int dim : shape) {
            count *= dim;
          }
          byte[] q = new byte[count];
          random.nextBytes(q);
          if (shape.length > 1) {
            int fanIn = count / shape[shape.length - 1];
            double a = Math.sqrt(3.0 / fanIn);
            fixture.quantized(name, shape, q, 2 * a / 255, -a);
          } else if (name.endsWith("/scale/weights")) {
            fixture.quantized(name, shape, q, 1.0 / 255, 0.5);
          } else {
            fixture.quantized(name, shape, q, 0.2 / 255, -0.1);
          }
        });
    return fixture;
  }

  /** Writes {@link #MANIFEST} and {@link #BIN} into {@code dir}; returns the manifest path. */
  Path writeTo(Path dir) throws IOException {
    ArrayNode root = json.createArrayNode();
    ObjectNode group = root.addObject();
    group.putArray("paths").add(BIN);
    group.set("weights", weights);
    Files.write(
        dir.resolve(MANIFEST), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    Files.write(dir.resolve(BIN), bin.toByteArray());
    return dir.resolve(MANIFEST);
  }

  private ObjectNode entry(String name, int[] shape) {
    ObjectNode entry = weights.addObject().put("name", name);
    ArrayNode dims = entry.putArray("shape");
    for (int dim : shape) {
      dims.add(dim);
    }
    entry.put("dtype", "float32");
    return entry;
  }
}
