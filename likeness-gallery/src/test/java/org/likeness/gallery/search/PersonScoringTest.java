package org.likeness.gallery.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PersonScoringTest {
  @Test
  void minUsesTheBestTemplateOnly() {
    assertEquals(0.1, PersonScoring.MIN.combine(new double[] {0.1, 0.5}, 2));
  }

  @Test
  void meanOfBestTwoAveragesTwoAndFallsBackToTheOnlyTemplate() {
    assertEquals(0.3, PersonScoring.MEAN_OF_BEST_TWO.combine(new double[] {0.1, 0.5}, 2), 1e-12);
    assertEquals(0.1, PersonScoring.MEAN_OF_BEST_TWO.combine(new double[] {0.1, 0.0}, 1), 1e-12);
  }

  @Test
  void parsesCliSpellingsAndNamesTheChoicesOnFailure() {
    assertEquals(PersonScoring.MEAN_OF_BEST_TWO, PersonScoring.parse("mean-of-best-two"));
    assertEquals(PersonScoring.MIN, PersonScoring.parse("MIN"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PersonScoring.parse("median"));
    assertTrue(
        e.getMessage().contains("'median'") && e.getMessage().contains("mean-of-best-two"),
        e.getMessage());
  }
}
