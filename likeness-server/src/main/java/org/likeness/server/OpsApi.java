package org.likeness.server;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Supplier;
import org.likeness.error.BadInputException;
import org.likeness.gallery.search.ScanKernel;
import org.likeness.server.audit.AuditEntry;
import org.likeness.server.audit.AuditLog;
import org.likeness.server.audit.Since;
import org.likeness.server.audit.VisitRecord;
import org.likeness.server.metrics.Metrics;
import org.likeness.watch.WatchHealth;

/** The service's own routes: health, metrics, the OpenAPI document, the recent audit log and the day's visits. */
final class OpsApi {
  /** Audit rows returned when no {@code limit} is given. */
  static final int DEFAULT_AUDIT_ROWS = 50;
  /** The most audit rows one request returns. */
  static final int MAX_AUDIT_ROWS = 1000;

  /** The most visits one request returns. */
  static final int MAX_VISITS = 10_000;

  private final Supplier<String> model;
  private final Metrics metrics;
  private final AuditLog audit;
  private final Supplier<Optional<DoorCamera>> camera;
  private final Clock clock;
  private final byte[] openApi;

  /**
   * {@code model} names the model the door serves now, which a migration may change; {@code camera}
   * is the door's camera, when it runs one.
   */
  OpsApi(Supplier<String> model, Metrics metrics, AuditLog audit, Supplier<Optional<DoorCamera>> camera, Clock clock) {
    this.model = model;
    this.metrics = metrics;
    this.audit = audit;
    this.camera = camera;
    this.clock = clock;
    this.openApi = Pages.resource("openapi.json");
  }

  void health(Context ctx) {
    Optional<DoorCamera> door = camera.get();
    if (door.isEmpty()) {
      ctx.json(new ApiV1.Health("ok", model.get(), ScanKernel.active().toString(), null));
      return;
    }
    WatchHealth h = door.get().watchHealth();
    ctx.json(new ApiV1.Health(h.ok() ? "ok" : "degraded", model.get(), ScanKernel.active().toString(),
        new ApiV1.Camera(door.get().door(), h.camera(), h.since(), h.reconnects(), h.watching())));
  }

  /**
   * The visits decided at the door's camera since {@code since} (as {@code likeness audit --since}
   * takes it: {@code 24h}, {@code 2026-12-04}, ...), by default since midnight of the service's time
   * zone: the day's visits.
   */
  void visits(Context ctx) {
    String raw = ctx.queryParam("since");
    Instant from;
    if (raw == null) {
      from = LocalDate.now(clock.withZone(ZoneId.systemDefault())).atStartOfDay(ZoneId.systemDefault()).toInstant();
    } else {
      try {
        from = Since.parse(raw, clock.instant(), ZoneId.systemDefault());
      } catch (BadInputException e) {
        throw new ApiException(ErrorCode.INVALID_PARAMETER, "since: " + Uploads.clean(e.getMessage(), 200));
      }
    }
    ctx.json(new ApiV1.Visits(from.toString(),
        audit.visitsSince(from, MAX_VISITS).stream().map(VisitRecord::row).toList()));
  }

  /** Which key the caller holds: lets the pages check a key before using it. */
  void whoami(Context ctx) {
    Caller caller = LikenessServer.caller(ctx);
    ctx.json(new ApiV1.WhoAmI(caller.role().name().toLowerCase(java.util.Locale.ROOT), caller.keyName()));
  }

  void metrics(Context ctx) {
    ctx.contentType(Metrics.CONTENT_TYPE).result(metrics.scrape());
  }

  void openApi(Context ctx) {
    ctx.contentType("application/json").result(openApi);
  }

  void audit(Context ctx) {
    String raw = ctx.queryParam("limit");
    int limit = DEFAULT_AUDIT_ROWS;
    if (raw != null) {
      try {
        limit = Integer.parseInt(raw);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_AUDIT_ROWS) {
        throw new ApiException(ErrorCode.INVALID_PARAMETER,
            "limit must be a whole number in 1.." + MAX_AUDIT_ROWS + ", got '" + Uploads.clean(raw, 40) + "'");
      }
    }
    ctx.json(new ApiV1.Audit(audit.recent(limit).stream().map(AuditEntry::row).toList()));
  }
}
