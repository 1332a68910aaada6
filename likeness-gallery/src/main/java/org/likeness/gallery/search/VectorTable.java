package org.likeness.gallery.search;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Every template of one model in row-major arrays: {@code vectors} holds row {@code r} at {@code [r
 * * dim, (r + 1) * dim)}, {@code ids[r]} its template id and {@code owners[r]} its person's key.
 * Ids only ever grow, so the rows are sorted by id and a row is found by binary search. A removed
 * row becomes a tombstone ({@code owners[r] == REMOVED}) until enough of them pile up to compact.
 *
 * <p>Not thread-safe: {@link TemplateIndex} guards it with a read-write lock.
 */
final class VectorTable {
  static final int REMOVED = -1;

  /**
   * Rows per block of the int8 copy: inside a block the codes are stored dimension-major, so one
   * vector load reads one dimension of 16 rows and the pre-scan computes 16 dot products at once
   * with no per-row horizontal sum.
   */
  static final int CODE_BLOCK = 16;
  private static final int MIN_TOMBSTONES_TO_COMPACT = 64;

  /** A person and the ids of their live templates, ascending. */
  static final class Person {
    final int key;
    final String name;
    private long[] templateIds = new long[2];
    private int count;

    Person(int key, String name) {
      this.key = key;
      this.name = name;
    }

    int count() {
      return count;
    }

    long templateId(int i) {
      return templateIds[i];
    }

    private void add(long id) {
      if (count == templateIds.length) {
        templateIds = Arrays.copyOf(templateIds, count * 2);
      }
      templateIds[count++] = id;
    }

    private boolean remove(long id) {
      int at = Arrays.binarySearch(templateIds, 0, count, id);
      if (at < 0) {
        return false;
      }
      System.arraycopy(templateIds, at + 1, templateIds, at, count - at - 1);
      count--;
      return true;
    }
  }

  private final int dim;
  /** Live floats (rows times dimensions) from which the int8 copy is kept; never, when negative. */
  private final long codesFromFloats;
  private boolean keepCodes;
  private float[] vectors = new float[0];
  /**
   * The int8 copy in blocks of {@link #CODE_BLOCK} rows: row r's component i is {@code
   * codes[codeOffset(r) + i * CODE_BLOCK]}, and times {@code scales[r]} it is within {@code
   * scales[r] / 2} of the float. Both arrays cover whole blocks; rows past {@link #size} in the
   * last block hold no template.
   */
  private byte[] codes = new byte[0];
  private float[] scales = new float[0];
  private float largestScale;
  private long[] ids = new long[0];
  private int[] owners = new int[0];
  private int size;
  private int live;
  private long lastAddedId = Long.MIN_VALUE;
  private final Map<String, Person> personsByName = new HashMap<>();
  private Person[] personsByKey = new Person[16];
  private int nextKey;

  /**
   * @param codesFromFloats the number of live floats (rows times dimensions) from which an int8 copy
   *     of every row is kept beside the floats, for the quantized pre-scan; negative: never. A
   *     smaller table is never pre-scanned, so it does not pay the copy's memory.
   */
  VectorTable(int dim, long codesFromFloats) {
    if (dim < 1) {
      throw new IllegalArgumentException("dimensions must be at least 1, got " + dim);
    }
    this.dim = dim;
    this.codesFromFloats = codesFromFloats;
  }

  int dim() {
    return dim;
  }

  /** Rows in use, tombstones included; scans run over {@code [0, size())}. */
  int size() {
    return size;
  }

  /** Rows that are not tombstones: the number of searchable templates. */
  int live() {
    return live;
  }

  int personCount() {
    return personsByName.size();
  }

  float[] vectors() {
    return vectors;
  }

  long[] ids() {
    return ids;
  }

  /**
   * Whether {@link #codes} and {@link #scales} are kept: from the first time the table held
   * {@code codesFromFloats} live floats on, even if it shrinks again.
   */
  boolean hasCodes() {
    return keepCodes;
  }

  /**
   * The int8 copy of the rows in blocks of {@link #CODE_BLOCK} rows, dimension-major inside a
   * block ({@link #codeOffset}); empty unless {@link #hasCodes}.
   */
  byte[] codes() {
    return codes;
  }

  /**
   * Where row {@code row}'s first code is in {@link #codes}; its component {@code i} is {@code
   * CODE_BLOCK * i} further. Block {@code b} starts at {@code codeOffset(b * CODE_BLOCK)}.
   */
  int codeOffset(int row) {
    return (row / CODE_BLOCK) * CODE_BLOCK * dim + row % CODE_BLOCK;
  }

  /** Each row's scale: its largest absolute component over 127; a whole number of blocks long. */
  float[] scales() {
    return scales;
  }

  /** The largest scale any row has had: half of it bounds every code's rounding error. */
  float largestScale() {
    return largestScale;
  }

  int[] owners() {
    return owners;
  }

  Person person(int key) {
    return personsByKey[key];
  }

  Person person(String name) {
    return personsByName.get(name);
  }

  /** The largest id ever added, or {@link Long#MIN_VALUE} when nothing was. */
  long lastAddedId() {
    return lastAddedId;
  }

  void ensureCapacity(int rows) {
    if (rows > ids.length) {
      if ((long) rows * dim > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException(
            "an index holds at most "
                + (Integer.MAX_VALUE - 8) / dim
                + " templates of "
                + dim
                + " dimensions, asked for "
                + rows);
      }
      int capacity =
          (int)
              Math.min(
                  (Integer.MAX_VALUE - 8) / dim,
                  Math.max(rows, Math.max(16L, ids.length + (ids.length >> 1))));
      vectors = Arrays.copyOf(vectors, Math.multiplyExact(capacity, dim));
      ids = Arrays.copyOf(ids, capacity);
      owners = Arrays.copyOf(owners, capacity);
      if (keepCodes) {
        codes = Arrays.copyOf(codes, Math.multiplyExact(blockedRows(capacity), dim));
        scales = Arrays.copyOf(scales, blockedRows(capacity));
      }
    }
  }

  /** {@code rows} rounded up to whole blocks of {@link #CODE_BLOCK}. */
  private static int blockedRows(int rows) {
    return (rows + CODE_BLOCK - 1) / CODE_BLOCK * CODE_BLOCK;
  }

  void add(long id, String personName, float[] vector) {
    if (vector.length != dim) {
      throw new IllegalArgumentException(
          "template "
              + id
              + " has "
              + vector.length
              + " dimensions but the index holds "
              + dim
              + "-d vectors");
    }
    if (id <= lastAddedId) {
      throw new IllegalArgumentException(
          "template ids must grow: got " + id + " after " + lastAddedId);
    }
    Person person = personsByName.get(personName);
    if (person == null) {
      if (nextKey == Integer.MAX_VALUE) {
        throw new IllegalStateException("ran out of person keys after " + nextKey + " people");
      }
      person = new Person(nextKey++, personName);
      if (person.key == personsByKey.length) {
        personsByKey = Arrays.copyOf(personsByKey, personsByKey.length * 2);
      }
      personsByKey[person.key] = person;
      personsByName.put(personName, person);
    }
    ensureCapacity(size + 1);
    System.arraycopy(vector, 0, vectors, size * dim, dim);
    if (keepCodes) {
      quantize(vector, size);
    }
    ids[size] = id;
    owners[size] = person.key;
    size++;
    live++;
    lastAddedId = id;
    person.add(id);
    if (!keepCodes && codesFromFloats >= 0 && (long) live * dim >= codesFromFloats) {
      startCodes();
    }
  }

  /** Quantizes every row so far; from now on each added row is quantized as it comes. */
  private void startCodes() {
    codes = new byte[Math.multiplyExact(blockedRows(ids.length), dim)];
    scales = new float[blockedRows(ids.length)];
    float[] row = new float[dim];
    for (int r = 0; r < size; r++) {
      System.arraycopy(vectors, r * dim, row, 0, dim);
      quantize(row, r);
    }
    keepCodes = true;
  }

  private void quantize(float[] vector, int row) {
    float largest = 0;
    for (float x : vector) {
      largest = Math.max(largest, Math.abs(x));
    }
    float scale = largest / 127f;
    scales[row] = scale;
    largestScale = Math.max(largestScale, scale);
    int at = codeOffset(row);
    for (int i = 0; i < dim; i++, at += CODE_BLOCK) {
      codes[at] = scale == 0 ? 0 : (byte) Math.round(vector[i] / scale);
    }
  }

  /** The row holding live template {@code id}, or -1 when there is none. */
  int rowOf(long id) {
    int row = Arrays.binarySearch(ids, 0, size, id);
    return row >= 0 && owners[row] != REMOVED ? row : -1;
  }

  /** The first row whose id is greater than {@code id}. */
  int firstRowAfter(long id) {
    int at = Arrays.binarySearch(ids, 0, size, id);
    return at >= 0 ? at + 1 : -at - 1;
  }

  /** Removes template {@code id}; returns false when it is not live. */
  boolean remove(long id) {
    int row = rowOf(id);
    if (row < 0) {
      return false;
    }
    Person person = personsByKey[owners[row]];
    person.remove(id);
    if (person.count() == 0) {
      forget(person);
    }
    owners[row] = REMOVED;
    live--;
    compactIfWorthIt();
    return true;
  }

  /**
   * Removes every template of {@code name}; returns their ids (empty when the person is unknown).
   */
  long[] removePerson(String name) {
    Person person = personsByName.get(name);
    if (person == null) {
      return new long[0];
    }
    long[] removed = Arrays.copyOf(person.templateIds, person.count);
    for (long id : removed) {
      int row = rowOf(id);
      owners[row] = REMOVED;
      live--;
    }
    forget(person);
    compactIfWorthIt();
    return removed;
  }

  private void forget(Person person) {
    personsByName.remove(person.name);
    personsByKey[person.key] = null;
  }

  private void compactIfWorthIt() {
    int tombstones = size - live;
    if (tombstones >= MIN_TOMBSTONES_TO_COMPACT && tombstones * 4 >= size) {
      compact();
    }
  }

  /** Squeezes the tombstones out, keeping the rows in id order. */
  void compact() {
    int to = 0;
    for (int from = 0; from < size; from++) {
      if (owners[from] == REMOVED) {
        continue;
      }
      if (to != from) {
        System.arraycopy(vectors, from * dim, vectors, to * dim, dim);
        if (keepCodes) {
          int source = codeOffset(from);
          int target = codeOffset(to);
          for (int i = 0; i < dim; i++, source += CODE_BLOCK, target += CODE_BLOCK) {
            codes[target] = codes[source];
          }
          scales[to] = scales[from];
        }
        ids[to] = ids[from];
        owners[to] = owners[from];
      }
      to++;
    }
    size = to;
  }

  /** The ids of all live templates, ascending. */
  long[] liveIds() {
    long[] out = new long[live];
    int n = 0;
    for (int r = 0; r < size; r++) {
      if (owners[r] != REMOVED) {
        out[n++] = ids[r];
      }
    }
    return out;
  }

  /** Bytes held by the arrays (capacity included); the person registry is not counted. */
  long arrayBytes() {
    return (long) vectors.length * Float.BYTES
        + (long) ids.length * Long.BYTES
        + (long) owners.length * Integer.BYTES
        + codes.length
        + (long) scales.length * Float.BYTES;
  }
}
