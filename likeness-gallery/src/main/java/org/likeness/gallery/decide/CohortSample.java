package org.likeness.gallery.decide;

import java.util.ArrayList;
import java.util.List;
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

  /** One sampled template. */
  public record Member(long templateId, String person, float[] vector) {}

  private final int capacity;
  private final SplittableRandom random;
  private final List<Member> members = new ArrayList<>();
  private long offered;

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
      return;
    }
    long slot = random.nextLong(offered);
    if (slot < capacity) {
      members.set((int) slot, new Member(templateId, person, vector));
    }
  }

  /** Forgets a removed template, if it was sampled. */
  public synchronized void remove(long templateId) {
    members.removeIf(m -> m.templateId() == templateId);
  }

  /** Forgets a removed person's sampled templates. */
  public synchronized void removePerson(String person) {
    members.removeIf(m -> m.person().equals(person));
  }

  /** The sampled templates now, a snapshot. */
  public synchronized List<Member> members() {
    return List.copyOf(members);
  }
}
