package org.likeness.models.convert;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.likeness.error.BadInputException;

/**
 * Reads a TensorFlow.js weights manifest and its one {@code .bin} file into named tensors, so
 * converters work from plain arrays. Tensors lie in the file in manifest order. A float32 tensor is
 * stored as little-endian float32, as uint8 {@code q} meaning {@code q * scale + min} (tfjs's affine
 * quantization), or as IEEE half floats (tfjs's float16 quantization, widened exactly); an int32
 * tensor (shapes, axes) is stored as little-endian int32.
 */
final class TfjsWeights {
  private TfjsWeights() {}

  /**
   * One decoded tensor; {@code shape} is as the manifest gives it. Exactly one of {@code values}
   * (float32 tensors) and {@code ints} (int32 tensors) is set.
   */
  record Tensor(String name, int[] shape, float[] values, int[] ints) {
    Tensor {
      if ((values == null) == (ints == null)) {
        throw new IllegalArgumentException(
            "tensor '" + name + "' must hold either float32 values or int32 values");
      }
    }

    Tensor(String name, int[] shape, float[] values) {
      this(name, shape, values, null);
    }

    boolean isInt32() {
      return ints != null;
    }
  }

  /** How a manifest entry's values are laid out in the {@code .bin}. */
  private enum Storage {
    FLOAT32(Float.BYTES),
    UINT8(1),
    FLOAT16(2),
    INT32(Integer.BYTES);

    final int bytes;

    Storage(int bytes) {
      this.bytes = bytes;
    }
  }

  /** One manifest entry; {@code scale} and {@code min} matter only for {@link Storage#UINT8}. */
  private record Entry(String name, int[] shape, long count, Storage storage, double scale, double min) {
    long byteCount() {
      return count * storage.bytes;
    }
  }

  /**
   * Decodes every tensor of {@code manifestJson} from {@code weightsBin}, keyed by name in manifest
   * order.
   *
   * @throws BadInputException if the manifest is malformed, names more than one weights file, uses
   *     an unsupported dtype, or disagrees with the length of {@code weightsBin}
   */
  static Map<String, Tensor> read(Path manifestJson, Path weightsBin) throws IOException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(manifestJson.toFile());
    } catch (JacksonException e) {
      throw new BadInputException(
          "weights manifest " + manifestJson + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    return read(root, manifestJson.toString(), weightsBin);
  }

  /**
   * Decodes every tensor of an already parsed manifest (the {@code weightsManifest} array of a
   * graph model's {@code model.json}); {@code manifestJson} names it in error messages.
   */
  static Map<String, Tensor> read(JsonNode manifest, String manifestJson, Path weightsBin)
      throws IOException {
    List<Entry> entries = parseManifest(manifest, manifestJson);
    long expectedBytes = entries.stream().mapToLong(Entry::byteCount).sum();
    long actualBytes = Files.size(weightsBin);
    if (actualBytes != expectedBytes) {
      throw new BadInputException(
          "weights file "
              + weightsBin
              + " has "
              + actualBytes
              + " bytes but manifest "
              + manifestJson
              + " describes "
              + expectedBytes
              + " bytes in "
              + entries.size()
              + " tensors");
    }
    ByteBuffer bin = ByteBuffer.wrap(Files.readAllBytes(weightsBin)).order(ByteOrder.LITTLE_ENDIAN);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (Entry entry : entries) {
      int n = Math.toIntExact(entry.count());
      if (entry.storage() == Storage.INT32) {
        int[] ints = new int[n];
        for (int i = 0; i < n; i++) {
          ints[i] = bin.getInt();
        }
        tensors.put(entry.name(), new Tensor(entry.name(), entry.shape(), null, ints));
        continue;
      }
      float[] values = new float[n];
      for (int i = 0; i < n; i++) {
        values[i] =
            switch (entry.storage()) {
              case FLOAT32 -> bin.getFloat();
              // Same arithmetic as tfjs: double multiply-add, then rounded to float32.
              case UINT8 -> (float) ((bin.get() & 0xFF) * entry.scale() + entry.min());
              case FLOAT16 -> halfToFloat(bin.getShort());
              case INT32 -> throw new AssertionError("handled above");
            };
      }
      tensors.put(entry.name(), new Tensor(entry.name(), entry.shape(), values));
    }
    return tensors;
  }

  /** Widens an IEEE 754 half float exactly, as tfjs's float16 dequantization does. */
  static float halfToFloat(short half) {
    int h = half & 0xFFFF;
    int sign = (h >>> 15) << 31;
    int exponent = (h >>> 10) & 0x1F;
    int mantissa = h & 0x3FF;
    if (exponent == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      // Zero or subnormal: mantissa * 2^-24, exact in float32.
      float magnitude = mantissa * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
  }

  private static List<Entry> parseManifest(JsonNode root, String manifestJson) {
    if (root == null || !root.isArray()) {
      throw new BadInputException(
          "weights manifest " + manifestJson + " must be a JSON array of weight groups");
    }
    List<String> paths = new ArrayList<>();
    List<Entry> entries = new ArrayList<>();
    for (JsonNode group : root) {
      group.path("paths").forEach(p -> paths.add(p.asText()));
      JsonNode weights = group.path("weights");
      if (!weights.isArray()) {
        throw new BadInputException(
            "weights manifest " + manifestJson + " has a group without a 'weights' array");
      }
      for (JsonNode weight : weights) {
        Entry entry = parseEntry(manifestJson, weight);
        if (entries.stream().anyMatch(e -> e.name().equals(entry.name()))) {
          throw new BadInputException(
              "weights manifest " + manifestJson + " lists tensor '" + entry.name() + "' twice");
        }
        entries.add(entry);
      }
    }
    if (paths.size() != 1) {
      throw new BadInputException(
          "weights manifest "
              + manifestJson
              + " spreads its weights over "
              + paths.size()
              + " files "
              + paths
              + "; only manifests with exactly one .bin are supported");
    }
    return entries;
  }

  private static Entry parseEntry(String manifestJson, JsonNode weight) {
    String name = weight.path("name").asText("");
    String where = "tensor '" + name + "' in weights manifest " + manifestJson;
    if (name.isEmpty()) {
      throw new BadInputException(
          "weights manifest " + manifestJson + " has a tensor without name");
    }
    JsonNode shapeNode = weight.path("shape");
    if (!shapeNode.isArray()) {
      throw new BadInputException(where + " has no 'shape' array");
    }
    int[] shape = new int[shapeNode.size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      JsonNode dim = shapeNode.get(i);
      if (!dim.canConvertToInt() || dim.asInt() < 0) {
        throw new BadInputException(
            where + " has invalid dimension " + dim + " in shape " + shapeNode);
      }
      shape[i] = dim.asInt();
      count *= shape[i];
    }
    String dtype = weight.path("dtype").asText("");
    JsonNode quantization = weight.get("quantization");
    if (dtype.equals("int32") && quantization == null) {
      return new Entry(name, shape, count, Storage.INT32, 0, 0);
    }
    if (!dtype.equals("float32")) {
      throw new BadInputException(
          where + " has dtype '" + dtype + "'; only 'float32' and unquantized 'int32' are supported");
    }
    if (quantization == null) {
      return new Entry(name, shape, count, Storage.FLOAT32, 0, 0);
    }
    String storedAs = quantization.path("dtype").asText("");
    if (storedAs.equals("float16")) {
      return new Entry(name, shape, count, Storage.FLOAT16, 0, 0);
    }
    if (!storedAs.equals("uint8")) {
      throw new BadInputException(
          where + " is quantized as '" + storedAs + "'; only 'uint8' and 'float16' are supported");
    }
    JsonNode scale = quantization.get("scale");
    JsonNode min = quantization.get("min");
    if (scale == null || !scale.isNumber() || min == null || !min.isNumber()) {
      throw new BadInputException(
          where + " is quantized but lacks numeric 'scale' and 'min': " + quantization);
    }
    return new Entry(name, shape, count, Storage.UINT8, scale.asDouble(), min.asDouble());
  }
}
