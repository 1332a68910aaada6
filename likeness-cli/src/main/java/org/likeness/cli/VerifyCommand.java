package org.likeness.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.likeness.embed.Embedding;
import org.likeness.engine.Likeness;
import org.likeness.error.BadInputException;
import org.likeness.image.RgbImage;
import org.likeness.liveness.LivenessCheck;
import org.likeness.models.Calibrations;
import org.likeness.models.DecisionThreshold;
import org.likeness.pipeline.FaceEncoding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code likeness verify IMAGE_A IMAGE_B}: are these two photos of the same person? */
@Command(name = "verify", description = "Decide whether two photos show the same person.")
final class VerifyCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin ModelOptions models;
  @Mixin LivenessOption liveness;

  @Option(names = "--json", description = "Print {\"distance\",\"threshold\",\"match\",\"model\",\"noFace\",\"lowQuality\"} as JSON.")
  boolean json;

  @Option(names = "--max-distance", paramLabel = "D", description = "Accept when the distance is at most D (overrides --far).")
  Double maxDistance;

  @Option(names = "--far", paramLabel = "RATE", description = "Security level: use the threshold calibrated for this false-accept rate, e.g. 0.001 (default: the best-accuracy threshold).")
  Double far;

  @Parameters(index = "0", paramLabel = "IMAGE_A")
  Path first;

  @Parameters(index = "1", paramLabel = "IMAGE_B")
  Path second;

  record Result(Double distance, double threshold, boolean match, String model, Double far, String calibration,
      List<String> noFace, List<String> lowQuality, List<Liveness> liveness) {}

  /** One image's passive liveness verdict. */
  record Liveness(String image, LivenessOption.Verdict verdict) {}

  @Override
  public Integer call() throws Exception {
    if (maxDistance != null && !(maxDistance >= 0)) {
      throw new BadInputException("--max-distance must be a non-negative number, got " + maxDistance);
    }
    // Read both images before loading any model, so bad input fails fast and names the file.
    RgbImage imageA = ModelOptions.LOADER.load(first);
    RgbImage imageB = ModelOptions.LOADER.load(second);
    Optional<LivenessCheck> check = liveness.open(models.store());
    try (Likeness face = models.open(); AutoCloseable closeCheck = () -> check.ifPresent(LivenessCheck::close)) {
      DecisionThreshold t = new Calibrations(models.store())
          .threshold(face.model(), models.pipelineOptions(), Optional.ofNullable(maxDistance), Optional.ofNullable(far));
      double threshold = t.maxDistance();
      FaceEncoding a = face.encode(imageA);
      FaceEncoding b = face.encode(imageB);
      List<String> noFace = new ArrayList<>();
      if (!a.hasFace()) {
        noFace.add(first.toString());
      }
      if (!b.hasFace()) {
        noFace.add(second.toString());
      }
      // A face below the quality floor is not guessed on: the answer is no match, with the reason.
      List<String> lowQuality = new ArrayList<>();
      a.quality().flatMap(face.qualityFloor()::check).ifPresent(v -> lowQuality.add(first + ": " + v.message()));
      b.quality().flatMap(face.qualityFloor()::check).ifPresent(v -> lowQuality.add(second + ": " + v.message()));
      List<Liveness> live = new ArrayList<>();
      if (check.isPresent()) {
        a.face().map(f -> check.get().check(imageA, f))
            .ifPresent(v -> live.add(new Liveness(first.toString(), LivenessOption.Verdict.of(v))));
        b.face().map(f -> check.get().check(imageB, f))
            .ifPresent(v -> live.add(new Liveness(second.toString(), LivenessOption.Verdict.of(v))));
      }
      // Only a gating check refuses; the shipped passive network only reports (docs/liveness.md).
      boolean refusedAsSpoof = live.stream().anyMatch(l -> !l.verdict().live() && l.verdict().gate());
      Result r;
      if (noFace.isEmpty()) {
        Embedding ea = a.embedding().orElseThrow();
        double d = face.distance(ea, b.embedding().orElseThrow());
        r = new Result(d, threshold, lowQuality.isEmpty() && !refusedAsSpoof && d <= threshold, face.model().name(),
            t.far().orElse(null), t.source(), noFace, lowQuality, live);
      } else {
        r = new Result(null, threshold, false, face.model().name(), t.far().orElse(null), t.source(), noFace,
            lowQuality, live);
      }
      var out = spec.commandLine().getOut();
      if (json) {
        out.println(Json.write(r));
      } else {
        if (r.distance() != null) {
          out.printf(Locale.ROOT, "distance: %.4f%n", r.distance());
        }
        for (String f : noFace) {
          out.println("no_face: " + f);
        }
        for (String q : lowQuality) {
          out.println("low_quality: " + q);
        }
        for (Liveness l : live) {
          out.printf(Locale.ROOT, "liveness: %s: %s (attack score %.4f, threshold %.4f, %s%s)%n", l.image(),
              l.verdict().live() ? "live" : "looks like a photo or screen", l.verdict().score(),
              l.verdict().threshold(), l.verdict().model(), l.verdict().gate() ? "" : ", reported only");
        }
        out.printf(Locale.ROOT, "threshold: %.4f (%s, %s, %s)%n", threshold, face.model().metric().name().toLowerCase(Locale.ROOT),
            face.model().name(), t.far().map(f -> "FAR " + f + " on " + t.source()).orElse(t.source()));
        out.println("match: " + r.match());
      }
    }
    return 0;
  }
}
