package org.likeness.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.likeness.engine.Likeness;
import org.likeness.engine.Models;
import org.likeness.eval.LfwPair;
import org.likeness.eval.LfwPairs;
import org.likeness.eval.liveness.PadData;
import org.likeness.eval.liveness.PadMetrics;
import org.likeness.eval.liveness.PadReport;
import org.likeness.eval.liveness.PadSample;
import org.likeness.eval.liveness.PadScoring;
import org.likeness.image.ImageLoader;
import org.likeness.liveness.LivenessScorer;
import org.likeness.models.LivenessCalibration;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.PipelineOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code likeness evaluate liveness}: APCER, BPCER and ACER per presentation-attack set, with
 * thresholds chosen on some sets and reported on the others, plus BPCER on live LFW photos.
 */
@Command(name = "liveness", description = "Presentation-attack detection: APCER, BPCER, ACER per set (DIR/<set>/real,"
    + " DIR/<set>/fake), APCER at BPCER 5% and 10%, AUC, a DET curve, BPCER on LFW and ms per face.")
final class LivenessEvaluateCommand implements Callable<Integer> {
  /** The live-face rate the shipped threshold may refuse on the development sets. */
  static final double CALIBRATION_BPCER = 0.10;

  /** The set name of the live LFW photos, apart from the attack sets. */
  static final String LFW_SET = "lfw-devtest";

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Sets as DIR/<set>/real/* and DIR/<set>/fake/* (default: ../shared/data/spoof).")
  Path data = Path.of("..", "shared", "data", "spoof");

  @Option(names = "--model", paramLabel = "NAME", split = ",",
      description = "Liveness models, comma-separated (default: all).")
  List<String> models = ModelCatalog.livenessModels().stream().map(ModelSpec::name).toList();

  @Option(names = "--choose-on", paramLabel = "SET", split = ",",
      description = "Development sets: thresholds are chosen on these, the others are reported (default: apfol,trickyf0x).")
  List<String> chooseOn = PadData.DEVELOPMENT_SETS;

  @Option(names = "--calibrate", description = "Choose each threshold on the development sets (refusing at most "
      + "10% of their live faces) instead of using the shipped calibration.")
  boolean calibrate;

  @Option(names = "--write-calibration", paramLabel = "DIR",
      description = "With --calibrate: write each model's calibration JSON into DIR.")
  Path writeCalibration;

  @Option(names = "--det", paramLabel = "FILE", description = "Write the DET curves as PNG (default: liveness-det.png).")
  Path det = Path.of("liveness-det.png");

  @Option(names = "--lfw", paramLabel = "DIR", description = "LFW folder (default: ../shared/data/lfw).")
  Path lfw;

  @Option(names = "--lfw-photos", paramLabel = "N",
      description = "Live LFW photos of DevTest people for BPCER on press photos (default: ${DEFAULT-VALUE}; 0 skips).")
  int lfwPhotos = 500;

  @Option(names = "--models-dir", paramLabel = "DIR", description = "Models directory.")
  Path modelsDir;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ModelStore store = ModelStore.locate(Optional.ofNullable(modelsDir));
    List<ModelSpec> specs = models.stream().map(ModelCatalog::liveness).toList();
    List<String> sets = PadData.sets(data);
    for (String s : chooseOn) {
      if (!sets.contains(s)) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "--choose-on names set '" + s + "', which is not under " + data + " (sets: " + String.join(", ", sets) + ")");
      }
    }
    List<PadSample> samples = new ArrayList<>();
    sets.forEach(s -> samples.addAll(PadData.read(data, s)));
    List<PadSample> lfwSamples = lfwPhotos > 0 ? lfwSamples(lfw != null ? lfw : LfwPairs.defaultRoot(), lfwPhotos)
        : List.of();

    Models m = new Models(store, OrtSettings.defaults());
    List<LivenessScorer> scorers = new ArrayList<>();
    PadScoring.Result result;
    PadScoring.Result lfwResult;
    ImageLoader loader = new ImageLoader();
    try (Likeness likeness = Likeness.open(ModelCatalog.DEFAULT_EMBEDDER, store, PipelineOptions.defaults(),
        OrtSettings.defaults())) {
      for (ModelSpec s : specs) {
        scorers.add(m.livenessScorer(s));
      }
      try (ProgressBar bar = new ProgressBar(err, "attack sets")) {
        result = PadScoring.score(samples, likeness.pipeline(), loader, scorers, d -> bar.update(d, samples.size()));
      }
      try (ProgressBar bar = new ProgressBar(err, "LFW live photos")) {
        lfwResult = PadScoring.score(lfwSamples, likeness.pipeline(), loader, scorers,
            d -> bar.update(d, lfwSamples.size()));
      }
    } finally {
      scorers.forEach(LivenessScorer::close);
    }

    List<String> dev = sets.stream().filter(chooseOn::contains).toList();
    double[] thresholds = new double[specs.size()];
    for (int k = 0; k < specs.size(); k++) {
      ModelSpec s = specs.get(k);
      if (calibrate) {
        thresholds[k] = PadMetrics.thresholdForBpcer(PadScoring.scores(result, k, dev, false), CALIBRATION_BPCER);
      } else {
        final int idx = k;
        thresholds[k] = LivenessCalibration.shipped(s).map(LivenessCalibration::maxAttackScore)
            .orElseThrow(() -> new picocli.CommandLine.ParameterException(spec.commandLine(),
                "model " + specs.get(idx).name() + " has no shipped liveness calibration; use --calibrate"));
      }
    }
    Map<String, List<String>> groups = PadReport.groups(sets, chooseOn);
    out.println("Presentation-attack detection on " + data + " (thresholds " + (calibrate
        ? "chosen here: at most " + Math.round(100 * CALIBRATION_BPCER) + "% of live faces refused on " + dev
        : "as shipped") + "; rows marked dev were used to choose them).");
    out.println();
    out.print(PadReport.table(result, groups, thresholds));
    out.println();
    if (!lfwSamples.isEmpty()) {
      out.println("Live press photos (LFW DevTest people), and the time per face:");
      out.println();
      out.print(PadReport.lfwTable(lfwResult, thresholds, result.medianMillis()));
      out.println();
    }
    // One curve per model for the pooled development and report sets (every set when there are no pools).
    Map<String, List<String>> pooled = new java.util.LinkedHashMap<>();
    groups.forEach((name, members) -> {
      if (name.endsWith("pooled")) {
        pooled.put(name, members);
      }
    });
    PadReport.writeDet(result, pooled.isEmpty() ? groups : pooled, det);
    out.println("DET curves: " + det);
    if (calibrate && writeCalibration != null) {
      List<String> report = sets.stream().filter(s -> !chooseOn.contains(s)).toList();
      Files.createDirectories(writeCalibration);
      for (int k = 0; k < specs.size(); k++) {
        PadMetrics onDev = PadReport.metrics(result, k, dev, thresholds[k]);
        PadMetrics onReport = PadReport.metrics(result, k, report, thresholds[k]);
        // A gate by default only when, at this threshold, the sets not used to choose show APCER <= 10%
        // and BPCER <= 10%, and live press photos are not refused more often either.
        PadMetrics onLfw = PadMetrics.of(PadScoring.scores(lfwResult, k, List.of(LFW_SET), false), new double[0],
            thresholds[k]);
        boolean gate = !report.isEmpty() && onReport.apcer() <= 0.10 && onReport.bpcer() <= 0.10
            && (lfwSamples.isEmpty() || onLfw.bpcer() <= 0.10);
        LivenessCalibration c = new LivenessCalibration(specs.get(k).name(), specs.get(k).sha256(), thresholds[k],
            gate, onDev.bpcer(), onDev.apcer(), String.format(Locale.ROOT,
                "attack score refusing at most %d%% of live faces on %s (likeness evaluate liveness --calibrate)",
                Math.round(100 * CALIBRATION_BPCER), String.join(", ", dev)));
        Path f = writeCalibration.resolve(specs.get(k).name() + ".json");
        Files.writeString(f, c.toJson() + "\n");
        out.println("wrote " + f + (gate ? " (gate)" : " (reported score, not a gate)"));
      }
    }
    return 0;
  }

  /** Up to {@code n} photos of LFW DevTest people (pairsDevTest.txt), in a fixed order. */
  static List<PadSample> lfwSamples(Path root, int n) {
    List<LfwPair> pairs = LfwPairs.read(root.resolve("pairsDevTest.txt"), root.resolve("images_deepfunneled"));
    return pairs.stream().flatMap(p -> Stream.of(p.first(), p.second())).distinct().sorted().limit(n)
        .map(p -> new PadSample(LFW_SET, false, p)).toList();
  }
}
