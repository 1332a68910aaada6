package org.likeness.models.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.likeness.error.BadInputException;
import org.likeness.models.convert.FlatBufferReader.Table;

/** Reads FlatBuffers laid out byte by byte here, so the reader is checked against the format. */
class FlatBufferReaderTest {
  /**
   * Root offset, identifier "TEST", then a vtable for three fields and the table it describes:
   * field 0 an int32 (42), field 1 a string ("hello"), field 2 absent, field 3 a [int] vector.
   */
  private static ByteBuffer tinyBuffer() {
    ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0, 20); // root table at 20
    b.put(4, "TEST".getBytes(StandardCharsets.US_ASCII));
    // vtable at 8: size 12 (4 header + 4 fields), table size 16, field offsets 4, 8, 0, 12
    b.putShort(8, (short) 12).putShort(10, (short) 16);
    b.putShort(12, (short) 4).putShort(14, (short) 8).putShort(16, (short) 0);
    b.putShort(18, (short) 12);
    b.putInt(20, 20 - 8); // table: soffset to its vtable
    b.putInt(24, 42); // field 0
    b.putInt(28, 36 - 28); // field 1: string at 36
    b.putInt(32, 48 - 32); // field 3: vector at 48
    b.putInt(36, 5).put(40, "hello".getBytes(StandardCharsets.US_ASCII));
    b.putInt(48, 3).putInt(52, 7).putInt(56, -1).putInt(60, 1 << 20);
    return b;
  }

  @Test
  void readsScalarsStringsVectorsAndDefaultsFromHandLaidOutTable() {
    FlatBufferReader reader = new FlatBufferReader("tiny.bin", tinyBuffer().array());
    Table root = reader.root("Root");

    assertEquals("TEST", reader.fileIdentifier());
    assertEquals(42, root.int32(0, -1));
    assertEquals(Optional.of("hello"), root.string(1, "name"));
    assertFalse(root.has(2));
    assertEquals(7, root.int32(2, 7));
    assertArrayEquals(new int[] {7, -1, 1 << 20}, root.int32s(3, "values"));
    assertFalse(root.has(9), "fields past the vtable are absent");
    assertEquals(-3, root.int32(9, -3));
    assertEquals(0, root.int32s(9, "missing").length);
  }

  @Test
  void rejectsVectorLongerThanTheFileNamingFileAndPath() {
    ByteBuffer b = tinyBuffer();
    b.putInt(48, 1_000_000);
    FlatBufferReader reader = new FlatBufferReader("tiny.bin", b.array());
    Table root = reader.root("Root");

    BadInputException e = assertThrows(BadInputException.class, () -> root.int32s(3, "values"));
    assertTrue(e.getMessage().contains("tiny.bin"), e.getMessage());
    assertTrue(e.getMessage().contains("Root.values"), e.getMessage());
    assertTrue(e.getMessage().contains("1000000 elements"), e.getMessage());
  }

  @Test
  void rejectsRootOffsetOutsideTheFile() {
    ByteBuffer b = tinyBuffer();
    b.putInt(0, 4096);
    FlatBufferReader reader = new FlatBufferReader("tiny.bin", b.array());

    BadInputException e = assertThrows(BadInputException.class, () -> reader.root("Root"));
    assertTrue(e.getMessage().contains("Root points to 4096"), e.getMessage());
  }

  @Test
  void rejectsBufferTooShortForAHeader() {
    BadInputException e =
        assertThrows(BadInputException.class, () -> new FlatBufferReader("x.tflite", new byte[5]));
    assertTrue(e.getMessage().contains("x.tflite has 5 bytes"), e.getMessage());
  }
}
