package org.likeness.eval.challenge;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.likeness.eval.challenge.ChallengeBenchmark.Group;
import org.likeness.eval.challenge.ChallengeBenchmark.Kind;
import org.likeness.eval.challenge.ChallengeBenchmark.Report;
import org.likeness.liveness.challenge.ChallengePolicy;
import org.likeness.liveness.challenge.ChallengeReason;
import org.likeness.liveness.challenge.ChallengeVerdict;

/** Prints a challenge benchmark report as plain-text tables. */
public final class ChallengeTables {
  private ChallengeTables() {}

  public static void print(PrintWriter out, Report r, ChallengePolicy policy, double maxDistance) {
    out.printf(Locale.ROOT, "Liveness challenge on the %s split (%s); policy: min parallax %.3f, min turn %.3f"
            + " (eye distances, first third of the burst against the last),"
            + " frozen <= %.2f levels (at most %d pairs), %d..%d frames; same person within %.4f%n%n", r.split().label(), String.join(", ", r.split().spoofSets()),
        policy.minParallax(), policy.minTurn(), policy.maxFrozenDifference(), policy.maxFrozenPairs(),
        policy.minFrames(), policy.maxFrames(), maxDistance);
    String header = String.format(Locale.ROOT, "%-44s %5s %8s %8s %8s  %-22s %-22s  %s", "sequences", "n", "refused",
        "notflat", "passed", "parallax p5/p50/p95", "turn p5/p50/p95", "reasons");
    out.println(header);
    out.println("-".repeat(header.length() + 20));
    for (Group g : r.groups()) {
      int n = g.size();
      out.printf(Locale.ROOT, "%-44s %5d %8s %8s %8s  %-22s %-22s  %s%n", g.name(), n, pct(n - g.passed(), n),
          pct(g.notFlat(), n), pct(g.passed(), n), quantiles(g.verdicts(), ChallengeVerdict::parallax),
          quantiles(g.verdicts(), ChallengeVerdict::turn), reasons(g.reasons()));
    }
    out.println();
    out.printf(Locale.ROOT, "flat attacks refused:                      %s (target >= 99%%)%n", share(r, Kind.FLAT,
        v -> !v.passed()));
    out.printf(Locale.ROOT, "live sequences passing the parallax test:  %s (target >= 90%%)%n", share(r, Kind.LIVE,
        ChallengeVerdict::notFlat));
    out.printf(Locale.ROOT, "live sequences passing the whole challenge, asked the way they turn: %s%n",
        share(r, Kind.LIVE, ChallengeVerdict::passed));
    out.printf(Locale.ROOT, "mirrored turning live sequences refused:   %s (target >= 99%%), as WRONG_DIRECTION: %s,"
            + " measured turning the wrong way (turn <= -min turn): %s%n",
        share(r, Kind.MIRRORED, v -> !v.passed()),
        share(r, Kind.MIRRORED, v -> v.reason() == ChallengeReason.WRONG_DIRECTION),
        share(r, Kind.MIRRORED, v -> v.turn().isPresent() && v.turn().getAsDouble() <= -v.policy().minTurn()));
    out.println();
    for (String note : r.notes()) {
      out.println(note);
    }
    out.printf(Locale.ROOT, "%d frames encoded in %.0f s (%.0f ms each, one thread)%n", r.framesEncoded(),
        r.seconds(), r.framesEncoded() == 0 ? 0 : 1000 * r.seconds() / r.framesEncoded());
  }

  private static String share(Report r, Kind kind, java.util.function.Predicate<ChallengeVerdict> good) {
    List<ChallengeVerdict> all = r.of(kind).stream().flatMap(g -> g.verdicts().stream()).toList();
    long k = all.stream().filter(good).count();
    return k + "/" + all.size() + " = " + pct(k, all.size());
  }

  static String pct(long k, long n) {
    return n == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * k / n);
  }

  static String quantiles(List<ChallengeVerdict> vs, Function<ChallengeVerdict, OptionalDouble> f) {
    double[] xs = vs.stream().map(f).filter(OptionalDouble::isPresent).mapToDouble(OptionalDouble::getAsDouble)
        .sorted().toArray();
    if (xs.length == 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.3f/%.3f/%.3f", q(xs, 0.05), q(xs, 0.5), q(xs, 0.95));
  }

  static double q(double[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  }

  private static String reasons(Map<ChallengeReason, Integer> m) {
    List<String> parts = new ArrayList<>();
    m.forEach((k, v) -> parts.add(k.name() + " " + v));
    return parts.stream().collect(Collectors.joining(", "));
  }
}
