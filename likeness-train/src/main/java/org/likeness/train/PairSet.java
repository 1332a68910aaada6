package org.likeness.train;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.likeness.eval.ThresholdChoice;

/**
 * Verification pairs drawn from held-out people, half same-person and half different-person, and
 * the accuracy a threshold reaches on them.
 *
 * @param first index of each pair's first face
 * @param second index of each pair's second face
 * @param same whether each pair shows one person
 */
public record PairSet(int[] first, int[] second, boolean[] same) {
  public PairSet {
    if (first.length != second.length || first.length != same.length) {
      throw new IllegalArgumentException(
          "pair arrays differ in length: " + first.length + ", " + second.length + ", " + same.length);
    }
  }

  public int size() {
    return same.length;
  }

  /**
   * Up to {@code maxPairs} pairs, as many same as different, seeded. Same pairs are taken round-robin
   * over the people (each person's pairs in random order), so one person with many photos does not
   * dominate; different pairs join two random faces of two random different people.
   *
   * @param personOf the person of each face
   */
  public static PairSet sample(int[] personOf, int maxPairs, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int people = 0;
    for (int p : personOf) {
      people = Math.max(people, p + 1);
    }
    List<List<Integer>> faces = new ArrayList<>();
    for (int p = 0; p < people; p++) {
      faces.add(new ArrayList<>());
    }
    for (int i = 0; i < personOf.length; i++) {
      faces.get(personOf[i]).add(i);
    }
    int half = maxPairs / 2;
    List<List<int[]>> samePerPerson = new ArrayList<>();
    for (List<Integer> f : faces) {
      List<int[]> pairs = new ArrayList<>();
      for (int a = 0; a < f.size(); a++) {
        for (int b = a + 1; b < f.size(); b++) {
          pairs.add(new int[] {f.get(a), f.get(b)});
        }
      }
      shuffle(pairs, random);
      samePerPerson.add(pairs.subList(0, Math.min(pairs.size(), half)));
    }
    List<int[]> same = new ArrayList<>();
    for (int round = 0; same.size() < half; round++) {
      boolean any = false;
      for (List<int[]> pairs : samePerPerson) {
        if (round < pairs.size() && same.size() < half) {
          same.add(pairs.get(round));
          any = true;
        }
      }
      if (!any) {
        break;
      }
    }
    int n = same.size();
    List<Integer> withFaces = new ArrayList<>();
    for (int p = 0; p < people; p++) {
      if (!faces.get(p).isEmpty()) {
        withFaces.add(p);
      }
    }
    if (n == 0 || withFaces.size() < 2) {
      throw new IllegalArgumentException(
          "cannot build validation pairs from " + withFaces.size() + " people and " + personOf.length
              + " faces: need 2 or more people, one with 2 or more faces");
    }
    List<int[]> different = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    for (int tries = 0; different.size() < n && tries < 100 * n; tries++) {
      int pa = withFaces.get(random.nextInt(withFaces.size()));
      int pb = withFaces.get(random.nextInt(withFaces.size()));
      if (pa == pb) {
        continue;
      }
      int a = faces.get(pa).get(random.nextInt(faces.get(pa).size()));
      int b = faces.get(pb).get(random.nextInt(faces.get(pb).size()));
      if (seen.add((long) Math.min(a, b) * personOf.length + Math.max(a, b))) {
        different.add(new int[] {a, b});
      }
    }
    n = Math.min(n, different.size());
    List<Labeled> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(new Labeled(same.get(i), true));
      all.add(new Labeled(different.get(i), false));
    }
    shuffle(all, random);
    int[] f = new int[all.size()];
    int[] s = new int[all.size()];
    boolean[] l = new boolean[all.size()];
    for (int i = 0; i < all.size(); i++) {
      f[i] = all.get(i).pair()[0];
      s[i] = all.get(i).pair()[1];
      l[i] = all.get(i).same();
    }
    return new PairSet(f, s, l);
  }

  private record Labeled(int[] pair, boolean same) {}

  /** Cosine distance of each pair, given unit embeddings indexed as the faces are. */
  public double[] distances(float[][] unitEmbeddings) {
    double[] d = new double[size()];
    for (int i = 0; i < d.length; i++) {
      float[] a = unitEmbeddings[first[i]];
      float[] b = unitEmbeddings[second[i]];
      double dot = 0;
      for (int j = 0; j < a.length; j++) {
        dot += (double) a[j] * b[j];
      }
      d[i] = 1 - dot;
    }
    return d;
  }

  /**
   * Two-fold cross-validated accuracy: the threshold is chosen by {@link ThresholdChoice} on one
   * half of the pairs and applied to the other, both ways round, and the correct decisions are
   * counted over all pairs. Unlike best-threshold accuracy, no pair helps choose its own threshold.
   */
  public double crossValidatedAccuracy(double[] distances) {
    int n = size();
    int h = n / 2;
    if (h == 0) {
      throw new IllegalArgumentException("need at least 2 pairs for a two-fold accuracy, got " + n);
    }
    double[] da = java.util.Arrays.copyOfRange(distances, 0, h);
    double[] db = java.util.Arrays.copyOfRange(distances, h, n);
    boolean[] la = java.util.Arrays.copyOfRange(same, 0, h);
    boolean[] lb = java.util.Arrays.copyOfRange(same, h, n);
    double accB = ThresholdChoice.accuracy(db, lb, ThresholdChoice.bestAccuracy(da, la));
    double accA = ThresholdChoice.accuracy(da, la, ThresholdChoice.bestAccuracy(db, lb));
    return (accA * h + accB * (n - h)) / n;
  }

  /** The accuracy-maximizing threshold over all pairs. */
  public double bestThreshold(double[] distances) {
    return ThresholdChoice.bestAccuracy(distances, same);
  }

  private static <T> void shuffle(List<T> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
  }
}
