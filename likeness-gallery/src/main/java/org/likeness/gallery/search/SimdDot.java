package org.likeness.gallery.search;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The dot product with the Vector API ({@code jdk.incubator.vector}) at the CPU's preferred width:
 * four fused multiply-add accumulators over whole vectors, then a scalar loop over the dimensions
 * left (130-d on 16 lanes leaves 2). This is the only class that names the incubator module; {@link
 * ScanKernel} loads it only once it has seen the module in the boot layer, so JVMs started without
 * {@code --add-modules jdk.incubator.vector} never link it.
 */
final class SimdDot implements DotKernel {
  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  static final SimdDot INSTANCE = new SimdDot();

  /**
   * Whether {@link #dotCodeBlock} can run: it loads as many int8 codes as there are float lanes,
   * the narrowest byte vector holds 8, and a block of 16 rows must be one or two float vectors, so
   * the float vectors need 256 or 512 bits.
   */
  static final boolean CODES_SUPPORTED =
      SPECIES.length() == VectorTable.CODE_BLOCK || 2 * SPECIES.length() == VectorTable.CODE_BLOCK;

  private static final VectorSpecies<Byte> CODE_SPECIES =
      VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, SPECIES.length() * 8)));

  private SimdDot() {}

  /** Width of the vectors this kernel works on, in bits (512 with AVX-512, 256 with AVX2). */
  static int vectorBits() {
    return SPECIES.vectorBitSize();
  }

  @Override
  public float dot(float[] table, int offset, float[] query) {
    int dim = query.length;
    int step = SPECIES.length();
    int whole = SPECIES.loopBound(dim);
    FloatVector a0 = FloatVector.zero(SPECIES);
    FloatVector a1 = FloatVector.zero(SPECIES);
    FloatVector a2 = FloatVector.zero(SPECIES);
    FloatVector a3 = FloatVector.zero(SPECIES);
    int i = 0;
    for (; i + 4 * step <= whole; i += 4 * step) {
      int o = offset + i;
      a0 = FloatVector.fromArray(SPECIES, table, o).fma(FloatVector.fromArray(SPECIES, query, i), a0);
      a1 =
          FloatVector.fromArray(SPECIES, table, o + step)
              .fma(FloatVector.fromArray(SPECIES, query, i + step), a1);
      a2 =
          FloatVector.fromArray(SPECIES, table, o + 2 * step)
              .fma(FloatVector.fromArray(SPECIES, query, i + 2 * step), a2);
      a3 =
          FloatVector.fromArray(SPECIES, table, o + 3 * step)
              .fma(FloatVector.fromArray(SPECIES, query, i + 3 * step), a3);
    }
    for (; i < whole; i += step) {
      a0 =
          FloatVector.fromArray(SPECIES, table, offset + i)
              .fma(FloatVector.fromArray(SPECIES, query, i), a0);
    }
    float sum = a0.add(a1).add(a2.add(a3)).reduceLanes(VectorOperators.ADD);
    for (; i < dim; i++) {
      sum += table[offset + i] * query[i];
    }
    return sum;
  }

  /**
   * The approximate dot products of {@code query} with the {@link VectorTable#CODE_BLOCK} rows of
   * one block of int8 codes (dimension-major: component {@code i} of the block's rows at {@code
   * offset + i * CODE_BLOCK}), each times its row's scale from {@code scales[row0 ...]}, written to
   * {@code out[0 .. CODE_BLOCK)}; returns the largest of them. Per dimension it widens one
   * dimension of all rows to floats and adds it times that query component (broadcast), with four
   * accumulators over the dimensions: no horizontal sum per row. Needs {@link #CODES_SUPPORTED}.
   */
  static float dotCodeBlock(
      byte[] codes, int offset, float[] query, float[] scales, int row0, float[] out) {
    return SPECIES.length() == VectorTable.CODE_BLOCK
        ? dotCodeBlockOneVector(codes, offset, query, scales, row0, out)
        : dotCodeBlockTwoVectors(codes, offset, query, scales, row0, out);
  }

  /** A block is one vector of floats (512-bit vectors, 16 lanes). */
  private static float dotCodeBlockOneVector(
      byte[] codes, int offset, float[] query, float[] scales, int row0, float[] out) {
    int block = VectorTable.CODE_BLOCK;
    int dim = query.length;
    FloatVector a0 = FloatVector.zero(SPECIES);
    FloatVector a1 = FloatVector.zero(SPECIES);
    FloatVector a2 = FloatVector.zero(SPECIES);
    FloatVector a3 = FloatVector.zero(SPECIES);
    int i = 0;
    for (; i + 4 <= dim; i += 4) {
      int o = offset + i * block;
      a0 = widen(codes, o).fma(FloatVector.broadcast(SPECIES, query[i]), a0);
      a1 = widen(codes, o + block).fma(FloatVector.broadcast(SPECIES, query[i + 1]), a1);
      a2 = widen(codes, o + 2 * block).fma(FloatVector.broadcast(SPECIES, query[i + 2]), a2);
      a3 = widen(codes, o + 3 * block).fma(FloatVector.broadcast(SPECIES, query[i + 3]), a3);
    }
    for (; i < dim; i++) {
      a0 = widen(codes, offset + i * block).fma(FloatVector.broadcast(SPECIES, query[i]), a0);
    }
    FloatVector dots = a0.add(a1).add(a2.add(a3)).mul(FloatVector.fromArray(SPECIES, scales, row0));
    dots.intoArray(out, 0);
    return dots.reduceLanes(VectorOperators.MAX);
  }

  /** A block is two vectors of floats (256-bit vectors, 8 lanes): low and high rows. */
  private static float dotCodeBlockTwoVectors(
      byte[] codes, int offset, float[] query, float[] scales, int row0, float[] out) {
    int block = VectorTable.CODE_BLOCK;
    int step = SPECIES.length();
    int dim = query.length;
    FloatVector lo0 = FloatVector.zero(SPECIES);
    FloatVector hi0 = FloatVector.zero(SPECIES);
    FloatVector lo1 = FloatVector.zero(SPECIES);
    FloatVector hi1 = FloatVector.zero(SPECIES);
    int i = 0;
    for (; i + 2 <= dim; i += 2) {
      int o = offset + i * block;
      FloatVector q0 = FloatVector.broadcast(SPECIES, query[i]);
      FloatVector q1 = FloatVector.broadcast(SPECIES, query[i + 1]);
      lo0 = widen(codes, o).fma(q0, lo0);
      hi0 = widen(codes, o + step).fma(q0, hi0);
      lo1 = widen(codes, o + block).fma(q1, lo1);
      hi1 = widen(codes, o + block + step).fma(q1, hi1);
    }
    for (; i < dim; i++) {
      int o = offset + i * block;
      FloatVector q0 = FloatVector.broadcast(SPECIES, query[i]);
      lo0 = widen(codes, o).fma(q0, lo0);
      hi0 = widen(codes, o + step).fma(q0, hi0);
    }
    FloatVector lo = lo0.add(lo1).mul(FloatVector.fromArray(SPECIES, scales, row0));
    FloatVector hi = hi0.add(hi1).mul(FloatVector.fromArray(SPECIES, scales, row0 + step));
    lo.intoArray(out, 0);
    hi.intoArray(out, step);
    return lo.max(hi).reduceLanes(VectorOperators.MAX);
  }

  private static FloatVector widen(byte[] codes, int offset) {
    return (FloatVector)
        ByteVector.fromArray(CODE_SPECIES, codes, offset)
            .convertShape(VectorOperators.B2F, SPECIES, 0);
  }
}
