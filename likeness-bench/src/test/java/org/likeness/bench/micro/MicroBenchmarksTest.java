package org.likeness.bench.micro;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.likeness.error.BadInputException;

class MicroBenchmarksTest {
  private static MicroBenchmarks.Config only(String pattern) {
    return new MicroBenchmarks.Config(List.of(pattern), Map.of(), OptionalInt.of(0), OptionalInt.of(1),
        OptionalInt.of(1), OptionalInt.of(1));
  }

  @Test
  void aPatternThatMatchesNothingNamesTheBenchmarksThereAre() {
    BadInputException e = assertThrows(BadInputException.class, () -> MicroBenchmarks.run(only("NoSuchBenchmark")));
    assertTrue(e.getMessage().contains("org.likeness.bench.compare.DistanceBenchmark.distance"), e.getMessage());
    assertTrue(e.getMessage().contains("org.likeness.bench.gallery.ExactSearchBenchmark.identify"), e.getMessage());
  }

  @Test
  void rejectsZeroIterations() {
    assertThrows(IllegalArgumentException.class, () -> new MicroBenchmarks.Config(List.of(), Map.of(),
        OptionalInt.empty(), OptionalInt.empty(), OptionalInt.of(0), OptionalInt.empty()));
  }
}
