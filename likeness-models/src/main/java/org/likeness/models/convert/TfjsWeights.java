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
 * Reads a TensorFlow.js weights manifest and its one {@code .bin} file into named float32 tensors,
 * so converters work from plain arrays. Tensors lie in the file in manifest order; a quantized
 * tensor is stored as uint8 {@code q} and means {@code q * scale + min}, as tfjs decodes it; the
 * rest are little-endian float32.
 */
final class TfjsWeights {
  private TfjsWeights() {}

  /** One decoded tensor; {@code shape} is as the manifest gives it. */
  record Tensor(String name, int[] shape, float[] values) {}

  /** How one manifest entry is stored: raw float32, or uint8 with an affine dequantization. */
  private record Entry(String name, int[] shape, long count, Quantization quantization) {
    long byteCount() {
      return quantization == null ? count * Float.BYTES : count;
    }
  }

  private record Quantization(double scale, double min) {}

  /**
   * Decodes every tensor of {@code manifestJson} from {@code weightsBin}, keyed by name in manifest
   * order.
   *
   * @throws BadInputException if the manifest is malformed, names more than one weights file, uses
   *     an unsupported dtype, or disagrees with the length of {@code weightsBin}
   */
  static Map<String, Tensor> read(Path manifestJson, Path weightsBin) throws IOException {
    List<Entry> entries = parseManifest(manifestJson);
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
      float[] values = new float[Math.toIntExact(entry.count())];
      Quantization q = entry.quantization();
      for (int i = 0; i < values.length; i++) {
        // Same arithmetic as tfjs: double multiply-add, then rounded to float32.
        values[i] = q == null ? bin.getFloat() : (float) ((bin.get() & 0xFF) * q.scale() + q.min());
      }
      tensors.put(entry.name(), new Tensor(entry.name(), entry.shape(), values));
    }
    return tensors;
  }

  private static List<Entry> parseManifest(Path manifestJson) throws IOException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(manifestJson.toFile());
    } catch (JacksonException e) {
      throw new BadInputException(
          "weights manifest " + manifestJson + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
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

  private static Entry parseEntry(Path manifestJson, JsonNode weight) {
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
    if (!dtype.equals("float32")) {
      throw new BadInputException(where + " has dtype '" + dtype + "', expected 'float32'");
    }
    JsonNode quantization = weight.get("quantization");
    if (quantization == null) {
      return new Entry(name, shape, count, null);
    }
    String storedAs = quantization.path("dtype").asText("");
    if (!storedAs.equals("uint8")) {
      throw new BadInputException(
          where + " is quantized as '" + storedAs + "'; only 'uint8' is supported");
    }
    JsonNode scale = quantization.get("scale");
    JsonNode min = quantization.get("min");
    if (scale == null || !scale.isNumber() || min == null || !min.isNumber()) {
      throw new BadInputException(
          where + " is quantized but lacks numeric 'scale' and 'min': " + quantization);
    }
    return new Entry(name, shape, count, new Quantization(scale.asDouble(), min.asDouble()));
  }
}
