package org.likeness.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.likeness.image.RgbImage;
import org.likeness.models.ModelSpec;
import org.likeness.models.TensorLayout;
import org.likeness.models.convert.ActivationRanges;

/**
 * Measures the value range of every activation of a float network, the input an int8 conversion
 * needs. It runs the network's calibration form (every activation also a graph output, e.g.
 * {@code MobileFaceNetConverter.convertForCalibration}) on calibration chips and keeps, per tensor,
 * the exact minimum and maximum and a histogram fine enough for any percentile: one bin per float
 * of the same sign, exponent and top 7 mantissa bits, so a quantile is known to within 1% of its
 * value without a second pass or a preset range. Holds an ONNX Runtime session: close it.
 */
public final class ActivationCalibrator implements AutoCloseable {
  private static final int BINS = 1 << 16;

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final ModelSpec spec;
  private final OrtSession session;
  private final String inputName;
  private final List<String> tensors = new ArrayList<>();
  private final Map<String, Histogram> histograms = new LinkedHashMap<>();
  private int chips;

  /** Counts of one tensor's values by the top 16 bits of their float32 encoding. */
  private static final class Histogram {
    final long[] counts = new long[BINS];
    long total;
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;

    void add(FloatBuffer values) {
      while (values.hasRemaining()) {
        float v = values.get();
        if (!Float.isFinite(v)) {
          throw new IllegalStateException("an activation is " + v + "; the network cannot be calibrated");
        }
        counts[Float.floatToRawIntBits(v) >>> 16]++;
        min = Math.min(min, v);
        max = Math.max(max, v);
        total++;
      }
    }

    /**
     * The range from the {@code (100 - percentile)}th to the {@code percentile}th percentile: the
     * values below its low end, and those above its high end, are each at most {@code 1 -
     * percentile / 100} of all. At 100, the exact minimum and maximum.
     */
    ActivationRanges.Range percentiles(double percentile) {
      if (percentile >= 100) {
        return new ActivationRanges.Range(min, max);
      }
      long tail = (long) Math.floor(total * (1 - percentile / 100));
      float low = Math.max(min, edge(ascending(), tail, true));
      float high = Math.min(max, edge(descending(), tail, false));
      return new ActivationRanges.Range(Math.min(low, high), Math.max(low, high));
    }

    /** Bin indices from the most negative float to the largest positive one. */
    private static int[] ascending() {
      int[] order = new int[BINS];
      int k = 0;
      for (int b = BINS - 1; b >= BINS / 2; b--) {
        order[k++] = b; // negative floats, largest magnitude first
      }
      for (int b = 0; b < BINS / 2; b++) {
        order[k++] = b;
      }
      return order;
    }

    private static int[] descending() {
      int[] up = ascending();
      int[] down = new int[BINS];
      for (int i = 0; i < BINS; i++) {
        down[i] = up[BINS - 1 - i];
      }
      return down;
    }

    /**
     * Walks the bins in {@code order} past the first {@code tail} values and returns the outer edge
     * of the bin reached: its smallest value when walking up, its largest when walking down.
     */
    private float edge(int[] order, long tail, boolean up) {
      long seen = 0;
      for (int b : order) {
        seen += counts[b];
        if (seen > tail) {
          boolean negative = b >= BINS / 2;
          int low = b << 16; // smallest magnitude in the bin
          int high = low | 0xFFFF; // largest magnitude in the bin
          // walking up, the outer edge of a negative bin is its largest magnitude; of a positive
          // bin, its smallest; walking down, the reverse
          return Float.intBitsToFloat(up == negative ? high : low);
        }
      }
      throw new IllegalStateException("histogram of " + total + " values has no value past " + tail);
    }
  }

  /**
   * @param spec the float network's spec, for its input size, layout and normalization
   * @param calibrationModel the ONNX bytes of its calibration form
   * @param outputsToSkip graph outputs that are the network's results, not activations to quantize
   */
  public ActivationCalibrator(ModelSpec spec, byte[] calibrationModel, Set<String> outputsToSkip, OrtSettings settings) {
    this.spec = spec;
    try (OrtSession.SessionOptions options = settings.toOptions()) {
      this.session = env.createSession(calibrationModel, options);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime cannot load the calibration form of " + spec.name() + ": " + e.getMessage(), e);
    }
    if (session.getInputNames().size() != 1) {
      close();
      throw new IllegalStateException(
          "the calibration form of " + spec.name() + " has inputs " + session.getInputNames() + "; expected one");
    }
    this.inputName = session.getInputNames().iterator().next();
    for (String output : session.getOutputNames()) {
      if (!outputsToSkip.contains(output)) {
        tensors.add(output);
        histograms.put(output, new Histogram());
      }
    }
    if (tensors.isEmpty()) {
      close();
      throw new IllegalStateException("the calibration form of " + spec.name() + " exposes no activation");
    }
  }

  /** Runs the network on one chip (already aligned for it) and adds every activation to its histogram. */
  public void observe(RgbImage chip) {
    int w = spec.inputWidth();
    int h = spec.inputHeight();
    if (chip.width() != w || chip.height() != h) {
      throw new IllegalArgumentException(spec.name() + " needs " + w + "x" + h + " chips, got " + chip.width() + "x" + chip.height());
    }
    float[] input = new float[3 * w * h];
    Tensors.packRgb(chip, spec.layout(), spec.mean(), spec.std(), input, 0);
    long[] shape = spec.layout() == TensorLayout.NCHW ? new long[] {1, 3, h, w} : new long[] {1, h, w, 3};
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
        OrtSession.Result result = session.run(Map.of(inputName, tensor), Set.copyOf(tensors))) {
      for (String name : tensors) {
        OnnxValue value = result.get(name).orElseThrow();
        histograms.get(name).add(((OnnxTensor) value).getFloatBuffer());
      }
    } catch (OrtException e) {
      throw new IllegalStateException("calibration run of " + spec.name() + " failed: " + e.getMessage(), e);
    }
    chips++;
  }

  /** How many chips were observed. */
  public int chips() {
    return chips;
  }

  /**
   * Each activation's range from its {@code (100 - percentile)}th to its {@code percentile}th
   * percentile over all observed values (100: the exact minimum and maximum), in graph order.
   */
  public ActivationRanges ranges(double percentile, List<String> header) {
    if (!(percentile > 50 && percentile <= 100)) {
      throw new IllegalArgumentException("the percentile must be in (50, 100], got " + percentile);
    }
    if (chips == 0) {
      throw new IllegalStateException("no chip was observed, so " + spec.name() + " has no ranges yet");
    }
    Map<String, ActivationRanges.Range> ranges = new LinkedHashMap<>();
    for (String name : tensors) {
      ranges.put(name, histograms.get(name).percentiles(percentile));
    }
    return new ActivationRanges(header, ranges);
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close the calibration session of " + spec.name(), e);
    }
  }
}
