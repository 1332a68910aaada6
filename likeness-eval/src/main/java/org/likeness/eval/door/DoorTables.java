package org.likeness.eval.door;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Prints door benchmark reports as the Markdown tables the README carries. */
public final class DoorTables {
  private DoorTables() {}

  /** Verification: one row per model, variant and policy, variant pairs and clean-vs-variant side by side. */
  public static void verification(PrintWriter out, List<DoorBenchmark.Report> reports) {
    out.println("| model | variant | face px | policy | pairs | no face | refused for quality | accuracy | same accepted"
        + " | different accepted | mixed: accuracy | mixed: same accepted | mixed: different accepted |");
    out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (DoorBenchmark.Report r : reports) {
      for (DoorBenchmark.VerifyRow v : r.verification()) {
        if (v.mixed()) {
          continue;
        }
        DoorBenchmark.VerifyRow m = r.verification().stream()
            .filter(x -> x.mixed() && x.variant() == v.variant() && x.policy().equals(v.policy())).findFirst()
            .orElse(null);
        out.printf(Locale.ROOT, "| %s | %s | %d | %s | %d | %d | %d | %s | %s | %s | %s | %s | %s |%n", r.model(),
            v.variant().label(), v.variant().faceWidth(), v.policy(), v.pairs(), v.noFace(), v.lowQuality(),
            pct(v.accuracy()), pct(v.acceptedSame()), pct(v.acceptedDifferent()),
            m == null ? "-" : pct(m.accuracy()), m == null ? "-" : pct(m.acceptedSame()),
            m == null ? "-" : pct(m.acceptedDifferent()));
      }
    }
  }

  /** Open-set identification: one row per model, variant, gallery size and policy. */
  public static void openSet(PrintWriter out, List<DoorBenchmark.Report> reports) {
    out.println("| model | variant | gallery | policy | staff probes | strangers | no face | refused for quality"
        + " | rank-1 | staff accepted | wrong person accepted | strangers turned away |");
    out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (DoorBenchmark.Report r : reports) {
      for (DoorBenchmark.OpenSetRow o : r.openSet()) {
        out.printf(Locale.ROOT, "| %s | %s | %d | %s | %d | %d | %d | %d | %s | %s | %s | %s |%n", r.model(),
            o.variant().label(), o.gallerySize(), o.policy(), o.staffProbes(), o.strangerProbes(), o.noFace(),
            o.lowQuality(), pct(o.rank1()), pct(o.staffAccepted()), pct(o.wrongAccepted()), pct(o.strangersRefused()));
      }
    }
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }
}
