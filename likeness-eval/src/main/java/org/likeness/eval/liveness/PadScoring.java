package org.likeness.eval.liveness;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.likeness.detect.DetectedFace;
import org.likeness.detect.FaceSelection;
import org.likeness.image.ImageLoader;
import org.likeness.image.RgbImage;
import org.likeness.liveness.LivenessScorer;
import org.likeness.pipeline.FacePipeline;

/**
 * Scores photos with every presentation-attack network: the production detector finds the largest
 * face, then each scorer cuts its own crop from the photo. One thread, so the time per face is the
 * network's own.
 */
public final class PadScoring {
  /**
   * One photo's scores.
   *
   * @param sample the photo
   * @param scores one attack score per scorer, in the scorers' order; empty when no face was found
   */
  public record Scored(PadSample sample, Optional<double[]> scores) {}

  /** The scores and the median milliseconds per face of each scorer. */
  public record Result(List<String> models, List<Scored> scored, double[] medianMillis) {}

  private PadScoring() {}

  public static Result score(List<PadSample> samples, FacePipeline pipeline, ImageLoader loader,
      List<LivenessScorer> scorers, IntConsumer progress) {
    List<Scored> out = new ArrayList<>(samples.size());
    List<double[]> millis = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      PadSample s = samples.get(i);
      RgbImage image = loader.load(s.file());
      Optional<DetectedFace> face = FaceSelection.LARGEST.choose(pipeline.detect(image), image.width(), image.height());
      if (face.isEmpty()) {
        out.add(new Scored(s, Optional.empty()));
      } else {
        double[] scores = new double[scorers.size()];
        double[] ms = new double[scorers.size()];
        for (int k = 0; k < scorers.size(); k++) {
          long t0 = System.nanoTime();
          scores[k] = scorers.get(k).attackScore(image, face.get());
          ms[k] = (System.nanoTime() - t0) / 1e6;
        }
        millis.add(ms);
        out.add(new Scored(s, Optional.of(scores)));
      }
      progress.accept(i + 1);
    }
    double[] median = new double[scorers.size()];
    for (int k = 0; k < scorers.size(); k++) {
      final int m = k;
      double[] col = millis.stream().mapToDouble(a -> a[m]).sorted().toArray();
      median[k] = col.length == 0 ? Double.NaN : col[col.length / 2];
    }
    return new Result(scorers.stream().map(LivenessScorer::name).toList(), List.copyOf(out), median);
  }

  /** Scores of model {@code k} for the photos of {@code sets} that are attacks (or live ones). */
  public static double[] scores(Result r, int k, List<String> sets, boolean attack) {
    return r.scored().stream()
        .filter(s -> s.sample().attack() == attack && sets.contains(s.sample().set()) && s.scores().isPresent())
        .mapToDouble(s -> s.scores().get()[k]).toArray();
  }

  /** How many photos of {@code sets} had no face. */
  public static int noFace(Result r, List<String> sets) {
    return (int) r.scored().stream().filter(s -> sets.contains(s.sample().set()) && s.scores().isEmpty()).count();
  }
}
