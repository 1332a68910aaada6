package org.likeness.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.likeness.detect.FaceSelection;
import org.likeness.engine.DetectorChoice;
import org.likeness.engine.Likeness;
import org.likeness.eval.EmbeddingCache;
import org.likeness.eval.LfwEvaluation;
import org.likeness.eval.LfwPair;
import org.likeness.eval.LfwPairs;
import org.likeness.eval.LfwReport;
import org.likeness.eval.Roc;
import org.likeness.eval.RocFiles;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.PipelineOptions;
import org.likeness.train.ModelVariant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code likeness evaluate lfw}: the standard LFW View 2 protocol for one model or all. */
@Command(name = "evaluate", description = "Measure accuracy with a standard protocol.",
    subcommands = {EvaluateCommand.Lfw.class, DoorEvaluateCommand.class, LivenessEvaluateCommand.class,
        ChallengeEvaluateCommand.class})
final class EvaluateCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code likeness evaluate lfw}. */
  @Command(name = "lfw", description = "LFW View 2: 10-fold accuracy +- SE, TAR@FAR, EER, AUC, and a ROC curve (PNG and CSV).")
  static final class Lfw implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--pairs", paramLabel = "FILE", description = "Pair list (default: ../shared/data/lfw/pairs.txt).")
    Path pairs;

    @Option(names = "--images", paramLabel = "DIR", description = "Image root holding <Name>/<Name>_NNNN.jpg (default: ../shared/data/lfw/images_deepfunneled).")
    Path images;

    @Option(names = "--model", paramLabel = "NAME", description = "Model to evaluate, or BACKBONE+HEAD_FILE (default: ${DEFAULT-VALUE}).")
    String model = ModelCatalog.DEFAULT_EMBEDDER.name();

    @Option(names = "--all-models", description = "Evaluate every model, with and without flip, and print one table.")
    boolean allModels;

    @Option(names = "--detector", paramLabel = "NAME",
        description = "Face detector: ultraface-two-scale, ultraface (320x240), ultraface-int8 or mtcnn (default: ${DEFAULT-VALUE}); a non-default one has its own embedding cache.")
    String detector = DetectorChoice.DEFAULT.cliName();

    @Option(names = "--no-flip", description = "Turn the flip trick off.")
    boolean noFlip;

    @Option(names = "--models-dir", paramLabel = "DIR", description = "Models directory.")
    Path modelsDir;

    @Option(names = "--cache", paramLabel = "DIR", description = "Embedding cache (default: ~/.likeness/cache/embeddings).")
    Path cacheDir;

    @Option(names = "--out", paramLabel = "DIR", description = "Where roc.png and roc-*.csv go (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("lfw-report");

    @Option(names = "--threads", description = "Worker threads (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--json", description = "One JSON object per evaluated setting.")
    boolean json;

    record Setting(ModelVariant variant, ModelSpec spec, boolean flip) {
      String label() {
        return spec.name() + (spec.unitLength() ? (flip ? " +flip" : "") : "");
      }
    }

    @Override
    public Integer call() throws Exception {
      Path lfw = LfwPairs.defaultRoot();
      Path pairFile = pairs != null ? pairs : lfw.resolve("pairs.txt");
      Path imageDir = images != null ? images : lfw.resolve("images_deepfunneled");
      List<LfwPair> list = LfwPairs.read(pairFile, imageDir);
      ModelStore store = ModelStore.locate(Optional.ofNullable(modelsDir));
      Path cacheRoot = cacheDir != null ? cacheDir : EmbeddingCache.defaultRoot();
      List<Setting> settings = new ArrayList<>();
      if (allModels) {
        for (ModelSpec s : ModelCatalog.embedders()) {
          ModelVariant v = ModelVariant.parse(s.name());
          settings.add(new Setting(v, s, true));
          if (s.unitLength()) {
            settings.add(new Setting(v, s, false));
          }
        }
      } else {
        ModelVariant v = ModelVariant.parse(model);
        ModelSpec s = v.spec();
        settings.add(new Setting(v, s, !noFlip && s.unitLength()));
      }
      DetectorChoice detectorChoice = DetectorChoice.parse(detector);
      String detectorTag = detectorChoice == DetectorChoice.DEFAULT ? "" : switch (detectorChoice) {
        case ULTRAFACE -> ModelCatalog.FR_DETECT.name() + "-" + ModelCatalog.FR_DETECT.sha256().substring(0, 12);
        case ULTRAFACE_TWO_SCALE ->
            ModelCatalog.FR_DETECT_SMALL.name() + "-" + ModelCatalog.FR_DETECT_SMALL.sha256().substring(0, 12);
        case ULTRAFACE_INT8 ->
            ModelCatalog.FR_DETECT_INT8.name() + "-" + ModelCatalog.FR_DETECT_INT8.sha256().substring(0, 12);
        case MTCNN -> detectorChoice.cliName() + "-" + ModelCatalog.MTCNN_PNET.sha256().substring(0, 12);
      };
      var err = spec.commandLine().getErr();
      var stdout = spec.commandLine().getOut();
      List<LfwReport> reports = new ArrayList<>();
      Map<String, Roc> curves = new LinkedHashMap<>();
      for (Setting st : settings) {
        PipelineOptions options = PipelineOptions.defaults().withFlip(st.flip()).withSelection(FaceSelection.CENTRAL);
        LfwEvaluation.Outcome o;
        try (EmbeddingCache cache = EmbeddingCache.open(cacheRoot, st.spec(), st.flip(), detectorTag);
            ProgressBar bar = new ProgressBar(err, st.label())) {
          o = LfwEvaluation.run(st.label(), st.spec().id(), st.spec().metric(), st.spec().dimensions(), st.flip(), list,
              () -> Likeness.open(st.spec(), st.variant()::open, store, options, OrtSettings.defaults(), detectorChoice), threads, bar::update, cache);
        }
        reports.add(o.report());
        curves.put(st.label(), o.roc());
        RocFiles.writeCsv(o.roc(), out.resolve("roc-" + st.label().replace(" +", "-") + ".csv"));
        if (json) {
          stdout.println(Json.write(o.report()));
        }
      }
      RocFiles.writePng(curves, "LFW " + pairFile.getFileName() + " ROC", out.resolve("roc.png"));
      if (!json) {
        printTable(stdout, reports);
        stdout.println("ROC curves: " + out.resolve("roc.png") + " and " + out.resolve("roc-*.csv"));
      }
      return 0;
    }

    static void printTable(java.io.PrintWriter out, List<LfwReport> rows) {
      out.println("| model | accuracy ± SE | TAR@FAR=1e-3 | TAR@FAR=1e-2 | EER | AUC | ms/face | dims | no face |");
      out.println("|---|---|---|---|---|---|---|---|---|");
      for (LfwReport r : rows) {
        out.printf(Locale.ROOT, "| %s | %.2f ± %.2f%% | %.2f%% | %.2f%% | %.2f%% | %.4f | %s | %d | %d |%n",
            r.model(), 100 * r.accuracy(), 100 * r.standardError(), 100 * r.tarAt1e3(), 100 * r.tarAt1e2(),
            100 * r.eer(), r.auc(), Double.isNaN(r.msPerFace()) ? "cached" : String.format(Locale.ROOT, "%.1f", r.msPerFace()),
            r.dimensions(), r.missingFaces());
      }
    }
  }
}
