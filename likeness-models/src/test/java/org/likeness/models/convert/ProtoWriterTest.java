package org.likeness.models.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProtoWriterTest {

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  @Test
  void encodesVarintsInSevenBitGroupsLeastSignificantFirst() {
    assertArrayEquals(bytes(0x00), new ProtoWriter().varint(0).toByteArray());
    assertArrayEquals(bytes(0x01), new ProtoWriter().varint(1).toByteArray());
    assertArrayEquals(bytes(0x7F), new ProtoWriter().varint(127).toByteArray());
    assertArrayEquals(bytes(0x80, 0x01), new ProtoWriter().varint(128).toByteArray());
    assertArrayEquals(bytes(0x96, 0x01), new ProtoWriter().varint(150).toByteArray());
    assertArrayEquals(bytes(0xAC, 0x02), new ProtoWriter().varint(300).toByteArray());
    assertArrayEquals(
        bytes(0xFF, 0xFF, 0xFF, 0xFF, 0x0F), new ProtoWriter().varint(0xFFFFFFFFL).toByteArray());
  }

  @Test
  void encodesNegativeInt64AsTenByteVarint() {
    assertArrayEquals(
        bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01),
        new ProtoWriter().varint(-1).toByteArray());
  }

  @Test
  void writesTheProtobufDocumentationExamples() {
    // message Test1 { int32 a = 1; } with a = 150
    assertArrayEquals(bytes(0x08, 0x96, 0x01), new ProtoWriter().int64(1, 150).toByteArray());
    // message Test2 { string b = 2; } with b = "testing"
    assertArrayEquals(
        bytes(0x12, 0x07, 't', 'e', 's', 't', 'i', 'n', 'g'),
        new ProtoWriter().string(2, "testing").toByteArray());
    // message Test3 { Test1 c = 3; } holding the first example
    assertArrayEquals(
        bytes(0x1A, 0x03, 0x08, 0x96, 0x01),
        new ProtoWriter().message(3, new ProtoWriter().int64(1, 150)).toByteArray());
  }

  @Test
  void writesFloatsAsLittleEndianFixed32() {
    // field 2, wire type 5 -> tag 0x15; 1.0f = 0x3F800000
    assertArrayEquals(
        bytes(0x15, 0x00, 0x00, 0x80, 0x3F), new ProtoWriter().float32(2, 1.0f).toByteArray());
  }

  @Test
  void rejectsFieldNumberZero() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ProtoWriter().int64(0, 1));
    assertTrue(e.getMessage().contains("got 0"), e.getMessage());
  }
}
