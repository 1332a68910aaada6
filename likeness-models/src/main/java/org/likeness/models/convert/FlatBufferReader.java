package org.likeness.models.convert;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.likeness.error.BadInputException;

/**
 * Reads tables, scalars, vectors and strings out of a FlatBuffer by walking its vtables, so {@link
 * TfliteModel} can decode a {@code .tflite} file without generated code or a FlatBuffers runtime.
 *
 * <p>The layout, all little-endian: the file starts with a {@code uint32} offset to the root table
 * and may carry a four-character file identifier at bytes 4..7. A table starts with an {@code
 * int32} that, subtracted from the table's position, gives its vtable: a {@code uint16} vtable
 * size, a {@code uint16} table size, then one {@code uint16} per field holding the field's offset
 * from the table start (0 when the field is absent and takes its default). Tables, vectors and
 * strings are reached through {@code uint32} offsets relative to where the offset is stored. A
 * vector or string is a {@code uint32} element count followed by the elements. A union is two
 * fields: a {@code uint8} type at id {@code n} and the table at id {@code n + 1}.
 *
 * <p>Every read is bounds-checked; a malformed file fails with a {@link BadInputException} that
 * names the file, the table path and the offsets involved.
 */
final class FlatBufferReader {
  private static final int UOFFSET = 4;
  private static final int VTABLE_HEADER = 4;
  private static final int IDENTIFIER_OFFSET = 4;
  private static final int IDENTIFIER_LENGTH = 4;

  private final String source;
  private final ByteBuffer buffer;

  /**
   * Wraps {@code bytes}; {@code source} names the file in error messages.
   *
   * @throws BadInputException if the buffer is too short to hold a root offset
   */
  FlatBufferReader(String source, byte[] bytes) {
    this.source = source;
    this.buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length < UOFFSET + IDENTIFIER_LENGTH) {
      throw new BadInputException(
          source + " has " + bytes.length + " bytes, too short for a FlatBuffer");
    }
  }

  /** The four characters at bytes 4..7, where a FlatBuffer keeps its file identifier. */
  String fileIdentifier() {
    byte[] id = new byte[IDENTIFIER_LENGTH];
    buffer.get(IDENTIFIER_OFFSET, id);
    return new String(id, StandardCharsets.ISO_8859_1);
  }

  /** The root table; {@code what} names it in error messages, for example {@code "Model"}. */
  Table root(String what) {
    return tableAt(indirect(0, what), what);
  }

  private Table tableAt(int position, String what) {
    require(position, Integer.BYTES, what);
    long vtable = (long) position - buffer.getInt(position);
    if (vtable < 0 || vtable > buffer.limit() - VTABLE_HEADER) {
      throw malformed(what, "has its vtable at " + vtable + ", outside the file");
    }
    int vtableSize = Short.toUnsignedInt(buffer.getShort((int) vtable));
    if (vtableSize < VTABLE_HEADER || vtableSize % 2 != 0) {
      throw malformed(what, "has a vtable of " + vtableSize + " bytes at " + vtable);
    }
    require((int) vtable, vtableSize, what + " vtable");
    return new Table(what, position, (int) vtable, (vtableSize - VTABLE_HEADER) / 2);
  }

  /** Follows the {@code uint32} offset stored at {@code at}. */
  private int indirect(int at, String what) {
    require(at, UOFFSET, what);
    long target = at + Integer.toUnsignedLong(buffer.getInt(at));
    if (target >= buffer.limit()) {
      throw malformed(what, "points to " + target + ", outside the file");
    }
    return (int) target;
  }

  private void require(int position, long length, String what) {
    if (position < 0 || length < 0 || position + length > buffer.limit()) {
      throw malformed(
          what, "needs bytes " + position + ".." + (position + length) + " of " + buffer.limit());
    }
  }

  private BadInputException malformed(String what, String problem) {
    return new BadInputException(source + " is not a valid FlatBuffer: " + what + " " + problem);
  }

  /** One table; {@code what} is its path from the root, e.g. {@code Model.subgraphs[0]}. */
  final class Table {
    private final String what;
    private final int position;
    private final int vtable;
    private final int fieldCount;

    private Table(String what, int position, int vtable, int fieldCount) {
      this.what = what;
      this.position = position;
      this.vtable = vtable;
      this.fieldCount = fieldCount;
    }

    /** Whether field {@code id} is stored (absent fields take their schema default). */
    boolean has(int id) {
      return fieldOffset(id) != 0;
    }

    byte int8(int id, byte defaultValue) {
      int at = field(id, Byte.BYTES);
      return at < 0 ? defaultValue : buffer.get(at);
    }

    int uint8(int id, int defaultValue) {
      int at = field(id, Byte.BYTES);
      return at < 0 ? defaultValue : Byte.toUnsignedInt(buffer.get(at));
    }

    int int32(int id, int defaultValue) {
      int at = field(id, Integer.BYTES);
      return at < 0 ? defaultValue : buffer.getInt(at);
    }

    float float32(int id, float defaultValue) {
      int at = field(id, Float.BYTES);
      return at < 0 ? defaultValue : buffer.getFloat(at);
    }

    long uint32(int id, long defaultValue) {
      int at = field(id, Integer.BYTES);
      return at < 0 ? defaultValue : Integer.toUnsignedLong(buffer.getInt(at));
    }

    /** The sub-table in field {@code id}, named {@code name} under this table in errors. */
    Optional<Table> table(int id, String name) {
      int at = field(id, UOFFSET);
      String path = what + "." + name;
      return at < 0 ? Optional.empty() : Optional.of(tableAt(indirect(at, path), path));
    }

    /** The vector of tables in field {@code id}; empty when absent. */
    List<Table> tables(int id, String name) {
      String path = what + "." + name;
      int at = field(id, UOFFSET);
      if (at < 0) {
        return List.of();
      }
      int start = indirect(at, path);
      int count = vectorLength(start, UOFFSET, path);
      List<Table> tables = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String element = path + "[" + i + "]";
        tables.add(tableAt(indirect(start + UOFFSET + i * UOFFSET, element), element));
      }
      return tables;
    }

    /** The {@code [int]} vector in field {@code id}; empty when absent. */
    int[] int32s(int id, String name) {
      ByteBuffer bytes = vector(id, Integer.BYTES, name);
      int[] values = new int[bytes.remaining() / Integer.BYTES];
      bytes.asIntBuffer().get(values);
      return values;
    }

    /** The {@code [ubyte]} vector in field {@code id} as a little-endian slice; empty if absent. */
    ByteBuffer bytes(int id, String name) {
      return vector(id, Byte.BYTES, name);
    }

    /** The string in field {@code id}, decoded as UTF-8. */
    Optional<String> string(int id, String name) {
      if (field(id, UOFFSET) < 0) {
        return Optional.empty();
      }
      ByteBuffer bytes = vector(id, Byte.BYTES, name);
      byte[] utf8 = new byte[bytes.remaining()];
      bytes.get(utf8);
      return Optional.of(new String(utf8, StandardCharsets.UTF_8));
    }

    private ByteBuffer vector(int id, int elementSize, String name) {
      int at = field(id, UOFFSET);
      if (at < 0) {
        return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
      }
      String path = what + "." + name;
      int start = indirect(at, path);
      int count = vectorLength(start, elementSize, path);
      return buffer
          .slice(start + UOFFSET, count * elementSize)
          .asReadOnlyBuffer()
          .order(ByteOrder.LITTLE_ENDIAN);
    }

    private int vectorLength(int start, int elementSize, String path) {
      require(start, UOFFSET, path);
      long count = Integer.toUnsignedLong(buffer.getInt(start));
      long end = start + UOFFSET + count * elementSize;
      if (end > buffer.limit()) {
        throw malformed(
            path,
            "claims "
                + count
                + " elements of "
                + elementSize
                + " bytes at "
                + start
                + ", past the end of the file ("
                + buffer.limit()
                + " bytes)");
      }
      return (int) count;
    }

    /** Absolute position of field {@code id}, or -1 when it is absent. */
    private int field(int id, int size) {
      int offset = fieldOffset(id);
      if (offset == 0) {
        return -1;
      }
      int at = position + offset;
      require(at, size, what + " field " + id);
      return at;
    }

    private int fieldOffset(int id) {
      if (id < 0) {
        throw new IllegalArgumentException("FlatBuffer field ids start at 0, got " + id);
      }
      return id < fieldCount
          ? Short.toUnsignedInt(buffer.getShort(vtable + VTABLE_HEADER + 2 * id))
          : 0;
    }
  }
}
