package org.likeness.onnx;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.likeness.align.AlignmentTemplate;
import org.likeness.compare.Metric;
import org.likeness.embed.FaceEmbedder;
import org.likeness.embed.ModelId;
import org.likeness.image.RgbImage;
import org.likeness.models.ModelSpec;
import org.likeness.models.TensorLayout;

/**
 * Any ONNX embedder described by a {@link ModelSpec}: one image input, one vector output. It reuses
 * its input buffers between calls, so one instance serves one thread at a time.
 */
public final class OnnxFaceEmbedder implements FaceEmbedder {
  private final ModelSpec spec;
  private final OrtModel model;
  private final String outputName;
  private final boolean batched;
  /** Pre-processed chips, reused across calls; grows to the largest batch seen. */
  private float[] scratch = new float[0];

  /**
   * @param inputName the graph's input tensor
   * @param outputName the graph's output tensor
   * @param batched whether the graph accepts a batch dimension other than 1
   */
  public OnnxFaceEmbedder(
      ModelSpec spec, Path file, OrtSettings settings, String inputName, String outputName, boolean batched) {
    this.spec = spec;
    this.outputName = outputName;
    this.batched = batched;
    this.model = new OrtModel(spec.name(), file, settings, inputName, Set.of(outputName));
  }

  @Override
  public ModelId id() {
    return spec.id();
  }

  @Override
  public AlignmentTemplate template() {
    return spec.alignment();
  }

  @Override
  public Metric metric() {
    return spec.metric();
  }

  @Override
  public int dimensions() {
    return spec.dimensions();
  }

  @Override
  public float[][] embedChips(List<RgbImage> chips) {
    float[][] out = new float[chips.size()][];
    int step = batched ? chips.size() : 1;
    for (int start = 0; start < chips.size(); start += step) {
      int n = Math.min(step, chips.size() - start);
      float[] rows = run(chips.subList(start, start + n));
      for (int i = 0; i < n; i++) {
        out[start + i] = java.util.Arrays.copyOfRange(rows, i * spec.dimensions(), (i + 1) * spec.dimensions());
      }
    }
    return out;
  }

  private float[] run(List<RgbImage> chips) {
    int w = spec.inputWidth();
    int h = spec.inputHeight();
    int per = 3 * w * h;
    int length = per * chips.size();
    if (scratch.length < length) {
      scratch = new float[length];
    }
    float[] input = scratch;
    for (int i = 0; i < chips.size(); i++) {
      RgbImage chip = chips.get(i);
      if (chip.width() != w || chip.height() != h) {
        throw new IllegalArgumentException(
            spec.name() + " needs " + w + "x" + h + " chips, got " + chip.width() + "x" + chip.height());
      }
      Tensors.packRgb(chip, spec.layout(), spec.mean(), spec.std(), input, i * per);
    }
    long[] shape =
        spec.layout() == TensorLayout.NCHW
            ? new long[] {chips.size(), 3, h, w}
            : new long[] {chips.size(), h, w, 3};
    float[] out = model.run(input, length, shape, outputName)[0];
    if (out.length != chips.size() * spec.dimensions()) {
      throw new IllegalStateException(
          spec.name() + " returned " + out.length + " values for " + chips.size() + " chips of " + spec.dimensions() + "-d");
    }
    return out;
  }

  @Override
  public void close() {
    model.close();
  }
}
