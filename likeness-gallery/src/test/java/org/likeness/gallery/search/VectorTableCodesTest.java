package org.likeness.gallery.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The int8 copy appears when the table first reaches its size, and covers the rows added before. */
class VectorTableCodesTest {
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
      for (int i = 0; i < 4; i++) {
        float decoded = table.codes()[r * 4 + i] * table.scales()[r];
        assertEquals(ROWS[r][i], decoded, table.scales()[r] / 2 + 1e-7, "row " + r + " dim " + i);
      }
    }
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
}
