package org.likeness.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NonMaxSuppressionTest {
  @Test
  void keepsTheStrongestOfOverlappingBoxesAndAllDisjointOnes() {
    FaceBox strong = new FaceBox(new Box(10, 10, 50, 50), 0.99f);
    FaceBox weakOverlap = new FaceBox(new Box(12, 12, 52, 52), 0.8f);
    FaceBox elsewhere = new FaceBox(new Box(100, 100, 140, 140), 0.75f);
    List<FaceBox> kept = NonMaxSuppression.apply(List.of(weakOverlap, elsewhere, strong), 0.4f);
    assertEquals(List.of(strong, elsewhere), kept);
  }

  @Test
  void largestSelectionPicksTheBiggestFaceAndCentralTheMiddleOne() {
    FivePoints p = new FivePoints(new Point(0, 0), new Point(1, 0), new Point(0.5f, 0.5f), new Point(0, 1), new Point(1, 1));
    DetectedFace big = new DetectedFace(new Box(0, 0, 100, 100), 0.9f, Landmarks.ofFive(p));
    DetectedFace middle = new DetectedFace(new Box(140, 140, 160, 160), 0.9f, Landmarks.ofFive(p));
    assertEquals(big, FaceSelection.LARGEST.choose(List.of(middle, big), 300, 300).orElseThrow());
    assertEquals(middle, FaceSelection.CENTRAL.choose(List.of(big, middle), 300, 300).orElseThrow());
  }
}
