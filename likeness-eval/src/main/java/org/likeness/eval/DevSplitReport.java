package org.likeness.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.likeness.detect.FaceSelection;
import org.likeness.embed.Embedding;
import org.likeness.engine.DetectorChoice;
import org.likeness.engine.Likeness;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.PipelineOptions;

/**
 * LFW View 1 for one model: the accuracy-maximizing threshold chosen on {@code pairsDevTrain.txt}
 * and the accuracy it gives on the unseen {@code pairsDevTest.txt}. This is how each model's default
 * {@code maxDistance} was chosen.
 *
 * @param model the model evaluated
 * @param flip whether the flip trick was on
 * @param threshold the threshold chosen on DevTrain
 * @param trainAccuracy accuracy on DevTrain at that threshold
 * @param testAccuracy accuracy on DevTest at that threshold
 * @param testAccuracyAtShipped accuracy on DevTest at the catalog's shipped threshold
 * @param missingFaces photos without a detected face, over both files
 * @param seconds wall time of the run
 */
public record DevSplitReport(
    String model, boolean flip, double threshold, double trainAccuracy, double testAccuracy,
    double testAccuracyAtShipped, int missingFaces, double seconds) {

  /** Runs the View 1 protocol for {@code spec} with LFW's central-face convention. */
  public static DevSplitReport run(
      ModelSpec spec, boolean flip, Path lfwRoot, ModelStore store, int threads, Encoder.Progress progress) {
    return run(spec, flip, lfwRoot, store, threads, progress, DetectorChoice.DEFAULT);
  }

  /** The report with faces found by {@code detector}. */
  public static DevSplitReport run(ModelSpec spec, boolean flip, Path lfwRoot, ModelStore store, int threads,
      Encoder.Progress progress, DetectorChoice detector) {
    long start = System.nanoTime();
    Path images = lfwRoot.resolve("images_deepfunneled");
    List<LfwPair> train = LfwPairs.read(lfwRoot.resolve("pairsDevTrain.txt"), images);
    List<LfwPair> test = LfwPairs.read(lfwRoot.resolve("pairsDevTest.txt"), images);
    List<Path> all = new ArrayList<>();
    for (List<LfwPair> list : List.of(train, test)) {
      for (LfwPair p : list) {
        all.add(p.first());
        all.add(p.second());
      }
    }
    PipelineOptions options = PipelineOptions.defaults().withFlip(flip).withSelection(FaceSelection.CENTRAL);
    Map<Path, Optional<Embedding>> emb =
        Encoder.encodeAll(all, () -> Likeness.open(spec, store, options, OrtSettings.defaults(), detector), threads, progress);
    PairScores trainScores = PairScores.of(train, emb, spec.metric());
    PairScores testScores = PairScores.of(test, emb, spec.metric());
    double t = trainScores.bestThreshold();
    int missing = (int) emb.values().stream().filter(Optional::isEmpty).count();
    return new DevSplitReport(
        spec.name(), flip, t, trainScores.accuracy(t), testScores.accuracy(t),
        testScores.accuracy(spec.maxDistance()), missing, (System.nanoTime() - start) / 1e9);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s flip=%s: DevTrain threshold %.4f (train acc %.4f), DevTest acc %.4f, DevTest acc at shipped threshold %.4f, %d photos without a face, %.1f s",
        model, flip, threshold, trainAccuracy, testAccuracy, testAccuracyAtShipped, missingFaces, seconds);
  }
}
