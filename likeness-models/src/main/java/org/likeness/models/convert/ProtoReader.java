package org.likeness.models.convert;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the protocol-buffers wire format into its fields, the counterpart of {@link ProtoWriter}:
 * enough to read an ONNX file without a protobuf runtime. A message is a list of {@link Field}s in
 * file order; what a field means is up to the caller, who knows the schema.
 */
final class ProtoReader {
  private ProtoReader() {}

  /**
   * One field of a message.
   *
   * @param number the field number
   * @param wireType 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32
   * @param value the varint or fixed value (fixed32 in the low 32 bits)
   * @param bytes the payload of a length-delimited field, else null
   */
  record Field(int number, int wireType, long value, byte[] bytes) {
    String string() {
      return new String(requireBytes(), StandardCharsets.UTF_8);
    }

    byte[] requireBytes() {
      if (bytes == null) {
        throw new IllegalArgumentException("protobuf field " + number + " has wire type " + wireType + ", not length-delimited");
      }
      return bytes;
    }

    /** The field as a packed or single varint run (repeated int64 may be either). */
    List<Long> varints() {
      List<Long> out = new ArrayList<>();
      if (wireType == ProtoWriter.WIRE_VARINT) {
        out.add(value);
        return out;
      }
      int[] pos = {0};
      byte[] b = requireBytes();
      while (pos[0] < b.length) {
        out.add(readVarint(b, pos, b.length));
      }
      return out;
    }
  }

  /** Splits {@code message} into its fields. */
  static List<Field> fields(byte[] message) {
    List<Field> out = new ArrayList<>();
    int[] pos = {0};
    int end = message.length;
    while (pos[0] < end) {
      long tag = readVarint(message, pos, end);
      int number = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      switch (wire) {
        case 0 -> out.add(new Field(number, wire, readVarint(message, pos, end), null));
        case 1 -> {
          need(message, pos[0], 8, end);
          long v = 0;
          for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (message[pos[0] + i] & 0xFF);
          }
          pos[0] += 8;
          out.add(new Field(number, wire, v, null));
        }
        case 2 -> {
          long len = readVarint(message, pos, end);
          if (len < 0 || len > end - pos[0]) {
            throw new IllegalArgumentException(
                "protobuf field " + number + " claims " + len + " bytes but only " + (end - pos[0]) + " remain");
          }
          byte[] payload = new byte[(int) len];
          System.arraycopy(message, pos[0], payload, 0, (int) len);
          pos[0] += (int) len;
          out.add(new Field(number, wire, 0, payload));
        }
        case 5 -> {
          need(message, pos[0], 4, end);
          long v = 0;
          for (int i = 3; i >= 0; i--) {
            v = (v << 8) | (message[pos[0] + i] & 0xFF);
          }
          pos[0] += 4;
          out.add(new Field(number, wire, v, null));
        }
        default -> throw new IllegalArgumentException(
            "protobuf field " + number + " has unsupported wire type " + wire + " at byte " + pos[0]);
      }
    }
    return out;
  }

  private static void need(byte[] b, int pos, int n, int end) {
    if (end - pos < n) {
      throw new IllegalArgumentException("protobuf message ends inside a field at byte " + pos + " of " + b.length);
    }
  }

  static long readVarint(byte[] b, int[] pos, int end) {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos[0] >= end) {
        throw new IllegalArgumentException("protobuf varint runs past the end of its message at byte " + pos[0]);
      }
      int by = b[pos[0]++] & 0xFF;
      v |= (long) (by & 0x7F) << shift;
      if ((by & 0x80) == 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("protobuf varint longer than 10 bytes ending at byte " + pos[0]);
  }
}
