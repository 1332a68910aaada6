package org.likeness.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.likeness.image.RgbImage;
import org.likeness.quality.FaceQuality;

/** What {@link ChipRestoration} does to chips whose answers are known; real faces are in likeness-engine. */
class ChipRestorationTest {
  private static final long SEED = 20261205L;
  private static final ChipRestoration BOTH = ChipRestoration.parse("brighten=100:130,denoise=0.7,sharpen=0.35:1:1");

  private static FaceQuality quality(double sharpness, double exposure) {
    return new FaceQuality(92, sharpness, exposure, 40, 0, 0, 0, 0.99);
  }

  /** A 112 px chip of random blobs around {@code mean}, seeded. */
  private static RgbImage texture(double mean, double spread) {
    Random r = new Random(SEED);
    byte[] px = new byte[112 * 112 * 3];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) Math.max(0, Math.min(255, Math.round(mean + spread * r.nextGaussian())));
    }
    return ChipFilters.gaussian(new RgbImage(112, 112, px), 1.5);
  }

  private static double meanLuma(RgbImage im) {
    double s = 0;
    for (int i = 0; i < im.width() * im.height(); i++) {
      s += 0.299 * im.channel(i % im.width(), i / im.width(), 0) + 0.587 * im.channel(i % im.width(), i / im.width(), 1)
          + 0.114 * im.channel(i % im.width(), i / im.width(), 2);
    }
    return s / (im.width() * im.height());
  }

  /** RMS of the 4-neighbour Laplacian of the green channel. */
  private static double detail(RgbImage im) {
    double s = 0;
    int n = 0;
    for (int y = 1; y < im.height() - 1; y++) {
      for (int x = 1; x < im.width() - 1; x++) {
        double lap = 4 * im.channel(x, y, 1) - im.channel(x - 1, y, 1) - im.channel(x + 1, y, 1)
            - im.channel(x, y - 1, 1) - im.channel(x, y + 1, 1);
        s += lap * lap;
        n++;
      }
    }
    return Math.sqrt(s / n);
  }

  @Test
  void leavesAWellLitSharpFaceAsItIs() {
    RgbImage chip = texture(128, 60);
    FaceQuality good = quality(0.6, 130);
    assertTrue(!BOTH.changes(good));
    assertSame(chip, BOTH.apply(chip, good));
    assertSame(chip, ChipRestoration.NONE.apply(chip, quality(0.05, 20)));
  }

  @Test
  void brightensADimFaceToAboutTheTargetExposure() {
    RgbImage dim = texture(50, 15);
    double before = meanLuma(dim);
    RgbImage out = BOTH.apply(dim, quality(0.6, before));
    double after = meanLuma(out);
    assertTrue(before < 60, "the test chip is dim: " + before);
    assertEquals(130, after, 10, "mean luma " + before + " -> " + after);
  }

  @Test
  void sharpensASoftFaceAndOnlyThen() {
    RgbImage soft = ChipFilters.gaussian(texture(128, 60), 1.5);
    RgbImage out = BOTH.apply(soft, quality(0.2, 128));
    assertTrue(detail(out) > 1.5 * detail(soft), "detail " + detail(soft) + " -> " + detail(out));
    assertEquals(meanLuma(soft), meanLuma(out), 1, "sharpening keeps the exposure");
  }

  @Test
  void theGammaIsCappedForTheDarkestFaces() {
    assertEquals(ChipRestoration.MIN_GAMMA, BOTH.gamma(1), 1e-12);
    assertTrue(BOTH.gamma(90) > ChipRestoration.MIN_GAMMA && BOTH.gamma(90) < 1);
  }

  @Test
  void labelsDifferForDifferentSettingsAndNoneIsRaw() {
    assertEquals("raw", ChipRestoration.NONE.label());
    assertTrue(!BOTH.label().equals(ChipRestoration.parse("brighten=100:130,sharpen=0.35:1:1").label()));
    assertEquals(ChipRestoration.NONE, ChipRestoration.parse("none"));
  }

  @Test
  void refusesBadSettingsNamingThem() {
    var unknown = assertThrows(IllegalArgumentException.class, () -> ChipRestoration.parse("deblur=3"));
    assertTrue(unknown.getMessage().contains("deblur"), unknown.getMessage());
    var target = assertThrows(IllegalArgumentException.class, () -> ChipRestoration.parse("brighten=100:90"));
    assertTrue(target.getMessage().contains("90"), target.getMessage());
    var count = assertThrows(IllegalArgumentException.class, () -> ChipRestoration.parse("sharpen=0.3:1"));
    assertTrue(count.getMessage().contains("sharpen=0.3:1"), count.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ChipRestoration(-1, 0, 0, 0, 0, 0));
  }
}
