package org.likeness.gallery.decide;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.likeness.compare.Metric;
import java.util.SplittableRandom;

/**
 * A bounded, uniform sample of a gallery's templates (reservoir sampling), kept up to date as
 * templates are enrolled and removed, so a decision can see how a probe scores against the
 * gallery's people at large without touching all of them: a gallery of a million templates costs
 * the same {@link #capacity} dot products per probe as one of a thousand, and enrolling never
 * recomputes anything. Thread-safe.
 */
public final class CohortSample {
  /** Templates kept by default: enough to estimate a mean and spread to a few percent. */
  public static final int DEFAULT_CAPACITY = 512;

  /** People a sample must hold before it says how far apart the gallery's people are. */
  public static final int MIN_PEOPLE = 5;

  /** One sampled template. */
  public record Member(long templateId, String person, float[] vector) {}

  private final int capacity;
  private final SplittableRandom random;
  private final List<Member> members = new ArrayList<>();
  private long offered;
  private long version;
  private long meanVersion = -1;
  private Optional<Double> mean = Optional.empty();

  /** An empty sample of at most {@code capacity} templates, its draws seeded by {@code seed}. */
  public CohortSample(int capacity, long seed) {
    if (capacity < 2) {
      throw new IllegalArgumentException("a cohort sample needs room for at least 2 templates, got " + capacity);
    }
    this.capacity = capacity;
    this.random = new SplittableRandom(seed);
  }

  public int capacity() {
    return capacity;
  }

  /** Offers a newly enrolled template; it is kept with the reservoir's probability. */
  public synchronized void offer(long templateId, String person, float[] vector) {
    offered++;
    if (members.size() < capacity) {
      members.add(new Member(templateId, person, vector));
      version++;
      return;
    }
    long slot = random.nextLong(offered);
    if (slot < capacity) {
      members.set((int) slot, new Member(templateId, person, vector));
      version++;
    }
  }

  /** Forgets a removed template, if it was sampled. */
  public synchronized void remove(long templateId) {
    if (members.removeIf(m -> m.templateId() == templateId)) {
      version++;
    }
  }

  /** Forgets a removed person's sampled templates. */
  public synchronized void removePerson(String person) {
    if (members.removeIf(m -> m.person().equals(person))) {
      version++;
    }
  }

  /**
   * The mean {@code metric} distance between sampled templates of different people: how far apart
   * this gallery's people are from one another, who are all strangers to each other. Empty with
   * fewer than {@value #MIN_PEOPLE} people in the sample. Recomputed only after the sample changed
   * (at most {@code capacity^2 / 2} distances, about 130,000 for the default).
   */
  public synchronized Optional<Double> meanDistanceBetweenPeople(Metric metric) {
    if (meanVersion == version) {
      return mean;
    }
    long people = members.stream().map(Member::person).distinct().count();
    if (people < MIN_PEOPLE) {
      mean = Optional.empty();
    } else {
      double sum = 0;
      long pairs = 0;
      for (int i = 0; i < members.size(); i++) {
        Member a = members.get(i);
        for (int j = i + 1; j < members.size(); j++) {
          Member b = members.get(j);
          if (!a.person().equals(b.person())) {
            sum += metric.distance(a.vector(), b.vector());
            pairs++;
          }
        }
      }
      mean = Optional.of(sum / pairs);
    }
    meanVersion = version;
    return mean;
  }

  /** The sampled templates now, a snapshot. */
  public synchronized List<Member> members() {
    return List.copyOf(members);
  }
}
