package org.likeness.gallery.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.likeness.gallery.TestVectors.noisyCopy;
import static org.likeness.gallery.TestVectors.randomUnit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.likeness.compare.Metric;

/**
 * The SIMD and scalar dot-product kernels give the same distances to within 1e-6 and the same
 * nearest rows (ties aside), at dimensions that are and are not a multiple of the vector length;
 * the test JVM has {@code jdk.incubator.vector} (surefire's argLine), so both kernels run here. A
 * JVM started without the module searches with the scalar kernel and says why; asking it for
 * {@code simd}, or for a kernel that does not exist, fails with a message that says what to do.
 */
class ScanKernelTest {
  private static final long SEED = Long.getLong("likeness.test.seed", 20_261_204L);
  private static final double MAX_DOT_DIFFERENCE = 1e-6;
  private static final int ROWS = 5_000;
  private static final int PROBES = 50;
  private static final int TOP_K = 10;

  @Test
  void testJvmRunsTheSimdKernelBecauseSurefireAddsTheModule() {
    assertTrue(
        ScanKernel.vectorModulePresent(),
        "the test JVM lacks " + ScanKernel.VECTOR_MODULE + "; surefire's argLine should add it");
    ScanKernel active = ScanKernel.active();
    assertEquals(ScanKernel.Kind.SIMD, active.kind(), active.toString());
    assertTrue(active.vectorBits().getAsInt() >= 128, active.toString());
    assertTrue(active.toString().startsWith("SIMD "), active.toString());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 15, 16, 17, 128, 130, 192, 512})
  void simdAndScalarDotsAgreeWithin1e6OnUnitVectors(int dim) {
    Random random = new Random(SEED + dim);
    for (int n = 0; n < 200; n++) {
      float[] row = randomUnit(random, dim);
      float[] query = random.nextBoolean() ? noisyCopy(random, row, 0.06) : randomUnit(random, dim);
      float[] table = new float[3 * dim];
      System.arraycopy(row, 0, table, dim, dim);
      float scalar = ScalarDot.INSTANCE.dot(table, dim, query);
      float simd = SimdDot.INSTANCE.dot(table, dim, query);
      assertTrue(
          Math.abs(scalar - simd) <= MAX_DOT_DIFFERENCE,
          dim + "-d: scalar " + scalar + " but SIMD " + simd + "; seed " + SEED);
    }
  }

  /**
   * One block of the int8 copy scored by {@link SimdDot#dotCodeBlock} equals each row's codes
   * times the query times its scale, summed in double, for dimensions that do and do not fill the
   * four accumulators; the returned maximum is the largest of the 16.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 3, 4, 5, 17, 128, 130, 192, 512})
  void blockKernelScoresSixteenRowsLikeTheirPlainDotProducts(int dim) {
    Random random = new Random(SEED * 17 + dim);
    int block = VectorTable.CODE_BLOCK;
    VectorTable table = new VectorTable(dim, 0);
    int rows = 3 * block;
    for (int r = 0; r < rows; r++) {
      table.add(r + 1, "p" + r, randomUnit(random, dim));
    }
    float[] query = randomUnit(random, dim);
    float[] out = new float[block];
    for (int first = 0; first < rows; first += block) {
      float best =
          SimdDot.dotCodeBlock(
              table.codes(), table.codeOffset(first), query, table.scales(), first, out);
      float largest = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < block; j++) {
        int row = first + j;
        double expected = 0;
        for (int i = 0; i < dim; i++) {
          expected += (double) table.codes()[table.codeOffset(row) + i * block] * query[i];
        }
        expected *= table.scales()[row];
        assertEquals(expected, out[j], 1e-5, dim + "-d row " + row + ", seed " + SEED);
        largest = Math.max(largest, out[j]);
      }
      assertEquals(largest, best, dim + "-d block at row " + first);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {128, 130, 192, 512})
  void simdAndScalarScansKeepTheSameNearestRows(int dim) {
    Random random = new Random(SEED * 31 + dim);
    float[] table = new float[ROWS * dim];
    for (int r = 0; r < ROWS; r++) {
      System.arraycopy(randomUnit(random, dim), 0, table, r * dim, dim);
    }
    for (int q = 0; q < PROBES; q++) {
      float[] row = Arrays.copyOfRange(table, (q * 97) * dim, (q * 97 + 1) * dim);
      float[] query = noisyCopy(random, row, 0.06);
      float[] scalar = dots(ScalarDot.INSTANCE, table, query);
      float[] simd = dots(SimdDot.INSTANCE, table, query);
      List<Integer> scalarTop = top(scalar);
      List<Integer> simdTop = top(simd);
      float kth = simd[simdTop.get(TOP_K - 1)];
      for (int i = 0; i < TOP_K; i++) {
        int r = scalarTop.get(i);
        assertTrue(
            Math.abs(scalar[r] - simd[r]) <= MAX_DOT_DIFFERENCE,
            dim + "-d row " + r + ": scalar " + scalar[r] + ", SIMD " + simd[r] + "; seed " + SEED);
        boolean tie = Math.abs(scalar[r] - kth) <= MAX_DOT_DIFFERENCE;
        assertTrue(
            simdTop.contains(r) || tie,
            dim + "-d probe " + q + ": scalar top " + scalarTop + ", SIMD top " + simdTop
                + "; seed " + SEED);
      }
    }
  }

  @Test
  void exactAndHnswReRankedDistancesAgreeToTheBit() {
    Random random = new Random(SEED);
    int dim = 130;
    IndexOptions options =
        IndexOptions.defaults().withEngine(EngineChoice.HNSW).withHnsw(new HnswParams(16, 100, 100));
    try (TemplateIndex index = TemplateIndex.inMemory(dim, Metric.COSINE, options)) {
      List<float[]> vectors = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        vectors.add(randomUnit(random, dim));
        index.add(i + 1, "p" + i, vectors.get(i));
      }
      index.buildHnsw(BuildProgress.NONE);
      for (int q = 0; q < 20; q++) {
        float[] probe = noisyCopy(random, vectors.get(q * 7), 0.06);
        PersonHit exact = index.search(probe, 1, PersonScoring.MIN, Engine.EXACT).get(0);
        PersonHit hnsw = index.search(probe, 1, PersonScoring.MIN, Engine.HNSW).get(0);
        assertEquals(exact.person(), hnsw.person(), "seed " + SEED);
        assertEquals(exact.distance(), hnsw.distance(), 0.0, "seed " + SEED);
      }
    }
  }

  @Test
  void jvmWithoutTheVectorModuleSearchesWithTheScalarKernel()
      throws IOException, InterruptedException {
    String output = runChild(0);
    assertTrue(
        output.contains("SCALAR (" + ScanKernel.VECTOR_MODULE + " not in the boot layer"), output);
    assertTrue(output.contains("nearest p3"), output);
  }

  @Test
  void askingForSimdWithoutTheModuleFailsNamingTheFlag() throws IOException, InterruptedException {
    String output = runChild(1, "-D" + ScanKernel.PROPERTY + "=simd");
    assertTrue(output.contains("needs java started with --add-modules"), output);
  }

  @Test
  void unknownKernelNameFailsNamingTheChoices() throws IOException, InterruptedException {
    String output = runChild(1, "-D" + ScanKernel.PROPERTY + "=avx");
    assertTrue(output.contains("names no kernel; use auto, simd or scalar"), output);
  }

  /** Runs {@link WithoutModule} in a JVM without the vector module; returns what it printed. */
  private static String runChild(int expectedExit, String... jvmOptions)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), WithoutModule.class.getName()));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish: " + output);
    assertEquals(expectedExit, child.exitValue(), output);
    return output;
  }

  /** Run by {@link #jvmWithoutTheVectorModuleSearchesWithTheScalarKernel} in a plain JVM. */
  static final class WithoutModule {
    public static void main(String[] args) {
      Random random = new Random(SEED);
      try (TemplateIndex index =
          TemplateIndex.inMemory(
              64, Metric.COSINE, IndexOptions.defaults().withEngine(EngineChoice.EXACT))) {
        float[][] vectors = new float[10][];
        for (int i = 0; i < vectors.length; i++) {
          vectors[i] = randomUnit(random, 64);
          index.add(i + 1, "p" + i, vectors[i]);
        }
        System.out.println(ScanKernel.active());
        PersonHit hit = index.search(vectors[3], 1, PersonScoring.MIN, Engine.EXACT).get(0);
        System.out.println("nearest " + hit.person());
      }
    }
  }

  private static float[] dots(DotKernel kernel, float[] table, float[] query) {
    int dim = query.length;
    float[] out = new float[table.length / dim];
    for (int r = 0; r < out.length; r++) {
      out[r] = kernel.dot(table, r * dim, query);
    }
    return out;
  }

  private static List<Integer> top(float[] dots) {
    Integer[] rows = new Integer[dots.length];
    Arrays.setAll(rows, i -> i);
    Arrays.sort(rows, (a, b) -> Float.compare(dots[b], dots[a]));
    return List.of(Arrays.copyOf(rows, TOP_K));
  }
}
