package org.likeness.eval;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.likeness.compare.Metric;
import org.likeness.embed.Embedding;
import org.likeness.error.BadInputException;
import org.likeness.models.Calibration;
import org.likeness.models.ModelSpec;

/**
 * Turns a labelled pair list into a {@link Calibration}. The best-accuracy threshold comes from the
 * listed pairs (the LFW protocol). The false-accept rates come from every pair of different people
 * among the list's photos, and the true-accept rates from every pair of one person's photos: LFW
 * {@code pairsDevTrain.txt} lists only 1,100 different-person pairs, too few to measure a rate
 * below 1e-3, while its 3,443 photos give about 5.9 million.
 */
public final class Calibrator {
  /** The false-accept rates a calibration includes when the photos allow (a 1-2-5 series). */
  public static final List<Double> STANDARD_FARS = List.of(
      1e-1, 5e-2, 2e-2, 1e-2, 5e-3, 2e-3, 1e-3, 5e-4, 2e-4, 1e-4, 5e-5, 2e-5, 1e-5, 5e-6, 2e-6, 1e-6);

  /** A rate is measurable when at least this many different-person pairs fall under it. */
  static final int MIN_FALSE_ACCEPTS = 5;

  private Calibrator() {}

  /** Genuine and impostor distances over every pair of distinct photos that have a face. */
  record AllPairs(double[] genuine, double[] impostor) {}

  public static Calibration calibrate(
      ModelSpec spec, boolean flip, PairScores listed, Map<Path, Optional<Embedding>> embeddings, String source,
      List<Double> extraFars) {
    AllPairs all = allPairs(embeddings, spec.metric());
    double[] impostor = all.impostor();
    double[] genuine = all.genuine();
    Arrays.sort(impostor);
    Arrays.sort(genuine);
    for (double far : extraFars) {
      if (far * impostor.length < MIN_FALSE_ACCEPTS) {
        throw new BadInputException(String.format(Locale.ROOT,
            "--target-far %g cannot be measured on %s: its %d different-person pairs allow rates down to %.1e",
            far, source, impostor.length, MIN_FALSE_ACCEPTS / (double) impostor.length));
      }
    }
    TreeSet<Double> fars = new TreeSet<>(extraFars);
    for (double far : STANDARD_FARS) {
      if (far * impostor.length >= MIN_FALSE_ACCEPTS) {
        fars.add(far);
      }
    }
    List<Calibration.Point> points = new ArrayList<>();
    for (double far : fars.descendingSet()) {
      double t = thresholdFor(impostor, far);
      points.add(new Calibration.Point(far, round(t), countAtMost(genuine, t) / (double) genuine.length));
    }
    return new Calibration(
        spec.name(), spec.sha256(), spec.metric().name().toLowerCase(Locale.ROOT), flip,
        String.format(Locale.ROOT, "%s (%d pairs; rates over all %d different-person and %d same-person photo pairs)",
            source, listed.pairs().size(), impostor.length, genuine.length),
        Instant.now().toString(), round(listed.bestThreshold()), points, round(mean(impostor)));
  }

  /**
   * The largest threshold that accepts at most {@code far} of the sorted impostor distances: halfway
   * between the last impostor allowed in and the first kept out.
   */
  static double thresholdFor(double[] sortedImpostor, double far) {
    int allowed = (int) Math.floor(far * sortedImpostor.length);
    if (allowed == 0) {
      return sortedImpostor[0] - 1e-6;
    }
    return (sortedImpostor[allowed - 1] + sortedImpostor[allowed]) / 2;
  }

  static AllPairs allPairs(Map<Path, Optional<Embedding>> embeddings, Metric metric) {
    List<float[]> vectors = new ArrayList<>();
    List<String> people = new ArrayList<>();
    embeddings.forEach((path, e) -> e.ifPresent(v -> {
      vectors.add(v.vector());
      people.add(personOf(path));
    }));
    int n = vectors.size();
    long genuineCount = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        genuineCount += people.get(i).equals(people.get(j)) ? 1 : 0;
      }
    }
    long total = (long) n * (n - 1) / 2;
    if (genuineCount == 0 || total - genuineCount == 0 || total > Integer.MAX_VALUE - 8) {
      throw new BadInputException("calibration needs photos of several people, with two or more of someone, and at most"
          + " about 65,000 photos; got " + n + " photos with " + genuineCount + " same-person pairs");
    }
    double[] genuine = new double[(int) genuineCount];
    double[] impostor = new double[(int) (total - genuineCount)];
    int g = 0;
    int m = 0;
    for (int i = 0; i < n; i++) {
      float[] a = vectors.get(i);
      for (int j = i + 1; j < n; j++) {
        double d = metric.distance(a, vectors.get(j));
        if (people.get(i).equals(people.get(j))) {
          genuine[g++] = d;
        } else {
          impostor[m++] = d;
        }
      }
    }
    return new AllPairs(genuine, impostor);
  }

  /** The person a photo shows, by the LFW layout {@code <root>/<Name>/<Name>_NNNN.jpg}. */
  static String personOf(Path photo) {
    Path parent = photo.toAbsolutePath().getParent();
    if (parent == null || parent.getFileName() == null) {
      throw new BadInputException("photo " + photo + " is not inside a <name>/ folder");
    }
    return parent.getFileName().toString();
  }

  private static int countAtMost(double[] sorted, double t) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  private static double round(double d) {
    return Math.round(d * 1e6) / 1e6;
  }
}
