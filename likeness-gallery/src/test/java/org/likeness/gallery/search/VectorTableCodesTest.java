package org.likeness.gallery.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.likeness.gallery.TestVectors.randomUnit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The int8 copy appears when the table first reaches its size, covers the rows added before, and
 * stays in step with the floats in its blocked layout through growth, removals and compaction.
 */
class VectorTableCodesTest {
  private static final long SEED = Long.getLong("likeness.test.seed", 20_261_204L);
  private static final float[][] ROWS = {{0.5f, -0.25f, 0.75f, 0f}, {-1f, 0.5f, 0f, 0.25f}, {0f, 0f, 0.5f, -0.5f}};

  @Test
  void codesStartAtTheThresholdAndEveryRowDecodesWithinHalfAScale() {
    VectorTable table = new VectorTable(4, 8); // two 4-d rows reach 8 live floats
    table.add(1, "ada", ROWS[0]);
    assertFalse(table.hasCodes(), "one row is below the threshold");
    assertEquals(0, table.codes().length);
    table.add(2, "bob", ROWS[1]);
    table.add(3, "ada", ROWS[2]);
    assertTrue(table.hasCodes());
    for (int r = 0; r < ROWS.length; r++) {
      assertDecodes(table, r, ROWS[r], "row " + r);
    }
    assertEquals(0, table.codes().length % (VectorTable.CODE_BLOCK * 4), "whole blocks");
    assertEquals(0, table.scales().length % VectorTable.CODE_BLOCK, "whole blocks of scales");
  }

  @Test
  void aNegativeThresholdNeverKeepsCodes() {
    VectorTable table = new VectorTable(4, -1);
    for (int r = 0; r < ROWS.length; r++) {
      table.add(r + 1, "p" + r, ROWS[r]);
    }
    assertFalse(table.hasCodes());
    assertEquals(0, table.codes().length);
  }

  /**
   * 130-d rows (not a multiple of the lanes), 1,237 of them (not a multiple of the block), a third
   * removed so that the table compacts and rows move between and within blocks: every live row
   * still decodes to its own vector.
   */
  @Test
  void blockedCodesFollowTheirRowsThroughGrowthRemovalAndCompaction() {
    int dim = 130;
    Random random = new Random(SEED);
    VectorTable table = new VectorTable(dim, 0);
    Map<Long, float[]> live = new LinkedHashMap<>();
    for (long id = 1; id <= 1_237; id++) {
      float[] v = randomUnit(random, dim);
      table.add(id, "p" + id % 300, v);
      live.put(id, v);
    }
    for (long id = 3; id <= 1_237; id += 3) {
      assertTrue(table.remove(id));
      live.remove(id);
    }
    assertTrue(table.size() < 1_237, "removing a third compacts the table: " + table.size());
    assertEquals(live.size(), table.live());
    for (Map.Entry<Long, float[]> e : live.entrySet()) {
      int row = table.rowOf(e.getKey());
      assertDecodes(table, row, e.getValue(), "template " + e.getKey() + " at row " + row);
    }
  }

  private static void assertDecodes(VectorTable table, int row, float[] vector, String what) {
    for (int i = 0; i < vector.length; i++) {
      float decoded =
          table.codes()[table.codeOffset(row) + i * VectorTable.CODE_BLOCK] * table.scales()[row];
      assertEquals(vector[i], decoded, table.scales()[row] / 2 + 1e-7, what + " dim " + i);
    }
  }
}
