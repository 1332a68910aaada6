package org.likeness.models.convert;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the protocol-buffers wire format, field by field, so the converter can emit ONNX files
 * without a protobuf runtime. It knows only the three wire types ONNX's messages need here: varint
 * (ints, enums), fixed32 (floats) and length-delimited (strings, bytes, nested messages).
 */
final class ProtoWriter {
  static final int WIRE_VARINT = 0;
  static final int WIRE_LENGTH_DELIMITED = 2;
  static final int WIRE_FIXED32 = 5;

  /** A byte buffer that can copy its contents into another without an intermediate array. */
  private static final class Buffer extends ByteArrayOutputStream {
    void copyTo(Buffer target) {
      target.write(buf, 0, count);
    }
  }

  private final Buffer out = new Buffer();

  /** An {@code int64}, {@code int32} or enum field. */
  ProtoWriter int64(int field, long value) {
    tag(field, WIRE_VARINT);
    varint(value);
    return this;
  }

  /** A {@code float} field, little-endian IEEE 754. */
  ProtoWriter float32(int field, float value) {
    tag(field, WIRE_FIXED32);
    int bits = Float.floatToIntBits(value);
    for (int shift = 0; shift < 32; shift += 8) {
      out.write(bits >>> shift);
    }
    return this;
  }

  /** A {@code string} field, UTF-8. */
  ProtoWriter string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  /** A {@code bytes} field. */
  ProtoWriter bytes(int field, byte[] value) {
    tag(field, WIRE_LENGTH_DELIMITED);
    varint(value.length);
    out.writeBytes(value);
    return this;
  }

  /** A nested message field holding everything written to {@code message} so far. */
  ProtoWriter message(int field, ProtoWriter message) {
    tag(field, WIRE_LENGTH_DELIMITED);
    varint(message.size());
    message.out.copyTo(out);
    return this;
  }

  /** Appends fields already encoded by another writer (protobuf messages concatenate). */
  ProtoWriter append(ProtoWriter fields) {
    fields.out.copyTo(out);
    return this;
  }

  /** Number of bytes written so far. */
  int size() {
    return out.size();
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  /**
   * Base-128 varint: seven bits per byte, least significant group first, high bit set on every byte
   * but the last. Negative values take ten bytes, as protobuf encodes {@code int64}.
   */
  ProtoWriter varint(long value) {
    long rest = value;
    while ((rest & ~0x7FL) != 0) {
      out.write((int) ((rest & 0x7F) | 0x80));
      rest >>>= 7;
    }
    out.write((int) rest);
    return this;
  }

  private void tag(int field, int wireType) {
    if (field < 1) {
      throw new IllegalArgumentException("protobuf field numbers start at 1, got " + field);
    }
    varint(((long) field << 3) | wireType);
  }
}
