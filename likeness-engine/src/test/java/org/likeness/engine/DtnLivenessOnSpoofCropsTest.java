package org.likeness.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.likeness.detect.DetectedFace;
import org.likeness.image.RgbImage;
import org.likeness.liveness.LivenessScorer;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.PipelineOptions;

/**
 * The DTN liveness scorer on the shared anti-spoofing sets (tight face crops of live people and of
 * photos or screens, {@code ../shared/data/spoof/<set>/{real,fake}}): faces found by the engine's
 * default pipeline, scored, and the spoof crops should score higher on average than the live ones.
 * That holds on {@code alexcamargoweb}; on {@code apfol} it does not (see the disabled test).
 */
@Tag("model")
class DtnLivenessOnSpoofCropsTest {
  /** Every STRIDE-th crop of each folder, in file-name order, to keep the test short. */
  private static final int STRIDE = 2;

  private static Likeness face;
  private static LivenessScorer dtn;

  @BeforeAll
  static void open() {
    ModelStore store = ModelStore.locate(Optional.empty());
    face = Likeness.open(ModelCatalog.DEFAULT_EMBEDDER, store, PipelineOptions.defaults(), OrtSettings.defaults());
    dtn = new Models(store, OrtSettings.defaults()).livenessScorer(ModelCatalog.DTN_ANTISPOOF);
  }

  @AfterAll
  static void close() {
    dtn.close();
    face.close();
  }

  @Test
  void spoofCropsScoreHigherOnAverageThanLiveOnesOnAlexcamargoweb() throws IOException {
    assertSpoofMeanAboveLiveMean("alexcamargoweb");
  }

  /**
   * Issue 17 asked for this on apfol, and it fails there for the model, not the code: measured on
   * the whole set (4 December 2026), with the default pipeline live crops averaged 0.991 and spoof
   * crops 0.887 (AUC 0.095); with MTCNN boxes, as expo's own app has them, 0.990 and 0.889 (AUC
   * 0.109). The DTN scores apfol's dark, noisy webcam frames of live people as attacks. Converted
   * and original agree on apfol crops ({@code DtnAntiSpoofConverterTest}, within 1e-4), so the
   * conversion is not the cause.
   */
  @Test
  @Disabled("the DTN ranks apfol backwards: live mean 0.991 > spoof mean 0.887 (AUC 0.095); see javadoc")
  void spoofCropsScoreHigherOnAverageThanLiveOnesOnApfol() throws IOException {
    assertSpoofMeanAboveLiveMean("apfol");
  }

  private static void assertSpoofMeanAboveLiveMean(String set) throws IOException {
    double[] real = scores(set, "real");
    double[] fake = scores(set, "fake");
    double meanReal = mean(real);
    double meanFake = mean(fake);
    System.out.printf(
        "DTN on %s (1 crop in %d): live mean %.4f over %d faces, spoof mean %.4f over %d faces%n",
        set, STRIDE, meanReal, real.length, meanFake, fake.length);
    assertTrue(
        real.length >= 20 && fake.length >= 20,
        set + ": too few faces found: " + real.length + " live, " + fake.length + " spoof");
    assertTrue(meanFake > meanReal, set + ": spoof mean " + meanFake + " should exceed live mean " + meanReal);
  }

  @Test
  void aClosedScorerRefusesToScoreAndClosesTwiceQuietly() throws IOException {
    RgbImage image = face.load(crops("alexcamargoweb", "real").get(0));
    DetectedFace found = face.pipeline().detect(image).get(0);
    LivenessScorer own = new Models(ModelStore.locate(Optional.empty()), OrtSettings.defaults())
        .livenessScorer(ModelCatalog.DTN_ANTISPOOF);
    double first;
    try (own) {
      first = own.attackScore(image, found);
      assertEquals(first, own.attackScore(image, found), 0.0, "the same face scores the same");
      assertEquals("dtn-antispoof", own.name());
    }
    own.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> own.attackScore(image, found));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  private static double[] scores(String set, String kind) throws IOException {
    List<Path> files = crops(set, kind);
    double[] out = new double[files.size()];
    int n = 0;
    for (int i = 0; i < files.size(); i += STRIDE) {
      RgbImage image = face.load(files.get(i));
      List<DetectedFace> faces = face.pipeline().detect(image);
      if (!faces.isEmpty()) {
        out[n++] = dtn.attackScore(image, faces.get(0));
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  static List<Path> crops(String set, String kind) throws IOException {
    Path lfw = Path.of(System.getProperty("likeness.lfw", "../../shared/data/lfw"));
    Path dir = lfw.resolveSibling("spoof").resolve(set).resolve(kind);
    if (!Files.isDirectory(dir)) {
      fail("anti-spoofing set " + dir + " is missing (it lies beside the LFW root, -Dlikeness.lfw)");
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".png")).sorted(Comparator.comparing(Path::toString)).toList();
    }
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }
}
