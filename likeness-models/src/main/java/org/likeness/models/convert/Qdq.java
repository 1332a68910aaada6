package org.likeness.models.convert;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The arithmetic of the int8 (QDQ) form, kept apart from graph building so it can be tested alone:
 * asymmetric uint8 parameters for activations, symmetric int8 per-output-channel weights, int32
 * biases. Rounding is to nearest, ties to even, as ONNX's QuantizeLinear does.
 */
final class Qdq {
  private Qdq() {}

  /** Largest magnitude of a symmetric int8 weight; -128 is left unused so the range is symmetric. */
  static final int INT8_MAX = 127;

  /** Smallest scale written, so a constant-zero tensor or channel still has a valid scale. */
  static final float MIN_SCALE = 1e-12f;

  /**
   * The uint8 parameters of one activation: {@code real = scale * (q - zeroPoint)}.
   *
   * @param scale the real value of one uint8 step, positive
   * @param zeroPoint the uint8 value that represents real 0, in 0..255
   */
  record Params(float scale, int zeroPoint) {
    Params {
      if (!(scale > 0) || zeroPoint < 0 || zeroPoint > 255) {
        throw new IllegalArgumentException(
            "uint8 quantization needs a positive scale and a zero point in 0..255, got scale "
                + scale
                + " and zero point "
                + zeroPoint);
      }
    }

    /**
     * Parameters covering {@code range} widened to include 0 (so 0, e.g. padding, is exact), with
     * the zero point rounded onto the uint8 grid.
     */
    static Params uint8(ActivationRanges.Range range) {
      float min = Math.min(range.min(), 0f);
      float max = Math.max(range.max(), 0f);
      float scale = Math.max((max - min) / 255f, MIN_SCALE);
      int zero = (int) Math.rint(-min / scale);
      return new Params(scale, Math.max(0, Math.min(255, zero)));
    }
  }

  /**
   * Int8 weights with one scale per output channel (axis 0).
   *
   * @param values the int8 weights, same layout as the float ones
   * @param scales one positive scale per output channel
   */
  record PerChannel(byte[] values, float[] scales) {}

  /** Quantizes OIHW (or any channel-major) weights symmetrically, one scale per channel. */
  static PerChannel int8PerChannel(float[] weights, int channels) {
    if (channels < 1 || weights.length % channels != 0) {
      throw new IllegalArgumentException(
          weights.length + " weights cannot be split into " + channels + " output channels");
    }
    int per = weights.length / channels;
    byte[] q = new byte[weights.length];
    float[] scales = new float[channels];
    for (int c = 0; c < channels; c++) {
      float max = 0;
      for (int i = c * per; i < (c + 1) * per; i++) {
        max = Math.max(max, Math.abs(weights[i]));
      }
      float scale = Math.max(max / INT8_MAX, MIN_SCALE);
      scales[c] = scale;
      for (int i = c * per; i < (c + 1) * per; i++) {
        long v = Math.round(Math.rint(weights[i] / scale));
        q[i] = (byte) Math.max(-INT8_MAX, Math.min(INT8_MAX, v));
      }
    }
    return new PerChannel(q, scales);
  }

  /** Quantizes a bias to int32 with one scale per channel, as little-endian bytes. */
  static byte[] int32(float[] bias, float[] scales) {
    ByteBuffer raw = ByteBuffer.allocate(bias.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int c = 0; c < bias.length; c++) {
      double v = Math.rint(bias[c] / (double) scales[c]);
      if (Math.abs(v) > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "bias " + bias[c] + " of channel " + c + " overflows int32 at scale " + scales[c]);
      }
      raw.putInt((int) v);
    }
    return raw.array();
  }

  /** Float32 values as little-endian bytes. */
  static byte[] floats(float... values) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(values);
    return raw.array();
  }
}
