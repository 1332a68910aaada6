package org.likeness.gallery.decide;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.likeness.compare.Metric;

/**
 * A bounded, uniform sample of a gallery's templates (reservoir sampling), kept up to date as
 * templates are enrolled and removed, with the running mean distance between sampled templates of
 * different people: how alike the gallery's people are, who are all strangers to one another. Each
 * change to the sample costs one distance per sampled template, whatever the gallery's size, so a
 * gallery of a million never recomputes pairs. Thread-safe.
 */
public final class CohortSample {
  /** Templates kept by default: enough to estimate a mean distance to a fraction of a percent. */
  public static final int DEFAULT_CAPACITY = 512;

  /** People a sample must hold before it says how far apart the gallery's people are. */
  public static final int MIN_PEOPLE = 5;

  /** One sampled template. */
  public record Member(long templateId, String person, float[] vector) {}

  private final int capacity;
  private final Metric metric;
  private final SplittableRandom random;
  private final List<Member> members = new ArrayList<>();
  private final Map<String, Integer> perPerson = new HashMap<>();
  private long offered;
  private double distanceSum;
  private long pairs;

  /**
   * An empty sample of at most {@code capacity} templates compared under {@code metric}, its draws
   * seeded by {@code seed}.
   */
  public CohortSample(int capacity, Metric metric, long seed) {
    if (capacity < 2) {
      throw new IllegalArgumentException("a cohort sample needs room for at least 2 templates, got " + capacity);
    }
    if (metric == null) {
      throw new IllegalArgumentException("a cohort sample needs a metric");
    }
    this.capacity = capacity;
    this.metric = metric;
    this.random = new SplittableRandom(seed);
  }

  public int capacity() {
    return capacity;
  }

  /** Offers a newly enrolled template; it is kept with the reservoir's probability. */
  public synchronized void offer(long templateId, String person, float[] vector) {
    offered++;
    Member m = new Member(templateId, person, vector);
    if (members.size() < capacity) {
      add(m);
      return;
    }
    long slot = random.nextLong(offered);
    if (slot < capacity) {
      removeAt((int) slot);
      add(m);
    }
  }

  /** Forgets a removed template, if it was sampled. */
  public synchronized void remove(long templateId) {
    for (int i = members.size() - 1; i >= 0; i--) {
      if (members.get(i).templateId() == templateId) {
        removeAt(i);
      }
    }
  }

  /** Forgets a removed person's sampled templates. */
  public synchronized void removePerson(String person) {
    for (int i = members.size() - 1; i >= 0; i--) {
      if (members.get(i).person().equals(person)) {
        removeAt(i);
      }
    }
  }

  /** The sampled templates now, a snapshot. */
  public synchronized List<Member> members() {
    return List.copyOf(members);
  }

  /**
   * The mean distance between sampled templates of different people. Empty with fewer than
   * {@value #MIN_PEOPLE} people in the sample.
   */
  public synchronized Optional<Double> meanDistanceBetweenPeople() {
    return perPerson.size() < MIN_PEOPLE || pairs == 0 ? Optional.empty() : Optional.of(distanceSum / pairs);
  }

  private void add(Member m) {
    for (Member o : members) {
      if (!o.person().equals(m.person())) {
        distanceSum += metric.distance(m.vector(), o.vector());
        pairs++;
      }
    }
    members.add(m);
    perPerson.merge(m.person(), 1, Integer::sum);
  }

  private void removeAt(int index) {
    Member m = members.get(index);
    // Swap-remove: the order of a reservoir does not matter.
    Member last = members.remove(members.size() - 1);
    if (index < members.size()) {
      members.set(index, last);
    }
    for (Member o : members) {
      if (!o.person().equals(m.person())) {
        distanceSum -= metric.distance(m.vector(), o.vector());
        pairs--;
      }
    }
    perPerson.computeIfPresent(m.person(), (p, n) -> n == 1 ? null : n - 1);
    if (pairs == 0) {
      distanceSum = 0; // no rounding left over once nothing is summed
    }
  }
}
