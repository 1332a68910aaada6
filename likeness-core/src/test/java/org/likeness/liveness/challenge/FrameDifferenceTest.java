package org.likeness.liveness.challenge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.likeness.image.RgbImage;

/** What counts as a repeated frame, against the policy's default. */
class FrameDifferenceTest {
  private static RgbImage still(int grey, double noise, long seed) {
    Random r = new Random(seed);
    byte[] px = new byte[480 * 360 * 3];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) Math.max(0, Math.min(255, Math.round(grey + noise * r.nextGaussian())));
    }
    return new RgbImage(480, 360, px);
  }

  @Test
  void resentFrameIsRepeatedButSensorNoiseOnAStillSceneIsNot() {
    RgbImage a = still(120, 1.5, 1);
    assertEquals(0, FrameDifference.meanAbsolute(a, new RgbImage(480, 360, a.pixels().clone())), 1e-12);
    double noise = FrameDifference.meanAbsolute(a, still(120, 1.5, 2));
    assertTrue(noise > ChallengePolicy.DEFAULT.maxFrozenDifference(),
        "two still frames with 1.5 levels of sensor noise differ by " + noise);
  }

  @Test
  void framesOfDifferentSizesAreCompared() {
    assertTrue(FrameDifference.meanAbsolute(still(100, 0, 1), still(140, 0, 1).mirrored()) > 30);
    RgbImage small = new RgbImage(10, 8, new byte[10 * 8 * 3]);
    assertEquals(0, FrameDifference.meanAbsolute(small, small), 1e-12);
  }
}
