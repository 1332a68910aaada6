package org.likeness.eval;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.likeness.detect.FaceSelection;
import org.likeness.engine.Likeness;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.PipelineOptions;

/**
 * Prints each member's mean and standard deviation of cosine similarity over all LFW DevTrain
 * pairs: the z-normalization the fused model uses (a development tool; its output is pinned in
 * ModelCatalog).
 */
public final class FusionFitTool {
  public static void main(String[] args) {
    Path lfw = LfwPairs.defaultRoot();
    List<LfwPair> train = LfwPairs.read(lfw.resolve("pairsDevTrain.txt"), lfw.resolve("images_deepfunneled"));
    ModelStore store = ModelStore.locate(Optional.empty());
    for (String name : args[0].split(",")) {
      ModelSpec s = ModelCatalog.embedder(name);
      PipelineOptions o = PipelineOptions.defaults().withSelection(FaceSelection.CENTRAL);
      Encoder.Result r;
      try (EmbeddingCache cache = EmbeddingCache.open(EmbeddingCache.defaultRoot(), s, true)) {
        List<Path> imgs = train.stream().flatMap(p -> Stream.of(p.first(), p.second())).toList();
        r = Encoder.encodeAll(imgs, s.id(), () -> Likeness.open(s, store, o, OrtSettings.defaults()), 2, (d, t) -> {}, cache);
      }
      PairScores ps = PairScores.of(train, r.embeddings(), s.metric());
      double sum = 0, sq = 0;
      for (double d : ps.distances()) {
        double cos = 1 - d;
        sum += cos;
        sq += cos * cos;
      }
      int n = ps.distances().length;
      double mean = sum / n;
      double sd = Math.sqrt(sq / n - mean * mean);
      System.out.printf(Locale.ROOT, "%s: cosine mean %.6f sd %.6f weight 1/sd %.6f%n", name, mean, sd, 1 / sd);
    }
  }
}
