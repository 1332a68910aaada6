package org.likeness.watch.visit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A visit's one decision: the enrolled person to open for, or why not.
 *
 * @param admitted the person the frames agreed on; empty when the visit is refused
 * @param refusal why the visit is refused; empty when it is admitted
 * @param basis the frames the decision was made on (the good frames, or every frame seen when there
 *     were too few good ones)
 * @param at the time of the frame that completed the decision
 * @param explanation one line for people, e.g. "Colin_Powell on 3 frames, nearest 0.31 (max 0.52)"
 */
public record VisitVerdict(
    Optional<String> admitted, Optional<Refusal> refusal, List<Look> basis, Instant at, String explanation) {
  public VisitVerdict {
    basis = List.copyOf(basis);
    if (admitted.isPresent() == refusal.isPresent()) {
      throw new IllegalArgumentException(
          "a verdict either admits someone or refuses, got " + admitted + " and " + refusal);
    }
    if (at == null || explanation == null) {
      throw new IllegalArgumentException("a verdict needs a time and an explanation");
    }
  }

  public static VisitVerdict admit(String person, List<Look> basis, Instant at, String explanation) {
    return new VisitVerdict(Optional.of(person), Optional.empty(), basis, at, explanation);
  }

  public static VisitVerdict refuse(Refusal why, List<Look> basis, Instant at, String explanation) {
    return new VisitVerdict(Optional.empty(), Optional.of(why), basis, at, explanation);
  }

  public boolean admits() {
    return admitted.isPresent();
  }
}
