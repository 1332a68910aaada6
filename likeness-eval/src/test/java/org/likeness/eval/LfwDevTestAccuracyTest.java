package org.likeness.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.likeness.detect.FaceSelection;
import org.likeness.embed.Embedding;
import org.likeness.engine.Likeness;
import org.likeness.models.Calibration;
import org.likeness.models.Calibrations;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.PipelineOptions;

/**
 * Each shipped model, at its shipped threshold (chosen on DevTrain), decides the 1,000 unseen
 * pairs of LFW {@code pairsDevTest.txt} with at least 98.5% accuracy; and its shipped calibration
 * (also made on DevTrain) holds out of sample: at the threshold for a 1e-2 false-accept rate, at
 * most 3e-2 of DevTest's 500 listed different-person pairs are accepted.
 *
 * <p>Why 3e-2 and not 1e-2: the calibration's rate is over every different-person pair of DevTrain
 * photos (5.9 million), and LFW's listed pairs are harder than a random pair. At the default model's
 * 1e-2 threshold DevTrain's own 1,100 listed different-person pairs are accepted at 1.36% (320x240
 * detector) and 1.46% (two-scale), and DevTest's 500 at 2.0% and 2.2% (10 and 11 pairs). At a true
 * 1.46%, 11 or more of 500 happens about one time in eight, 16 or more (over 3e-2) one time in 300, so the
 * bound fails a calibration that is off, not one that meets a hard sample.
 */
@Tag("model")
class LfwDevTestAccuracyTest {
  @ParameterizedTest
  @ValueSource(strings = {"faceplugin-512", "dlib-resnet-128", "mobilefacenet-192", "fused"})
  void shippedThresholdIsAccurateOnUnseenPairs(String name) {
    ModelSpec spec = ModelCatalog.embedder(name);
    Path lfw = LfwPairs.defaultRoot();
    List<LfwPair> pairs = LfwPairs.read(lfw.resolve("pairsDevTest.txt"), lfw.resolve("images_deepfunneled"));
    assertEquals(1000, pairs.size());
    List<Path> images = new ArrayList<>();
    pairs.forEach(p -> {
      images.add(p.first());
      images.add(p.second());
    });
    PipelineOptions options = PipelineOptions.defaults().withSelection(FaceSelection.CENTRAL);
    ModelStore store = ModelStore.locate(Optional.empty());
    Map<Path, Optional<Embedding>> emb;
    try (EmbeddingCache cache = EmbeddingCache.open(EmbeddingCache.defaultRoot(), spec, true)) {
      emb = Encoder.encodeAll(images, spec.id(), () -> Likeness.open(spec, store, options, OrtSettings.defaults()), 2,
          (d, t) -> {}, cache).embeddings();
    }
    PairScores scores = PairScores.of(pairs, emb, spec.metric());
    double accuracy = scores.accuracy(spec.maxDistance());
    System.out.printf(Locale.ROOT, "%s: LFW DevTest accuracy %.4f at threshold %.4f, %d photos without a face%n",
        name, accuracy, spec.maxDistance(), scores.missingFaces().size());
    assertTrue(accuracy >= 0.985, name + " DevTest accuracy " + accuracy + " < 0.985");

    // An empty models directory: only the calibration shipped in the jar can be found.
    Calibration shipped = new Calibrations(ModelStore.at(Path.of("no-such-models-dir"))).find(spec, true).orElseThrow(
        () -> new AssertionError("no shipped calibration for " + name));
    Calibration.Point at1e2 = shipped.at(1e-2);
    double far = scores.falseAcceptRate(at1e2.maxDistance());
    System.out.printf(Locale.ROOT, "%s: DevTest false-accept rate %.4f at the 1e-2 threshold %.4f from %s%n",
        name, far, at1e2.maxDistance(), shipped.source());
    assertTrue(far <= 3e-2, name + " realized FAR " + far + " at the 1e-2 threshold exceeds 3e-2");
  }
}
