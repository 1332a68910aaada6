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
   * Whether {@link #dotCodes} can run: it loads as many int8 codes as there are float lanes, and
   * the narrowest byte vector holds 8, so the float vectors need at least 256 bits.
   */
  static final boolean CODES_SUPPORTED = SPECIES.length() >= 8;

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
   * Dot product of {@code query} with the int8 codes starting at {@code offset}, each code
   * widened to float; multiply by the row's scale for the approximate dot product. Needs {@link
   * #CODES_SUPPORTED}.
   */
  static float dotCodes(byte[] codes, int offset, float[] query) {
    int dim = query.length;
    int step = SPECIES.length();
    int whole = SPECIES.loopBound(dim);
    FloatVector a0 = FloatVector.zero(SPECIES);
    FloatVector a1 = FloatVector.zero(SPECIES);
    int i = 0;
    for (; i + 2 * step <= whole; i += 2 * step) {
      a0 = widen(codes, offset + i).fma(FloatVector.fromArray(SPECIES, query, i), a0);
      a1 = widen(codes, offset + i + step).fma(FloatVector.fromArray(SPECIES, query, i + step), a1);
    }
    for (; i < whole; i += step) {
      a0 = widen(codes, offset + i).fma(FloatVector.fromArray(SPECIES, query, i), a0);
    }
    float sum = a0.add(a1).reduceLanes(VectorOperators.ADD);
    for (; i < dim; i++) {
      sum += codes[offset + i] * query[i];
    }
    return sum;
  }

  private static FloatVector widen(byte[] codes, int offset) {
    return (FloatVector)
        ByteVector.fromArray(CODE_SPECIES, codes, offset)
            .convertShape(VectorOperators.B2F, SPECIES, 0);
  }
}
