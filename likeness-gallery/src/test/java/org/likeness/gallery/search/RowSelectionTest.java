package org.likeness.gallery.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The buffered selection keeps exactly the largest dot products a scan offers (ties broken either
 * way), and its floor bounds every row it left out, as the int8 pre-scan's error bound needs.
 */
class RowSelectionTest {
  private static final long SEED = Long.getLong("likeness.test.seed", 20_261_204L);

  @ParameterizedTest
  @CsvSource({"1, 1", "5, 3", "64, 10000", "2048, 100000", "2048, 3000", "100, 20000"})
  void keepsTheLargestDotsAndItsFloorBoundsEveryRowLeftOut(int capacity, int rows) {
    Random random = new Random(SEED + capacity * 31L + rows);
    float[] all = new float[rows];
    for (int r = 0; r < rows; r++) {
      // Coarse values so that ties occur, some of them at the floor.
      all[r] = random.nextInt(rows / 4 + 1) / 100f;
    }
    RowSelection selection = new RowSelection(capacity);
    for (int r = 0; r < rows; r++) {
      if (all[r] > selection.floor()) {
        selection.offer(all[r], r);
      }
    }
    TopRows top = selection.top();
    int kept = Math.min(capacity, rows);
    assertEquals(kept, top.size(), "seed " + SEED);
    float[] sorted = all.clone();
    Arrays.sort(sorted);
    float[] keptDots = new float[kept];
    boolean[] isKept = new boolean[rows];
    for (int i = 0; i < kept; i++) {
      keptDots[i] = top.dot(i);
      assertEquals(all[top.row(i)], top.dot(i), "row " + top.row(i) + " keeps its own dot");
      isKept[top.row(i)] = true;
    }
    Arrays.sort(keptDots);
    assertEquals(
        Arrays.toString(Arrays.copyOfRange(sorted, rows - kept, rows)),
        Arrays.toString(keptDots),
        "the kept dots are the largest " + kept + "; seed " + SEED);
    for (int r = 0; r < rows; r++) {
      assertTrue(isKept[r] || all[r] <= top.floor(), "row " + r + " left out above the floor");
    }
  }
}
