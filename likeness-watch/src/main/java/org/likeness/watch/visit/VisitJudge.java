package org.likeness.watch.visit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.likeness.engine.Identification;
import org.likeness.gallery.decide.DecisionReason;
import org.likeness.quality.QualityVerdict;

/**
 * Decides one visit, once: gathers the looks at one track's face and, when {@link
 * VisitPolicy#framesToDecide()} of them have passed the quality floor, admits the person they all
 * name or refuses the visit. A track that stays {@link VisitPolicy#maxUndecided()} in view without
 * enough good frames is refused as {@link Refusal#LOW_QUALITY}; one that ends before either is
 * refused as {@link Refusal#LEFT_UNDECIDED}, unless it was only a glimpse (see {@link #leave}). After its verdict a judge ignores further looks: the
 * same person staying in view is never decided on again. Not thread-safe.
 */
public final class VisitJudge {
  private final VisitPolicy policy;
  private final Instant firstSeen;
  private final List<Look> good = new ArrayList<>();
  private final List<Look> all = new ArrayList<>();
  private VisitVerdict verdict;

  /** A judge for a visit whose track was first seen at {@code firstSeen}. */
  public VisitJudge(VisitPolicy policy, Instant firstSeen) {
    if (policy == null || firstSeen == null) {
      throw new IllegalArgumentException("a visit judge needs a policy and a first sighting, got " + policy + ", "
          + firstSeen);
    }
    this.policy = policy;
    this.firstSeen = firstSeen;
  }

  /** Frames the judge has looked at so far. */
  public int frames() {
    return all.size();
  }

  /** Whether the visit has its verdict. */
  public boolean decided() {
    return verdict != null;
  }

  /** The verdict, once there is one. */
  public Optional<VisitVerdict> verdict() {
    return Optional.ofNullable(verdict);
  }

  /**
   * Takes one more frame's look at the face; returns the verdict when this look completes it, and
   * empty otherwise, including every look after the verdict.
   */
  public Optional<VisitVerdict> look(Look look) {
    if (decided()) {
      return Optional.empty();
    }
    all.add(look);
    if (look.good()) {
      good.add(look);
    }
    if (good.size() >= policy.framesToDecide()) {
      verdict = judge(good, look.at());
      return Optional.of(verdict);
    }
    if (Duration.between(firstSeen, look.at()).compareTo(policy.maxUndecided()) >= 0) {
      verdict = VisitVerdict.refuse(Refusal.LOW_QUALITY, all, look.at(),
          "only " + good.size() + " of " + all.size() + " frames good enough in "
              + Duration.between(firstSeen, look.at()).toMillis() + " ms, need " + policy.framesToDecide()
              + lastQualityProblem().map(q -> "; last: " + q.message()).orElse(""));
      return Optional.of(verdict);
    }
    return Optional.empty();
  }

  /**
   * The track ended at {@code at}: the verdict if the visit was still undecided, else empty. A track
   * seen in fewer frames than {@link VisitPolicy#framesToDecide()} is a glimpse, not a visit (a face
   * half hidden behind another for a frame, a poster caught while the camera pans): it gets no
   * verdict, and its end is all that is told.
   */
  public Optional<VisitVerdict> leave(Instant at) {
    if (decided() || all.size() < policy.framesToDecide()) {
      return Optional.empty();
    }
    verdict = VisitVerdict.refuse(Refusal.LEFT_UNDECIDED, all, at,
        "left after " + all.size() + " frames, " + good.size() + " good enough, before " + policy.framesToDecide());
    return Optional.of(verdict);
  }

  private Optional<QualityVerdict> lastQualityProblem() {
    for (int i = all.size() - 1; i >= 0; i--) {
      Optional<QualityVerdict> q = all.get(i).identification().quality();
      if (q.isPresent()) {
        return q;
      }
    }
    return Optional.empty();
  }

  /** The decision on {@code basis}, all good frames: the gallery, then liveness, then the names. */
  static VisitVerdict judge(List<Look> basis, Instant at) {
    if (basis.stream().anyMatch(l -> l.identification().reason() == DecisionReason.EMPTY_GALLERY)) {
      return VisitVerdict.refuse(Refusal.EMPTY_GALLERY, basis, at, "nobody is enrolled");
    }
    long spoofed = basis.stream().filter(Look::spoofed).count();
    if (spoofed > 0) {
      double worst = basis.stream().flatMap(l -> l.liveness().stream()).mapToDouble(r -> r.score()).max().orElseThrow();
      return VisitVerdict.refuse(Refusal.SPOOF, basis, at, spoofed + " of " + basis.size()
          + " frames look like a photo or a screen (attack score up to " + format(worst) + ")");
    }
    Set<String> named = new TreeSet<>();
    long matched = 0;
    for (Look l : basis) {
      Optional<String> who = l.identification().identity();
      if (who.isPresent()) {
        named.add(who.get());
        matched++;
      }
    }
    if (named.isEmpty()) {
      return VisitVerdict.refuse(Refusal.STRANGER, basis, at, "nobody close on " + basis.size() + " frames, nearest "
          + nearest(basis));
    }
    if (named.size() > 1 || matched < basis.size()) {
      return VisitVerdict.refuse(Refusal.UNCERTAIN, basis, at, matched + " of " + basis.size()
          + " frames matched, naming " + String.join(", ", named) + "; nearest " + nearest(basis));
    }
    return VisitVerdict.admit(named.iterator().next(), basis, at,
        named.iterator().next() + " on " + basis.size() + " frames, nearest " + nearest(basis));
  }

  /** The smallest distance among the looks and the threshold it was held to, e.g. "0.31 (max 0.52)". */
  private static String nearest(List<Look> looks) {
    Look best = null;
    for (Look l : looks) {
      if (l.identification().distance().isPresent() && (best == null
          || l.identification().distance().get() < best.identification().distance().get())) {
        best = l;
      }
    }
    if (best == null) {
      return "none";
    }
    Identification id = best.identification();
    return format(id.distance().get()) + " (max " + format(id.threshold().maxDistance()) + ")";
  }

  private static String format(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
