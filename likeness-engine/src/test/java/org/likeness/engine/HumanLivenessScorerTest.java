package org.likeness.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * Human's two networks as scorers on the apfol spoof set (tight face crops of real faces and of
 * printed or replayed ones, {@code ../shared/data/spoof/apfol/{real,fake}}), every fourth image of
 * each label, faces found by the engine's own pipeline.
 */
@Tag("model")
class HumanLivenessScorerTest {
  /** Every n-th image of each label, in file-name order, keeps the test to a few seconds. */
  private static final int STEP = 4;

  private static Likeness likeness;
  private static Models models;
  private static final List<RgbImage> images = new ArrayList<>();
  private static final List<DetectedFace> faces = new ArrayList<>();
  private static final List<Boolean> real = new ArrayList<>();

  @BeforeAll
  static void detectFaces() throws IOException {
    ModelStore store = ModelStore.locate(Optional.empty());
    likeness = Likeness.open(ModelCatalog.DEFAULT_EMBEDDER, store, PipelineOptions.defaults(), OrtSettings.defaults());
    models = new Models(store, OrtSettings.defaults());
    Path apfol = Path.of(System.getProperty("likeness.lfw", "../../shared/data/lfw")).resolveSibling("spoof").resolve("apfol");
    for (String label : List.of("real", "fake")) {
      List<Path> files;
      try (Stream<Path> s = Files.list(apfol.resolve(label))) {
        files = s.sorted().toList();
      }
      for (int i = 0; i < files.size(); i += STEP) {
        RgbImage image = likeness.load(files.get(i));
        List<DetectedFace> found = likeness.pipeline().detect(image);
        if (!found.isEmpty()) {
          images.add(image);
          faces.add(found.get(0));
          real.add(label.equals("real"));
        }
      }
    }
    assertTrue(real.stream().filter(r -> r).count() >= 40 && real.stream().filter(r -> !r).count() >= 100,
        "too few apfol faces found: " + real.size());
  }

  @AfterAll
  static void close() {
    likeness.close();
  }

  @Test
  void livenessAttackScoreIsHigherForFakeFacesThanForRealOnes() {
    double[] scores;
    try (LivenessScorer scorer = models.humanLiveness()) {
      assertEquals("human-liveness", scorer.name());
      scores = scoreAll(scorer);
    }
    double meanReal = mean(scores, true);
    double meanFake = mean(scores, false);
    double auc = attackAuc(scores);
    System.out.printf("human-liveness on apfol: mean attack score real %.3f, fake %.3f, AUC %.3f%n",
        meanReal, meanFake, auc);
    assertTrue(meanFake > meanReal, "fake " + meanFake + " vs real " + meanReal);
    assertTrue(auc > 0.6, "AUC " + auc);
  }

  @Test
  void antispoofRunsAndGivesTheSameScoresEveryTime() {
    double[] first;
    double[] second;
    try (LivenessScorer scorer = models.humanAntispoof()) {
      assertEquals("human-antispoof", scorer.name());
      first = scoreAll(scorer);
      second = scoreAll(scorer);
    }
    double[] third;
    try (LivenessScorer again = models.humanAntispoof()) {
      third = scoreAll(again);
    }
    for (int i = 0; i < first.length; i++) {
      assertTrue(first[i] >= 0 && first[i] <= 1, "score " + first[i] + " outside [0, 1]");
      assertEquals(first[i], second[i], "same scorer, face " + i);
      assertEquals(first[i], third[i], "new scorer, face " + i);
    }
    System.out.printf("human-antispoof on apfol: mean attack score real %.3f, fake %.3f, AUC %.3f%n",
        mean(first, true), mean(first, false), attackAuc(first));
  }

  private static double[] scoreAll(LivenessScorer scorer) {
    double[] scores = new double[faces.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = scorer.attackScore(images.get(i), faces.get(i));
    }
    return scores;
  }

  private static double mean(double[] scores, boolean ofReal) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < scores.length; i++) {
      if (real.get(i) == ofReal) {
        sum += scores[i];
        n++;
      }
    }
    return sum / n;
  }

  /** P(attack score of a fake > that of a real face), ties half. */
  private static double attackAuc(double[] scores) {
    double wins = 0;
    long pairs = 0;
    for (int f = 0; f < scores.length; f++) {
      for (int r = 0; r < scores.length; r++) {
        if (!real.get(f) && real.get(r)) {
          pairs++;
          wins += scores[f] > scores[r] ? 1 : scores[f] == scores[r] ? 0.5 : 0;
        }
      }
    }
    return wins / pairs;
  }
}
