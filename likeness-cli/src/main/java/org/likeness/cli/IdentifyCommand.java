package org.likeness.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.likeness.engine.Identification;
import org.likeness.engine.Likeness;
import org.likeness.gallery.Match;
import org.likeness.gallery.PersonGallery;
import org.likeness.image.RgbImage;
import org.likeness.liveness.LivenessCheck;
import org.likeness.liveness.LivenessResult;
import org.likeness.models.Calibrations;
import org.likeness.models.DecisionThreshold;
import org.likeness.models.ModelSpec;
import org.likeness.models.Thresholds;
import org.likeness.pipeline.FaceEncoding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code likeness identify}: who is this? The nearest enrolled person, or unknown. */
@Command(name = "identify", description = "Recognise the person in a photo against a gallery, or say unknown.")
final class IdentifyCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin ModelOptions models;
  @Mixin LivenessOption liveness;
  @Mixin GalleryOption gallery;

  @Option(names = "--top", paramLabel = "K", description = "How many candidates to list (default: ${DEFAULT-VALUE}).")
  int top = 5;

  @Option(names = "--far", paramLabel = "RATE", description = "Security level: the threshold calibrated for this false-accept rate, e.g. 0.001.")
  Double far;

  @Option(names = "--max-distance", paramLabel = "D", description = "Accept when the nearest person's distance is at most D (overrides --far).")
  Double maxDistance;

  @Option(names = "--json", description = "Print {\"identity\",\"distance\",\"threshold\",\"reason\",\"quality\",\"candidates\"} as JSON.")
  boolean json;

  @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Photos to identify.")
  List<Path> images;

  record Candidate(String identity, double distance) {}

  /** A failed quality check: which, the one-line message, and what the person should do. */
  record Quality(String issue, String message, String advice) {}

  record Result(String image, String identity, Double distance, double threshold, Double far, String calibration,
      String reason, Quality quality, int faces, List<Candidate> candidates, LivenessOption.Verdict liveness) {}

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    try (PersonGallery g = gallery.openExisting();
        LivenessCheck check = liveness.open(models.store()).orElse(null)) {
      if (!json) {
        out.println("image,person,distance,reason" + (check != null ? ",live,attack_score" : ""));
      }
      ModelSpec s = models.specFor(g.spec());
      // An open-set decision: by default the threshold tightens with the number of templates enrolled
      // and follows the gallery's people when they are more alike than LFW's.
      Thresholds t = new Calibrations(models.store())
          .thresholds(s, models.pipelineOptions(), Optional.ofNullable(maxDistance), Optional.ofNullable(far));
      try (LazyLikeness lazy = new LazyLikeness(models, s)) {
        for (Path image : images) {
          RgbImage img = ModelOptions.LOADER.load(image);
          Likeness face = lazy.get();
          // Encoded once: the liveness check looks at the same face the decision compares.
          FaceEncoding probe = face.encode(img);
          Identification id = face.decide(probe, g, t, top);
          Optional<LivenessResult> live = check == null ? Optional.empty()
              : probe.face().map(f -> check.check(img, f));
          // Only a gating check refuses; the shipped passive network only reports (docs/liveness.md).
          boolean spoof = live.isPresent() && live.get().refuses();
          DecisionThreshold used = id.threshold();
          Result r = new Result(image.toString(), spoof ? null : id.identity().orElse(null), id.distance().orElse(null),
              used.maxDistance(), used.far().orElse(null), used.source(),
              spoof ? "spoof" : id.reason().name().toLowerCase(Locale.ROOT),
              id.quality().map(q -> new Quality(q.issue().name(), q.message(), q.advice())).orElse(null),
              id.facesFound(),
              id.candidates().stream().map((Match m) -> new Candidate(m.identity(), m.distance())).toList(),
              live.map(LivenessOption.Verdict::of).orElse(null));
          if (json) {
            out.println(Json.write(r));
          } else {
            String who = id.facesFound() == 0 ? "no_face" : spoof ? "unknown" : id.identity().orElse("unknown");
            String why = spoof ? live.get().reason().message()
                : id.identity().isPresent() || id.facesFound() == 0 ? ""
                : id.quality().map(q -> q.message()).orElse(id.reason().text());
            String liveColumns = check == null ? "" : live.map(l -> "," + l.live() + ","
                + String.format(Locale.ROOT, "%.4f", l.score())).orElse(",,");
            out.println(image + "," + who + "," + id.distance().map(d -> String.format(Locale.ROOT, "%.4f", d)).orElse("")
                + "," + Csv.field(why) + liveColumns);
          }
        }
      }
    }
    return 0;
  }
}
