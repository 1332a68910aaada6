package org.likeness.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.likeness.compare.Metric;
import org.likeness.embed.Embedding;

/**
 * Distances of a list of pairs under one model. A pair where either photo has no detected face
 * gets an infinite distance: it counts as "different", which is what a door would decide, and it
 * is reported in {@link #missingFaces}.
 *
 * @param pairs the pairs, in order
 * @param distances one distance per pair
 * @param missingFaces photos in which no face was found
 */
public record PairScores(List<LfwPair> pairs, double[] distances, List<Path> missingFaces) {

  public static PairScores of(List<LfwPair> pairs, Map<Path, Optional<Embedding>> embeddings, Metric metric) {
    double[] d = new double[pairs.size()];
    List<Path> missing = new ArrayList<>();
    embeddings.forEach((path, e) -> {
      if (e.isEmpty()) {
        missing.add(path);
      }
    });
    for (int i = 0; i < d.length; i++) {
      Optional<Embedding> a = embeddings.get(pairs.get(i).first());
      Optional<Embedding> b = embeddings.get(pairs.get(i).second());
      d[i] = a.isPresent() && b.isPresent()
          ? metric.distance(a.get().vector(), b.get().vector())
          : Double.POSITIVE_INFINITY;
    }
    return new PairScores(pairs, d, missing);
  }

  public boolean[] labels() {
    boolean[] same = new boolean[pairs.size()];
    for (int i = 0; i < same.length; i++) {
      same[i] = pairs.get(i).same();
    }
    return same;
  }

  public double accuracy(double threshold) {
    return ThresholdChoice.accuracy(distances, labels(), threshold);
  }

  /** The share of different-person pairs accepted at {@code threshold}: the realized false-accept rate. */
  public double falseAcceptRate(double threshold) {
    boolean[] same = labels();
    int negatives = 0;
    int accepted = 0;
    for (int i = 0; i < same.length; i++) {
      if (!same[i]) {
        negatives++;
        if (distances[i] <= threshold) {
          accepted++;
        }
      }
    }
    return negatives == 0 ? Double.NaN : accepted / (double) negatives;
  }

  public double bestThreshold() {
    return ThresholdChoice.bestAccuracy(distances, labels());
  }
}
