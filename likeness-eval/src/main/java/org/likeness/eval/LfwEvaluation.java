package org.likeness.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.likeness.compare.Metric;
import org.likeness.embed.Embedding;
import org.likeness.embed.ModelId;
import org.likeness.engine.Likeness;

/** Runs a pair list through one model and scores it with the 10-fold protocol and a ROC curve. */
public final class LfwEvaluation {
  private LfwEvaluation() {}

  /**
   * The report and the curve it came from.
   *
   * @param report the summary numbers
   * @param roc the ROC over all pairs
   * @param scores every pair's distance
   */
  public record Outcome(LfwReport report, Roc roc, PairScores scores) {}

  /** Encodes the pairs' images (through {@code cache} when given) and evaluates them. */
  public static Outcome run(
      String name, ModelId id, Metric metric, int dims, boolean flip, List<LfwPair> pairs,
      Supplier<Likeness> opener, int threads, Encoder.Progress progress, EmbeddingCache cache) {
    long start = System.nanoTime();
    List<Path> images = new ArrayList<>();
    for (LfwPair p : pairs) {
      images.add(p.first());
      images.add(p.second());
    }
    Encoder.Result enc = Encoder.encodeAll(images, id, opener, threads, progress, cache);
    return score(name, metric, dims, flip, pairs, enc.embeddings(), enc.msPerImage(), start);
  }

  /** Scores already computed embeddings. */
  public static Outcome score(
      String name, Metric metric, int dims, boolean flip, List<LfwPair> pairs,
      Map<Path, Optional<Embedding>> embeddings, double msPerFace, long startNanos) {
    PairScores scores = PairScores.of(pairs, embeddings, metric);
    boolean[] same = scores.labels();
    int[] folds = pairs.stream().mapToInt(LfwPair::fold).toArray();
    TenFold at1e3 = TenFold.run(scores.distances(), same, folds, 1e-3);
    TenFold at1e2 = TenFold.run(scores.distances(), same, folds, 1e-2);
    Roc roc = Roc.of(scores.distances(), same);
    LfwReport report = new LfwReport(
        name, flip, dims, pairs.size(), at1e3.meanAccuracy(), at1e3.standardError(), at1e3.meanTar(),
        at1e2.meanTar(), roc.eer(), roc.auc(), msPerFace, scores.missingFaces().size(),
        (System.nanoTime() - startNanos) / 1e9);
    return new Outcome(report, roc, scores);
  }
}
