package org.likeness.gallery.search;

import java.util.Locale;
import java.util.OptionalInt;

/**
 * Which dot-product kernel this JVM's gallery search uses, and why; every engine (exact scan, HNSW
 * re-rank, person scoring) uses the same one, so their distances agree to the bit within a process.
 *
 * <p>The Vector API kernel needs the incubator module {@code jdk.incubator.vector}, which a JVM
 * resolves only when started with {@code --add-modules jdk.incubator.vector} (the {@code likeness}
 * launchers do; a JVM embedding likeness-gallery may not). Without it the gallery uses the scalar
 * loop, by design rather than by accident: {@link #active()} says so and names the flag. The system
 * property {@value #PROPERTY} chooses explicitly: {@code auto} (the default), {@code simd} (fail if
 * the module is missing) or {@code scalar} (for A/B benchmarks).
 *
 * <p>With the SIMD kernel, large exact scans first read an int8 copy of the table (a quarter of
 * the bytes) and re-rank the best rows in float32, falling back to the float scan whenever the
 * int8 error bound cannot prove the result exact; {@code -D}{@value #INT8_PROPERTY}{@code =false}
 * turns that off.
 *
 * @param kind which kernel
 * @param vectorBits width of the SIMD vectors, empty for the scalar loop
 * @param int8Prescan whether large exact scans start with the int8 pre-scan
 * @param reason why this kernel, for a person reading {@code likeness --version} or a benchmark
 */
public record ScanKernel(
    Kind kind, OptionalInt vectorBits, boolean int8Prescan, String reason) {
  /** The system property that chooses the kernel: {@code auto}, {@code simd} or {@code scalar}. */
  public static final String PROPERTY = "likeness.scan.kernel";

  /** The system property that turns the int8 pre-scan off: {@code false}; default {@code true}. */
  public static final String INT8_PROPERTY = "likeness.scan.int8";

  /** The incubator module the SIMD kernel needs. */
  public static final String VECTOR_MODULE = "jdk.incubator.vector";

  /** The two kernels. */
  public enum Kind {
    /** {@code jdk.incubator.vector} FloatVector fused multiply-adds at the preferred width. */
    SIMD,
    /** A plain Java loop with eight accumulators; runs on any JVM. */
    SCALAR
  }

  public ScanKernel {
    if ((kind == Kind.SIMD) != vectorBits.isPresent()) {
      throw new IllegalArgumentException(
          "a SIMD kernel has a vector width and a scalar one none, got " + kind + " " + vectorBits);
    }
    if (int8Prescan && kind != Kind.SIMD) {
      throw new IllegalArgumentException("the int8 pre-scan needs the SIMD kernel, got " + kind);
    }
  }

  /**
   * The kernel this JVM uses, chosen once from {@value #PROPERTY} and whether {@value
   * #VECTOR_MODULE} is in the boot layer.
   *
   * @throws IllegalStateException (wrapped in an ExceptionInInitializerError on first use) when
   *     the property names no kernel, or asks for {@code simd} in a JVM without the module
   */
  public static ScanKernel active() {
    return Active.KERNEL;
  }

  /** Whether {@value #VECTOR_MODULE} is resolved in this JVM, so the SIMD kernel may be loaded. */
  static boolean vectorModulePresent() {
    return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
  }

  /** One line, e.g. {@code SIMD 512-bit (jdk.incubator.vector in the boot layer)}. */
  @Override
  public String toString() {
    return kind == Kind.SIMD
        ? "SIMD "
            + vectorBits.getAsInt()
            + "-bit"
            + (int8Prescan ? ", int8 pre-scan" : "")
            + " ("
            + reason
            + ")"
        : "SCALAR (" + reason + ")";
  }

  /** The dot product behind {@link #active()}; static final, so the JIT inlines it. */
  static DotKernel dot() {
    return Active.DOT;
  }

  /** Holds the choice; initialised on first search, not when the record class loads. */
  private static final class Active {
    static final ScanKernel KERNEL;
    static final DotKernel DOT;

    static {
      String wanted = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
      boolean module = vectorModulePresent();
      switch (wanted) {
        case "auto" -> {
          if (module) {
            DOT = SimdDot.INSTANCE;
            KERNEL = simd(VECTOR_MODULE + " in the boot layer");
          } else {
            DOT = ScalarDot.INSTANCE;
            KERNEL =
                new ScanKernel(
                    Kind.SCALAR,
                    OptionalInt.empty(),
                    false,
                    VECTOR_MODULE
                        + " not in the boot layer; start java with --add-modules "
                        + VECTOR_MODULE
                        + " for the SIMD kernel");
          }
        }
        case "simd" -> {
          if (!module) {
            throw new IllegalStateException(
                "-D"
                    + PROPERTY
                    + "=simd needs java started with --add-modules "
                    + VECTOR_MODULE
                    + ", which this JVM was not");
          }
          DOT = SimdDot.INSTANCE;
          KERNEL = simd("-D" + PROPERTY + "=simd");
        }
        case "scalar" -> {
          DOT = ScalarDot.INSTANCE;
          KERNEL =
              new ScanKernel(Kind.SCALAR, OptionalInt.empty(), false, "-D" + PROPERTY + "=scalar");
        }
        default -> throw new IllegalStateException(
            "-D" + PROPERTY + "=" + wanted + " names no kernel; use auto, simd or scalar");
      }
    }

    private static ScanKernel simd(String reason) {
      String int8 = System.getProperty(INT8_PROPERTY, "true").trim().toLowerCase(Locale.ROOT);
      if (!int8.equals("true") && !int8.equals("false")) {
        throw new IllegalStateException(
            "-D" + INT8_PROPERTY + "=" + int8 + " must be true or false");
      }
      boolean prescan = int8.equals("true") && SimdDot.CODES_SUPPORTED;
      return new ScanKernel(Kind.SIMD, OptionalInt.of(SimdDot.vectorBits()), prescan, reason);
    }

    private Active() {}
  }
}
