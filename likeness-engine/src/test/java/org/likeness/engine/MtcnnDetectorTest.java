package org.likeness.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.likeness.align.Affine;
import org.likeness.align.AlignmentTemplate;
import org.likeness.align.FaceAligner;
import org.likeness.align.Warp;
import org.likeness.detect.FaceBox;
import org.likeness.detect.FaceDetector;
import org.likeness.detect.FivePoints;
import org.likeness.detect.LandmarkDetector;
import org.likeness.detect.Point;
import org.likeness.image.ImageLoader;
import org.likeness.image.RgbImage;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;

/**
 * MTCNN on real LFW faces: one face per portrait with eyes where the UltraFace + landmark-network
 * path puts them, and faces at both ends of its size range: one filling a 112x112 tight crop and
 * one about 24 pixels wide.
 */
@Tag("model")
class MtcnnDetectorTest {
  /** Largest allowed distance between MTCNN's and the landmark network's eye centres, in pixels. */
  private static final double MAX_EYE_DISAGREEMENT = 4.0;

  private static final List<String> PORTRAITS =
      List.of(
          "Aaron_Eckhart/Aaron_Eckhart_0001.jpg",
          "Colin_Powell/Colin_Powell_0001.jpg",
          "Serena_Williams/Serena_Williams_0001.jpg",
          "Gloria_Macapagal_Arroyo/Gloria_Macapagal_Arroyo_0001.jpg",
          "Hugo_Chavez/Hugo_Chavez_0001.jpg");

  private static final ImageLoader LOADER = new ImageLoader();
  private static FaceDetector mtcnn;
  private static FaceDetector ultraface;
  private static LandmarkDetector landmarkNetwork;

  @BeforeAll
  static void open() {
    ModelStore store = ModelStore.locate(Optional.empty());
    OrtSettings ort = OrtSettings.defaults().withIntraOpThreads(1);
    mtcnn = new Models(store, ort, DetectorChoice.MTCNN).detector();
    Models classic = new Models(store, ort, DetectorChoice.ULTRAFACE);
    ultraface = classic.detector();
    landmarkNetwork = classic.landmarks();
  }

  @AfterAll
  static void close() {
    for (AutoCloseable c : new AutoCloseable[] {mtcnn, ultraface, landmarkNetwork}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IllegalStateException("cannot close " + c, e);
        }
      }
    }
  }

  static RgbImage lfw(String photo) {
    return LOADER.load(
        Path.of(System.getProperty("likeness.lfw", "../../shared/data/lfw"), "images_deepfunneled", photo));
  }

  @Test
  void findsExactlyOneFaceInEachPortraitWithEyesNearTheLandmarkNetworks() {
    double worst = 0;
    for (String photo : PORTRAITS) {
      RgbImage image = lfw(photo);
      List<FaceBox> faces = mtcnn.detect(image);
      assertEquals(1, faces.size(), photo + ": " + faces);
      FivePoints mine = faces.get(0).fivePoints().orElseThrow();
      FaceBox reference = ultraface.detect(image).get(0);
      FivePoints theirs = landmarkNetwork.locate(image, reference.box()).five();
      double left = distance(mine.leftEye(), theirs.leftEye());
      double right = distance(mine.rightEye(), theirs.rightEye());
      worst = Math.max(worst, Math.max(left, right));
      assertTrue(
          left <= MAX_EYE_DISAGREEMENT && right <= MAX_EYE_DISAGREEMENT,
          photo + ": MTCNN eyes " + mine.leftEye() + ", " + mine.rightEye() + " vs landmark network "
              + theirs.leftEye() + ", " + theirs.rightEye());
      assertTrue(faces.get(0).box().width() > 50, photo + " box " + faces.get(0).box());
    }
    System.out.printf("MTCNN vs landmark network: largest eye distance %.2f px over %d photos%n", worst, PORTRAITS.size());
  }

  @Test
  void findsTheFaceThatFillsA112PixelTightCrop() {
    RgbImage photo = lfw("Colin_Powell/Colin_Powell_0001.jpg");
    FivePoints points = mtcnn.detect(photo).get(0).fivePoints().orElseThrow();
    RgbImage chip = FaceAligner.align(photo, points, AlignmentTemplate.ARCFACE_112).chip();
    assertEquals(112, chip.width());

    List<FaceBox> faces = mtcnn.detect(chip);

    assertEquals(1, faces.size(), "faces in the 112x112 chip: " + faces);
    FivePoints found = faces.get(0).fivePoints().orElseThrow();
    // ArcFace's template puts the eyes at (38.3, 51.7) and (73.5, 51.5).
    assertTrue(distance(found.leftEye(), new Point(38.29f, 51.70f)) < 5, "left eye " + found.leftEye());
    assertTrue(distance(found.rightEye(), new Point(73.53f, 51.50f)) < 5, "right eye " + found.rightEye());
  }

  @Test
  void findsAFaceAbout24PixelsWide() {
    RgbImage photo = lfw("Serena_Williams/Serena_Williams_0001.jpg");
    FaceBox big = mtcnn.detect(photo).get(0);
    double scale = 24.0 / big.box().width();
    int side = (int) Math.round(photo.width() * scale);
    // The shrunken photo in the middle of a 160x120 scene.
    int left = (160 - side) / 2;
    int top = (120 - side) / 2;
    RgbImage small = Warp.warp(Warp.boxShrink(photo, 2), new Affine(photo.width() / 2.0 / side, 0,
        -left * photo.width() / 2.0 / side, 0, photo.height() / 2.0 / side, -top * photo.height() / 2.0 / side), 160, 120);

    List<FaceBox> faces = mtcnn.detect(small);

    assertEquals(1, faces.size(), "faces in the " + side + "-pixel photo: " + faces);
    FaceBox f = faces.get(0);
    assertTrue(f.box().width() >= 18 && f.box().width() <= 32, "box " + f.box());
    Point expectedLeftEye =
        new Point(
            (float) (left + big.fivePoints().orElseThrow().leftEye().x() * scale),
            (float) (top + big.fivePoints().orElseThrow().leftEye().y() * scale));
    assertTrue(
        distance(f.fivePoints().orElseThrow().leftEye(), expectedLeftEye) < 2.5,
        "left eye " + f.fivePoints().orElseThrow().leftEye() + ", expected near " + expectedLeftEye);
  }

  private static double distance(Point a, Point b) {
    return Math.hypot(a.x() - b.x(), a.y() - b.y());
  }
}
