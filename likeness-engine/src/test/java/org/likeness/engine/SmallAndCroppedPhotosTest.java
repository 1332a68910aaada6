package org.likeness.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.likeness.align.Affine;
import org.likeness.align.Warp;
import org.likeness.detect.Box;
import org.likeness.detect.DetectedFace;
import org.likeness.embed.Embedding;
import org.likeness.image.RgbImage;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.FaceEncoding;
import org.likeness.pipeline.PipelineOptions;

/** Badge-style photos: tight 96x96 face crops still verify, with detection and with --assume-aligned. */
@Tag("model")
class SmallAndCroppedPhotosTest {
  static Likeness face;

  static Path lfw(String name, int n) {
    return Path.of(System.getProperty("likeness.lfw", "../../shared/data/lfw"), "images_deepfunneled", name,
        String.format("%s_%04d.jpg", name, n));
  }

  @BeforeAll
  static void open() {
    face = Likeness.open(ModelCatalog.DEFAULT_EMBEDDER, ModelStore.locate(Optional.empty()), PipelineOptions.defaults(),
        OrtSettings.defaults());
  }

  @AfterAll
  static void close() {
    face.close();
  }

  /** A 96x96 crop of the face's detected box, enlarged by 10%: what a badge photo looks like. */
  static RgbImage badge(RgbImage photo) {
    DetectedFace f = face.pipeline().detect(photo).get(0);
    Box b = f.box();
    double side = Math.max(b.width(), b.height()) * 1.1;
    Affine cropToPhoto = Affine.scaling(b.centerX() - side / 2, b.centerY() - side / 2, side, side, 96, 96).inverse();
    return Warp.warp(photo, cropToPhoto, 96, 96);
  }

  @Test
  void tightBadgeCropIsDetectedAndMatchesAnotherPhotoOfThePerson() {
    RgbImage badge = badge(face.load(lfw("Colin_Powell", 1)));
    FaceEncoding enc = face.encode(badge);
    assertTrue(enc.hasFace(), "a 96x96 badge crop must still yield a face");
    Embedding other = face.encode(lfw("Colin_Powell", 2)).embedding().orElseThrow();
    Embedding stranger = face.encode(lfw("Serena_Williams", 1)).embedding().orElseThrow();
    assertTrue(face.verify(badge, "Colin_Powell", List.of(other)).accepted());
    assertFalse(face.verify(badge, "Colin_Powell", List.of(stranger)).accepted());
  }

  @Test
  void photoWithoutAFaceIsAResultNotAnError() {
    RgbImage wall = new RgbImage(200, 150, new byte[200 * 150 * 3]);
    FaceEncoding enc = face.encode(wall);
    assertFalse(enc.hasFace());
    assertEquals(0, enc.facesFound());
    VerifyResult r = face.verify(wall, "anyone", List.of(face.encode(lfw("Colin_Powell", 2)).embedding().orElseThrow()));
    assertFalse(r.accepted());
    assertTrue(r.verification().isEmpty());
  }

  @Test
  void flipTrickMakesEmbeddingsOfAPhotoAndItsMirrorAlmostEqual() {
    RgbImage photo = face.load(lfw("Colin_Powell", 3));
    Embedding a = face.encode(photo).embedding().orElseThrow();
    Embedding b = face.encode(photo.mirrored()).embedding().orElseThrow();
    assertTrue(face.distance(a, b) < 0.05, "flip-summed embeddings of mirrored photos: " + face.distance(a, b));
  }

  @Test
  void assumeAlignedSkipsDetectionForPreAlignedChips() {
    try (Likeness aligned = Likeness.open(ModelCatalog.DEFAULT_EMBEDDER, ModelStore.locate(Optional.empty()),
        PipelineOptions.defaults().withAssumeAligned(true), OrtSettings.defaults())) {
      RgbImage photo = face.load(lfw("Colin_Powell", 1));
      DetectedFace f = face.pipeline().detect(photo).get(0);
      RgbImage chip = org.likeness.align.FaceAligner.align(photo, f.landmarks(), ModelCatalog.DEFAULT_EMBEDDER.alignment()).chip();
      Embedding viaChip = aligned.encode(chip).embedding().orElseThrow();
      Embedding viaPipeline = face.encode(photo).embedding().orElseThrow();
      assertTrue(face.distance(viaChip, viaPipeline) < 0.02, "same chip, same embedding: " + face.distance(viaChip, viaPipeline));
    }
  }
}
