package org.likeness.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.likeness.server.ServerConfig;
import org.likeness.server.audit.AuditEntry;
import org.likeness.server.audit.AuditLog;
import org.likeness.server.audit.Since;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code likeness audit}: prints the door service's decisions from {@code audit.db}, oldest first,
 * as CSV or one JSON object per line. It reads the file directly, also while the service runs.
 */
@Command(name = "audit", description = "Print the door service's audit log: every identify and verify decision.")
final class AuditCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "The service's data directory (default: ~/.likeness/door).")
  Path dataDir = ServerConfig.DEFAULT_DATA_DIR;

  @Option(names = "--since", paramLabel = "WHEN", description = "Only decisions from WHEN on: 24h, 7d, 15m, 2025-05-01 or 2025-05-01T08:00:00Z (default: all).")
  String since;

  @Option(names = "--limit", paramLabel = "N", description = "At most N decisions (default: ${DEFAULT-VALUE}).")
  int limit = 10_000;

  @Option(names = "--json", description = "One JSON object per decision.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Instant from = since == null ? Instant.EPOCH : Since.parse(since, Instant.now(), ZoneId.systemDefault());
    try (AuditLog log = AuditLog.openReadOnly(AuditLog.fileIn(dataDir))) {
      List<AuditEntry> entries = log.since(from, limit);
      if (!json) {
        out.println("time,endpoint,claimed_name,identity,distance,threshold,outcome,faces,key,image_sha256,reason");
      }
      for (AuditEntry e : entries) {
        if (json) {
          out.println(Json.write(e.row()));
        } else {
          out.println(String.join(",", e.at().toString(), e.endpoint().label(), csv(e.claimedName().orElse("")),
              csv(e.identity().orElse("")), e.distance().map(d -> String.format(Locale.ROOT, "%.4f", d)).orElse(""),
              String.format(Locale.ROOT, "%.4f", e.threshold()), e.outcome().label(), Integer.toString(e.faces()),
              csv(e.keyName()), e.imageSha256(), e.reason().orElse("")));
        }
      }
    }
    return LikenessCommand.OK;
  }

  /** A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
  static String csv(String field) {
    if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
      return field;
    }
    return '"' + field.replace("\"", "\"\"") + '"';
  }
}
