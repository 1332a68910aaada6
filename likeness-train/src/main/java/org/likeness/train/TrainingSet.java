package org.likeness.train;

import java.util.ArrayList;
import java.util.List;

/**
 * The samples a head is trained on, grouped by person. Every person has at least two samples (so
 * can be an anchor with a positive) and every sample has the same dimensions.
 */
public final class TrainingSet {
  private final List<FaceSample> samples;
  private final int[][] byPerson;
  private final int dimensions;

  public TrainingSet(List<FaceSample> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("a training set needs samples, got none");
    }
    this.samples = List.copyOf(samples);
    this.dimensions = samples.get(0).dimensions();
    int people = 0;
    for (FaceSample s : samples) {
      if (s.dimensions() != dimensions) {
        throw new IllegalArgumentException(
            "samples differ in size: " + dimensions + " and " + s.dimensions() + " (person " + s.person() + ")");
      }
      people = Math.max(people, s.person() + 1);
    }
    List<List<Integer>> groups = new ArrayList<>();
    for (int p = 0; p < people; p++) {
      groups.add(new ArrayList<>());
    }
    for (int i = 0; i < samples.size(); i++) {
      groups.get(samples.get(i).person()).add(i);
    }
    byPerson = new int[people][];
    for (int p = 0; p < people; p++) {
      if (groups.get(p).size() < 2) {
        throw new IllegalArgumentException(
            "person " + p + " has " + groups.get(p).size() + " samples; every person needs at least 2 (indices must be dense)");
      }
      byPerson[p] = groups.get(p).stream().mapToInt(Integer::intValue).toArray();
    }
    if (people < 2) {
      throw new IllegalArgumentException("a training set needs at least 2 people, got " + people);
    }
  }

  public List<FaceSample> samples() {
    return samples;
  }

  public int people() {
    return byPerson.length;
  }

  public int dimensions() {
    return dimensions;
  }

  /** Indices into {@link #samples()} of person {@code p}'s samples. */
  int[] samplesOf(int p) {
    return byPerson[p];
  }
}
