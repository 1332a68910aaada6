package org.likeness.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.likeness.detect.DetectedFace;
import org.likeness.detect.FaceSelection;
import org.likeness.engine.Likeness;
import org.likeness.engine.Models;
import org.likeness.image.RgbImage;
import org.likeness.liveness.LivenessCheck;
import org.likeness.liveness.LivenessResult;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import org.likeness.pipeline.PipelineOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code likeness liveness IMAGE...}: whether the largest face in each photo is live or a photo or
 * screen held up to the camera, by one passive network. One line per image; {@code --json} prints
 * one JSON object per image.
 */
@Command(name = "liveness", description = "Presentation-attack check: is the largest face live, or a photo or screen?"
    + " A passive network's score against its calibrated threshold.")
final class LivenessCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Photos to check.")
  List<Path> images = new ArrayList<>();

  @Option(names = "--model", paramLabel = "NAME", description = "Liveness model (default: the shipped default).")
  String model;

  @Option(names = "--threshold", paramLabel = "SCORE",
      description = "Attack score at or above which a face is an attack (default: the model's calibration).")
  Double threshold;

  @Option(names = "--json", description = "One JSON object per image.")
  boolean json;

  @Option(names = "--models-dir", paramLabel = "DIR", description = "Models directory.")
  Path modelsDir;

  /** One image's answer, as {@code --json} prints it. */
  record Answer(String image, int faces, Boolean live, Double score, Double threshold, String reason, String model) {}

  @Override
  public Integer call() {
    ModelStore store = ModelStore.locate(Optional.ofNullable(modelsDir));
    ModelSpec s = model == null ? ModelCatalog.DEFAULT_LIVENESS : ModelCatalog.liveness(model);
    PrintWriter out = spec.commandLine().getOut();
    Models models = new Models(store, ModelOptions.ortSettings());
    try (Likeness likeness = Likeness.open(ModelCatalog.DEFAULT_EMBEDDER, store, PipelineOptions.defaults(),
            ModelOptions.ortSettings());
        LivenessCheck check = models.livenessCheck(s, Optional.ofNullable(threshold), Optional.empty())) {
      for (Path image : images) {
        RgbImage rgb = likeness.load(image);
        List<DetectedFace> faces = likeness.pipeline().detect(rgb);
        Answer a = faces.isEmpty()
            ? new Answer(image.toString(), 0, null, null, check.threshold().maxAttackScore(), "no_face", s.name())
            : answer(image, faces.size(), check.check(rgb,
                FaceSelection.LARGEST.choose(faces, rgb.width(), rgb.height()).orElseThrow()));
        if (json) {
          out.println(Json.write(a));
        } else if (a.live() == null) {
          out.println(image + ": no face");
        } else {
          out.printf(Locale.ROOT, "%s: %s (score %.4f, threshold %.4f, %s)%n", image, a.live() ? "live" : "attack",
              a.score(), a.threshold(), a.reason());
        }
      }
    }
    return 0;
  }

  private static Answer answer(Path image, int faces, LivenessResult r) {
    return new Answer(image.toString(), faces, r.live(), r.score(), r.threshold().maxAttackScore(),
        r.reason().label(), r.model());
  }
}
