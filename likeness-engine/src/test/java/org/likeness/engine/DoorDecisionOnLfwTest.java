package org.likeness.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.align.Affine;
import org.likeness.align.Warp;
import org.likeness.detect.DetectedFace;
import org.likeness.gallery.Enrollment;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.GalleryOptions;
import org.likeness.gallery.GallerySpec;
import org.likeness.gallery.Template;
import org.likeness.gallery.decide.DecisionReason;
import org.likeness.image.RgbImage;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import org.likeness.models.Sha256;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.FaceEncoding;
import org.likeness.pipeline.PipelineOptions;
import org.likeness.quality.QualityIssue;

/**
 * The door's decisions on real LFW faces: staff let in, strangers and faces too poor to judge kept
 * out with the right reason, and a claim refused when the face is nearer somebody else.
 */
@Tag("model")
class DoorDecisionOnLfwTest {
  /** Staff: people with at least three LFW photos (two enrolled, the third at the door). */
  private static final List<String> STAFF = List.of("Colin_Powell", "Tony_Blair", "Serena_Williams",
      "Gerhard_Schroeder", "Ariel_Sharon", "Hugo_Chavez", "Jean_Chretien", "John_Ashcroft", "Junichiro_Koizumi",
      "Jacques_Chirac");
  /** Strangers: not enrolled. */
  private static final List<String> STRANGERS = List.of("Vladimir_Putin", "Laura_Bush", "Lleyton_Hewitt",
      "Gloria_Macapagal_Arroyo", "Luiz_Inacio_Lula_da_Silva");

  static Likeness face;
  static ModelSpec spec = ModelCatalog.DEFAULT_EMBEDDER;

  @TempDir static Path dir;
  static Gallery gallery;

  @BeforeAll
  static void enrollStaff() throws Exception {
    face = Likeness.open(spec, ModelStore.locate(Optional.empty()), PipelineOptions.defaults(), OrtSettings.defaults());
    gallery = Gallery.create(dir.resolve("office"), GallerySpec.cosine("office", spec.id(), spec.dimensions()),
        GalleryOptions.defaults());
    List<Enrollment> batch = new ArrayList<>();
    for (String name : STAFF) {
      for (int n = 1; n <= 2; n++) {
        batch.add(new Enrollment(name, template(face.encode(SmallAndCroppedPhotosTest.lfw(name, n)), name + n)));
      }
    }
    gallery.enrollAll(batch);
  }

  static Template template(FaceEncoding e, String label) {
    DetectedFace d = e.face().orElseThrow();
    return new Template(e.embedding().orElseThrow(), Sha256.of(label.getBytes()), d.box(), d.score(), Instant.now());
  }

  @AfterAll
  static void close() {
    gallery.close();
    face.close();
  }

  @Test
  void staffAreLetInAndStrangersAreNot() {
    for (String name : STAFF) {
      Identification id = face.whoIsIt(face.load(SmallAndCroppedPhotosTest.lfw(name, 3)), gallery);
      assertEquals(Optional.of(name), id.identity(), name + ": " + id.explanation() + " " + id.distance());
      assertEquals(DecisionReason.MATCH, id.reason());
      assertTrue(id.threshold().source().contains("20 templates (10 people)"), id.threshold().source());
    }
    for (String name : STRANGERS) {
      Identification id = face.whoIsIt(face.load(SmallAndCroppedPhotosTest.lfw(name, 1)), gallery);
      assertEquals(Optional.empty(), id.identity(), name + " was let in as " + id.identity());
      assertEquals(DecisionReason.NOBODY_CLOSE, id.reason());
      assertTrue(id.distance().orElseThrow() > id.threshold().maxDistance());
    }
  }

  @Test
  void aFaceTooSmallToJudgeIsAnsweredUnknownWithTheReasonNotGuessed() {
    RgbImage photo = face.load(SmallAndCroppedPhotosTest.lfw("Colin_Powell", 3));
    // The whole frame shrunk so the face is about 24 px wide, like the door benchmark's face-24.
    double scale = 24.0 / 92;
    int side = (int) Math.round(250 * scale);
    RgbImage tiny = Warp.warp(Warp.boxShrink(photo, 4), Affine.scaling(0, 0, 62.5, 62.5, side, side).inverse(), side, side);
    Identification id = face.whoIsIt(tiny, gallery);
    assertEquals(DecisionReason.LOW_QUALITY, id.reason(), id.explanation());
    assertEquals(QualityIssue.FACE_TOO_SMALL, id.quality().orElseThrow().issue());
    assertTrue(id.explanation().startsWith("unknown: face too small ("), id.explanation());
    assertTrue(id.candidates().isEmpty(), "no guess is offered for a face refused for its quality");
  }

  @Test
  void aClaimIsRefusedWhenTheFaceIsNearerAnotherEnrolledPerson() {
    RgbImage blair = face.load(SmallAndCroppedPhotosTest.lfw("Tony_Blair", 3));
    VerifyResult own = face.verifyInGallery(blair, "Tony_Blair", gallery, face.thresholds());
    assertTrue(own.accepted(), own.toString());
    VerifyResult claimed = face.verifyInGallery(blair, "Colin_Powell", gallery, face.thresholds());
    assertFalse(claimed.accepted(), claimed.toString());
    assertNotEquals(DecisionReason.MATCH, claimed.reason());
  }

  @Test
  void theThresholdFollowsAGalleryWhosePeopleLookAlike(@TempDir Path other) throws Exception {
    // The same people enrolled from tiny grey blurred photos: their faces crowd together, and the
    // gallery's people sit much closer to each other than LFW's strangers do.
    try (Gallery crowded = Gallery.create(other.resolve("g"), GallerySpec.cosine("g", spec.id(), spec.dimensions()),
        GalleryOptions.defaults())) {
      List<Enrollment> batch = new ArrayList<>();
      for (String name : STAFF) {
        RgbImage photo = face.load(SmallAndCroppedPhotosTest.lfw(name, 1));
        RgbImage poor = greyBlur(photo);
        FaceEncoding e = face.encode(poor);
        if (e.hasFace()) {
          batch.add(new Enrollment(name, template(e, name + "-poor")));
        }
      }
      crowded.enrollAll(batch);
      double clean = gallery.meanDistanceBetweenPeople().orElseThrow();
      double poor = crowded.meanDistanceBetweenPeople().orElseThrow();
      assertTrue(poor < clean - 0.1, "poor photos crowd together: " + poor + " against " + clean);
      var plain = face.thresholds().identify(new org.likeness.models.GalleryStatistics(
          crowded.personCount(), crowded.size(), Optional.empty()));
      var followed = face.thresholds().identify(Likeness.statistics(crowded));
      assertTrue(followed.maxDistance() < plain.maxDistance() - 0.05, followed + " against " + plain);
      assertTrue(followed.source().contains("closer to each other"), followed.source());
    }
  }

  /** Grey, and blurred by shrinking 8x and back. */
  static RgbImage greyBlur(RgbImage photo) {
    RgbImage small = Warp.boxShrink(photo, 8);
    RgbImage back = Warp.warp(small, Affine.scaling(0, 0, small.width(), small.height(), photo.width(), photo.height())
        .inverse(), photo.width(), photo.height());
    byte[] px = back.pixels().clone();
    for (int i = 0; i < px.length; i += 3) {
      byte l = (byte) Math.round(0.299 * (px[i] & 0xff) + 0.587 * (px[i + 1] & 0xff) + 0.114 * (px[i + 2] & 0xff));
      px[i] = px[i + 1] = px[i + 2] = l;
    }
    return new RgbImage(back.width(), back.height(), px);
  }
}
