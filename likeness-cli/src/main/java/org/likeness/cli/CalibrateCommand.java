package org.likeness.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.likeness.detect.FaceSelection;
import org.likeness.engine.Likeness;
import org.likeness.error.BadInputException;
import org.likeness.eval.Calibrator;
import org.likeness.eval.EmbeddingCache;
import org.likeness.eval.Encoder;
import org.likeness.eval.LfwPair;
import org.likeness.eval.PairScores;
import org.likeness.models.Calibration;
import org.likeness.models.Calibrations;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.PipelineOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code likeness calibrate}: measure thresholds for chosen false-accept rates on labelled pairs. */
@Command(name = "calibrate", description = "Measure a model's thresholds for target false-accept rates on labelled pairs, and use them from then on.")
final class CalibrateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", paramLabel = "NAME", description = "Model (default: ${DEFAULT-VALUE}).")
  String model = ModelCatalog.DEFAULT_EMBEDDER.name();

  @Option(names = "--target-far", paramLabel = "RATE", description = "A false-accept rate to calibrate, besides 0.1, 0.01 and 0.001.")
  List<Double> targetFar = List.of();

  @Mixin DevPairsOption devPairs;

  @Option(names = "--no-flip", description = "Calibrate with the flip trick off (saved as NAME.no-flip.json; used with --no-flip).")
  boolean noFlip;

  @Option(names = "--models-dir", paramLabel = "DIR", description = "Models directory; the calibration is saved under it.")
  Path modelsDir;

  @Option(names = "--json", description = "Print the calibration as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    for (double far : targetFar) {
      if (!(far > 0 && far < 1)) {
        throw new BadInputException("--target-far must lie strictly between 0 and 1, got " + far);
      }
    }
    ModelSpec s = ModelCatalog.embedder(model);
    Path pairFile = devPairs.pairFile();
    List<LfwPair> list = devPairs.read();
    ModelStore store = ModelStore.locate(Optional.ofNullable(modelsDir));
    boolean flip = !noFlip && s.unitLength();
    PipelineOptions options = PipelineOptions.defaults().withFlip(flip).withSelection(FaceSelection.CENTRAL);
    Encoder.Result enc;
    try (EmbeddingCache cache = EmbeddingCache.open(EmbeddingCache.defaultRoot(), s, flip);
        ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), s.name())) {
      List<Path> imgs = list.stream().flatMap(p -> java.util.stream.Stream.of(p.first(), p.second())).toList();
      enc = Encoder.encodeAll(imgs, s.id(), () -> Likeness.open(s, store, options, OrtSettings.defaults()),
          Runtime.getRuntime().availableProcessors(), bar::update, cache);
    }
    PairScores scores = PairScores.of(list, enc.embeddings(), s.metric());
    Calibration c = Calibrator.calibrate(s, flip, scores, enc.embeddings(), pairFile.getFileName().toString(), targetFar);
    Calibrations calibrations = new Calibrations(store);
    calibrations.save(c, s);
    var out = spec.commandLine().getOut();
    if (json) {
      out.println(Calibrations.toJson(c));
    } else {
      out.printf(Locale.ROOT, "calibrated %s on %s%n", s.name(), c.source());
      out.printf(Locale.ROOT, "  best accuracy: max distance %.4f%n", c.bestAccuracyDistance());
      for (Calibration.Point p : c.points()) {
        out.printf(Locale.ROOT, "  FAR %-7g max distance %.4f  (TAR %.2f%%)%n", p.far(), p.maxDistance(), 100 * p.tar());
      }
      out.println("saved to " + calibrations.userFile(s, flip) + "; verify and identify use it with --far RATE"
          + (flip ? "" : " --no-flip"));
    }
    return 0;
  }
}
