package org.likeness.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class FaceSelectionTest {
  @Test
  void choosesOnBoxesAloneAndTakesTheFirstOnATie() {
    Box small = new Box(0, 0, 10, 10);
    Box big = new Box(50, 50, 90, 90);
    Box sameSize = new Box(0, 0, 40, 40);
    assertEquals(OptionalInt.of(1), FaceSelection.LARGEST.chooseIndex(List.of(small, big, sameSize), 100, 100));
    assertEquals(OptionalInt.of(0), FaceSelection.LARGEST.chooseIndex(List.of(sameSize, big), 100, 100));
    Box left = new Box(30, 40, 50, 60);
    Box right = new Box(50, 40, 70, 60);
    assertEquals(OptionalInt.of(0), FaceSelection.CENTRAL.chooseIndex(List.of(left, right), 100, 100));
    assertEquals(OptionalInt.empty(), FaceSelection.CENTRAL.chooseIndex(List.of(), 100, 100));
  }
}
