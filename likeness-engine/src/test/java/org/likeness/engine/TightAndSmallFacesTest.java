package org.likeness.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.likeness.align.Affine;
import org.likeness.align.Warp;
import org.likeness.detect.DetectedFace;
import org.likeness.detect.FivePoints;
import org.likeness.detect.Point;
import org.likeness.image.RgbImage;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.PipelineOptions;

/**
 * Faces a door camera gives and LFW does not: a crop the face fills edge to edge, a small face far
 * away in a wide frame, and a grey crop the default detector misses, on which the MTCNN fallback
 * steps in (and which the two-scale detector finds at 160x120). Each is checked against where the eyes are in the clean LFW photo.
 */
@Tag("model")
class TightAndSmallFacesTest {
  static Likeness face;

  @BeforeAll
  static void open() {
    face = Likeness.open(ModelCatalog.DEFAULT_EMBEDDER, ModelStore.locate(Optional.empty()), PipelineOptions.defaults(),
        OrtSettings.defaults());
  }

  @AfterAll
  static void close() {
    face.close();
  }

  /** The photo's region [x1, x1 + w) x [y1, y1 + h) scaled by {@code scale}. */
  static RgbImage crop(RgbImage photo, double x1, double y1, double w, double h, double scale) {
    int ow = (int) Math.round(w * scale);
    int oh = (int) Math.round(h * scale);
    return Warp.warp(photo, Affine.scaling(x1, y1, w, h, ow, oh).inverse(), ow, oh);
  }

  /** The landmarks of the LFW photo's own face: the one whose box holds the frame's centre. */
  static FivePoints eyesOf(RgbImage photo) {
    return face.pipeline().detect(photo).stream()
        .filter(f -> f.box().x1() < 125 && f.box().x2() > 125 && f.box().y1() < 125 && f.box().y2() > 125)
        .findFirst().orElseThrow(() -> new AssertionError("no face at the centre of the LFW photo"))
        .landmarks().five();
  }

  static void assertNear(Point expected, Point actual, double px, String what) {
    double d = Math.hypot(expected.x() - actual.x(), expected.y() - actual.y());
    assertTrue(d <= px, what + ": " + actual + " is " + d + " px from " + expected);
  }

  @Test
  void aFaceFillingTheFrameIsFoundWhereItIs() {
    // Abdel Nasser Assidi's face box alone, as the door benchmark's tight variant cuts it: before this
    // change the detector drew a box around half the face and put the eyes 10 px too high.
    RgbImage photo = face.load(SmallAndCroppedPhotosTest.lfw("Abdel_Nasser_Assidi", 1));
    FivePoints clean = eyesOf(photo);
    RgbImage tight = crop(photo, 80, 62, 92, 130, 1);
    List<DetectedFace> found = face.pipeline().detect(tight);
    assertEquals(1, found.size());
    FivePoints p = found.get(0).landmarks().five();
    assertNear(new Point(clean.leftEye().x() - 80, clean.leftEye().y() - 62), p.leftEye(), 3, "left eye");
    assertNear(new Point(clean.rightEye().x() - 80, clean.rightEye().y() - 62), p.rightEye(), 3, "right eye");
  }

  @Test
  void aSmallFaceFarAwayInAWideFrameIsFound() {
    // The LFW photo shrunk so the face is about 28 px wide, placed in a 960x720 grey frame: resized
    // whole to the detector's 320x240 input the face would be 9 px.
    RgbImage photo = face.load(SmallAndCroppedPhotosTest.lfw("Colin_Powell", 1));
    FivePoints clean = eyesOf(photo);
    double scale = 28.0 / 92;
    int ox = 610;
    int oy = 150;
    Affine frameToPhoto = new Affine(1 / scale, 0, -ox / scale, 0, 1 / scale, -oy / scale);
    RgbImage frame = Warp.warp(Warp.boxShrink(photo, 1), frameToPhoto, 960, 720);
    byte[] px = frame.pixels();
    int inside = (int) Math.round(250 * scale);
    for (int y = 0; y < 720; y++) {
      for (int x = 0; x < 960; x++) {
        if (x < ox || y < oy || x >= ox + inside || y >= oy + inside) {
          int o = (y * 960 + x) * 3;
          px[o] = px[o + 1] = px[o + 2] = (byte) 110;
        }
      }
    }
    List<DetectedFace> found = face.pipeline().detect(frame);
    assertEquals(1, found.size(), "faces found in the wide frame");
    FivePoints p = found.get(0).landmarks().five();
    Point expected = new Point((float) (ox + clean.leftEye().x() * scale), (float) (oy + clean.leftEye().y() * scale));
    assertNear(expected, p.leftEye(), 3, "left eye");
  }

  /** David Wells 0003 as the door benchmark's grey 92x112 crop. */
  static RgbImage greyCrop(RgbImage photo) {
    RgbImage crop = crop(photo, 70, 56, 110, 134, 92.0 / 110);
    byte[] g = crop.pixels();
    for (int i = 0; i < g.length; i += 3) {
      byte l = (byte) Math.round(0.299 * (g[i] & 0xff) + 0.587 * (g[i + 1] & 0xff) + 0.114 * (g[i + 2] & 0xff));
      g[i] = g[i + 1] = g[i + 2] = l;
    }
    return crop;
  }

  @Test
  void aGreyCropTheFirstDetectorMissesIsFoundByTheFallback() {
    // UltraFace at 320x240 (--detector ultraface) finds no face in this crop, at any border; MTCNN does.
    RgbImage photo = face.load(SmallAndCroppedPhotosTest.lfw("David_Wells", 3));
    FivePoints clean = eyesOf(photo);
    RgbImage crop = greyCrop(photo);
    try (var ultraOnly = new org.likeness.onnx.OnnxFaceDetector(ModelCatalog.FR_DETECT,
        ModelStore.locate(Optional.empty()).require(ModelCatalog.FR_DETECT), OrtSettings.defaults())) {
      assertTrue(ultraOnly.detect(crop).isEmpty(), "this crop must be one the first detector misses");
    }
    try (Likeness at320 = Likeness.open(ModelCatalog.DEFAULT_EMBEDDER, ModelStore.locate(Optional.empty()),
        PipelineOptions.defaults(), OrtSettings.defaults(), DetectorChoice.ULTRAFACE)) {
      List<DetectedFace> found = at320.pipeline().detect(crop);
      assertEquals(1, found.size());
      double s = 92.0 / 110;
      assertNear(new Point((float) ((clean.leftEye().x() - 70) * s), (float) ((clean.leftEye().y() - 56) * s)),
          found.get(0).landmarks().five().leftEye(), 4, "left eye");
    }
  }

  /**
   * The default (two-scale) detector's 160x120 search finds the same crop itself, with no fallback
   * (5 December: the left eye 5.2 px from where the clean photo puts it, in a face 92 px wide;
   * MTCNN's within 4).
   */
  @Test
  void theTwoScaleDetectorFindsTheGreyCropAtTheSmallScale() {
    assertEquals(DetectorChoice.ULTRAFACE_TWO_SCALE, DetectorChoice.DEFAULT);
    RgbImage photo = face.load(SmallAndCroppedPhotosTest.lfw("David_Wells", 3));
    FivePoints clean = eyesOf(photo);
    List<DetectedFace> found = face.pipeline().detect(greyCrop(photo));
    assertEquals(1, found.size());
    double s = 92.0 / 110;
    assertNear(new Point((float) ((clean.leftEye().x() - 70) * s), (float) ((clean.leftEye().y() - 56) * s)),
        found.get(0).landmarks().five().leftEye(), 6, "left eye");
  }
}
