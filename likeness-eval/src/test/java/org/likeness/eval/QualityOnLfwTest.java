package org.likeness.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.likeness.engine.Likeness;
import org.likeness.image.RgbImage;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.FaceEncoding;
import org.likeness.pipeline.PipelineOptions;
import org.likeness.quality.FaceQuality;
import org.likeness.quality.QualityFloor;
import org.likeness.quality.QualityIssue;
import org.likeness.quality.QualityVerdict;

/**
 * {@link QualityFloor#DEFAULT} on a real LFW face through the whole pipeline: the photo passes, and
 * the same photo shrunk, blurred or darkened fails with the reason that fits.
 */
@Tag("model")
class QualityOnLfwTest {
  static Likeness face;
  static RgbImage photo;
  static FaceQuality clean;

  @BeforeAll
  static void open() {
    face = Likeness.open(ModelCatalog.DEFAULT_EMBEDDER, ModelStore.locate(Optional.empty()), PipelineOptions.defaults(),
        OrtSettings.defaults());
    photo = face.load(LfwPairs.defaultRoot().resolve(Path.of("images_deepfunneled", "Colin_Powell", "Colin_Powell_0001.jpg")));
    clean = quality(photo);
  }

  @AfterAll
  static void close() {
    face.close();
  }

  static FaceQuality quality(RgbImage image) {
    FaceEncoding e = face.encode(image);
    assertEquals(1, e.facesFound(), "one face in the test photo");
    return e.quality().orElseThrow();
  }

  static QualityVerdict verdict(RgbImage image) {
    FaceQuality q = quality(image);
    return QualityFloor.DEFAULT.check(q).orElseThrow(() -> new AssertionError("expected a failed check: " + q));
  }

  @Test
  void cleanLfwPhotoPassesTheDefaultFloor() {
    assertTrue(QualityFloor.DEFAULT.passes(clean), clean.toString());
    assertTrue(clean.faceWidthPx() > 60 && clean.faceWidthPx() < 130, "an LFW face is about 90 px wide: " + clean);
  }

  @Test
  void sameFaceShrunkTo40PixelsStillPasses() {
    FaceQuality q = quality(Degradations.downscale(photo, 40 / clean.faceWidthPx()));
    assertEquals(40, q.faceWidthPx(), 4, q.toString());
    assertTrue(QualityFloor.DEFAULT.passes(q), QualityFloor.DEFAULT.failures(q).toString());
  }

  @Test
  void sameFaceShrunkTo24PixelsIsTooSmallAndTheMessageSaysHowSmall() {
    QualityVerdict v = verdict(Degradations.downscale(photo, 24 / clean.faceWidthPx()));
    assertEquals(QualityIssue.FACE_TOO_SMALL, v.issue(), v.message());
    assertEquals(24, v.measured(), 3, v.message());
    assertEquals("face too small (" + Math.round(v.measured()) + " px, need "
        + Math.round(QualityFloor.DEFAULT.minFaceWidthPx()) + ")", v.message());
    assertEquals("come closer", v.advice());
  }

  @Test
  void heavilyBlurredFaceIsTooBlurry() {
    QualityVerdict v = verdict(Degradations.blur(photo, 0.06 * clean.faceWidthPx()));
    assertEquals(QualityIssue.TOO_BLURRY, v.issue(), v.message());
    assertTrue(v.message().startsWith("face too blurry (sharpness "), v.message());
  }

  @Test
  void veryDarkFaceIsTooDark() {
    QualityVerdict v = verdict(Degradations.exposure(photo, 0.15, 3, 7));
    assertEquals(QualityIssue.TOO_DARK, v.issue(), v.message());
    assertTrue(v.measured() < clean.exposure() / 5, v.message() + " vs clean " + clean.exposure());
  }

  @Test
  void washedOutFaceIsTooBright() {
    QualityVerdict v = verdict(Degradations.exposure(photo, 3, 0, 7));
    assertEquals(QualityIssue.TOO_BRIGHT, v.issue(), v.message());
  }
}
