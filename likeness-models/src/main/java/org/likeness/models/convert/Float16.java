package org.likeness.models.convert;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * IEEE 754 half-precision values widened to float32, for weights that TensorFlow Lite files store
 * as float16. Every float16 value (subnormals, infinities and NaNs included) has an exact float32
 * equal, so widening loses nothing. (Java 17 has no {@code Float.float16ToFloat}; it came in 20.)
 */
final class Float16 {
  private Float16() {}

  /** The float32 value of the half-precision bit pattern {@code bits} (the low 16 bits). */
  static float toFloat(int bits) {
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >> 10) & 0x1F;
    int mantissa = bits & 0x3FF;
    if (exponent == 0x1F) { // infinity or NaN: keep the payload
      return Float.intBitsToFloat(sign | 0x7F800000 | mantissa << 13);
    }
    if (exponent == 0) {
      // Zero or subnormal: mantissa * 2^-24, exact in float32.
      float magnitude = mantissa * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | (exponent + 127 - 15) << 23 | mantissa << 13);
  }

  /** Little-endian float16 data widened to little-endian float32 data. */
  static ByteBuffer widen(ByteBuffer halfs) {
    ByteBuffer in = halfs.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    in.rewind();
    int count = in.remaining() / Short.BYTES;
    ByteBuffer out = ByteBuffer.allocate(count * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < count; i++) {
      out.putFloat(toFloat(Short.toUnsignedInt(in.getShort())));
    }
    out.flip();
    return out;
  }
}
