package org.likeness.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.likeness.image.RgbImage;

/**
 * When the two-scale detector keeps the small search's answer and when it searches again, with
 * detectors that answer fixed boxes (the real networks: {@code UltraFaceInputSizeTest}).
 */
class TwoScaleDetectorTest {
  /** A detector that answers {@code boxes} and records the photos it was asked about. */
  private static final class Fixed implements FaceDetector {
    final List<FaceBox> boxes;
    final List<RgbImage> asked = new ArrayList<>();
    boolean closed;

    Fixed(FaceBox... boxes) {
      this.boxes = List.of(boxes);
    }

    @Override
    public List<FaceBox> detect(RgbImage image) {
      asked.add(image);
      return boxes;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private static final RgbImage PHOTO = new RgbImage(640, 480, new byte[640 * 480 * 3]);

  /** A face {@code side} pixels square in the 640x480 photo: {@code side / 4} in a 160x120 search. */
  private static FaceBox face(float side) {
    return new FaceBox(new Box(100, 100, 100 + side, 100 + side), 0.9f);
  }

  @Test
  void oneFaceAtLeastTheLeastSizeAtTheSmallScaleStands() {
    Fixed small = new Fixed(face(128));
    Fixed full = new Fixed(face(129));
    TwoScaleDetector d = new TwoScaleDetector(small, 160, 120, full, 32f);
    assertEquals(small.boxes, d.detect(PHOTO));
    assertTrue(full.asked.isEmpty());
  }

  /** When the small search answers {@code smallBoxes}, the photo is searched again and the full answer taken. */
  private static void assertSearchedAgainAtTheFullScale(FaceBox... smallBoxes) {
    Fixed full = new Fixed(face(30), face(125));
    TwoScaleDetector d = new TwoScaleDetector(new Fixed(smallBoxes), 160, 120, full, 32f);
    assertEquals(full.boxes, d.detect(PHOTO));
    assertEquals(List.of(PHOTO), full.asked);
  }

  @Test
  void aSmallFaceIsSearchedForAgainAtTheFullScale() {
    assertSearchedAgainAtTheFullScale(face(124));
  }

  /** How many faces a photo holds decides enrolment, so the full scale counts them. */
  @Test
  void severalFacesAreSearchedForAgainAtTheFullScaleEvenWhenLarge() {
    assertSearchedAgainAtTheFullScale(face(200), face(128));
  }

  @Test
  void noFaceAtTheSmallScaleIsSearchedForAgain() {
    assertSearchedAgainAtTheFullScale();
  }

  @Test
  void closesBoth() {
    Fixed small = new Fixed();
    Fixed full = new Fixed();
    new TwoScaleDetector(small, 160, 120, full, 32f).close();
    assertTrue(small.closed && full.closed);
  }

  @Test
  void refusesANonPositiveSize() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new TwoScaleDetector(new Fixed(), 160, 0, new Fixed(), 32f));
    assertTrue(e.getMessage().contains("160x0"), e.getMessage());
  }
}
