package org.likeness.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.likeness.engine.DetectorChoice;
import org.likeness.engine.Likeness;
import org.likeness.eval.LfwPairs;
import org.likeness.eval.challenge.ChallengeBenchmark;
import org.likeness.eval.challenge.ChallengeSplit;
import org.likeness.eval.challenge.ChallengeTables;
import org.likeness.liveness.challenge.ChallengePolicy;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.PipelineOptions;
import org.likeness.train.ModelVariant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code likeness evaluate challenge}: the active liveness challenge against flat attacks (photos
 * moved as a plane), live video bursts and the live bursts mirrored.
 */
@Command(name = "challenge", description = "Liveness challenge benchmark: flat photo/screen attacks moved in 3-D,"
    + " live video bursts from the shared spoof sets, and those mirrored (turning the wrong way).")
final class ChallengeEvaluateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--split", paramLabel = "SPLIT",
      description = "dev (apfol, trickyf0x, LFW DevTrain people; thresholds are chosen here) or test"
          + " (alexcamargoweb, wolf-huo, LFW DevTest people; default).")
  String split = "test";

  @Option(names = "--model", paramLabel = "NAME", description = "Embedding model (default: ${DEFAULT-VALUE}).")
  String model = ModelCatalog.DEFAULT_EMBEDDER.name();

  @Option(names = "--flat-lfw", paramLabel = "N", description = "Flat attacks from LFW photos (default: 400).")
  int flatLfw = 400;

  @Option(names = "--flat-spoof", paramLabel = "N",
      description = "Flat attacks from the split's spoof attack frames (default: 100).")
  int flatSpoof = 100;

  @Option(names = "--frames", paramLabel = "N", description = "Frames per burst (default: 8).")
  int frames = 8;

  @Option(names = "--live-stride", paramLabel = "N",
      description = "Take every N-th video frame into a live burst (default: 4, so 8 frames span 29 video"
          + " frames, about a second at 30 fps, as a kiosk burst of 8 frames over 1.5 s would).")
  int liveStride = 4;

  @Option(names = "--live-step", paramLabel = "N", description = "Video frames between live bursts' starts (default: 4).")
  int liveStep = 4;

  @Option(names = "--seed", description = "Seed of every random choice (default: 17).")
  long seed = 17L;

  @Option(names = "--min-parallax", paramLabel = "EYE_DISTANCES",
      description = "Try another parallax threshold instead of the shipped one.")
  Double minParallax;

  @Option(names = "--min-turn", paramLabel = "EYE_DISTANCES", description = "Try another turn threshold instead of the shipped one.")
  Double minTurn;

  @Option(names = "--lfw", paramLabel = "DIR", description = "LFW folder (default: ../shared/data/lfw).")
  Path lfw;

  @Option(names = "--spoof", paramLabel = "DIR", description = "Spoof sets folder (default: ../shared/data/spoof).")
  Path spoof;

  @Option(names = "--dump", paramLabel = "FILE",
      description = "Write every judged burst's landmarks per frame (the five, then the 68 iBUG points when known) as CSV here, to study the statistics.")
  Path dump;

  @Option(names = "--models-dir", paramLabel = "DIR", description = "Models directory.")
  Path modelsDir;

  @Option(names = "--detector", paramLabel = "NAME",
      description = "Face detector the landmarks are found in: ultraface-two-scale, ultraface (320x240), ultraface-int8 or mtcnn (default: ${DEFAULT-VALUE}).")
  String detector = DetectorChoice.DEFAULT.cliName();

  @Override
  public Integer call() {
    ChallengeSplit s = ChallengeSplit.parse(split);
    ChallengeBenchmark.Options defaults = ChallengeBenchmark.Options.defaults(s, lfw != null ? lfw : LfwPairs.defaultRoot());
    ChallengeBenchmark.Options o = new ChallengeBenchmark.Options(s, defaults.lfwRoot(),
        spoof != null ? spoof : defaults.spoofRoot(), flatLfw, flatSpoof, frames, liveStride, liveStep, seed,
        Optional.ofNullable(dump));
    ChallengePolicy policy = ChallengePolicy.DEFAULT;
    if (minParallax != null) {
      policy = policy.withMinParallax(minParallax);
    }
    if (minTurn != null) {
      policy = policy.withMinTurn(minTurn);
    }
    ModelVariant variant = ModelVariant.parse(model);
    var m = variant.spec();
    ModelStore store = ModelStore.locate(Optional.ofNullable(modelsDir));
    DetectorChoice detectorChoice = DetectorChoice.parse(detector);
    try (Likeness likeness = Likeness.open(m, variant::open, store, PipelineOptions.defaults(), OrtSettings.defaults(),
        detectorChoice);
        ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), "challenge " + s.label())) {
      likeness.setChallengePolicy(policy);
      ChallengeBenchmark.Report r = ChallengeBenchmark.run(likeness, o, bar::update);
      bar.close();
      ChallengeTables.print(spec.commandLine().getOut(), r, policy, likeness.challengeJudge().maxDistance());
      spec.commandLine().getOut().println("model " + m.name() + ", detector " + detectorChoice.cliName());
    }
    return 0;
  }
}
