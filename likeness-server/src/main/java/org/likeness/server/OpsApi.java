package org.likeness.server;

import io.javalin.http.Context;
import java.util.function.Supplier;
import org.likeness.gallery.search.ScanKernel;
import org.likeness.server.audit.AuditEntry;
import org.likeness.server.audit.AuditLog;
import org.likeness.server.metrics.Metrics;

/** The service's own routes: health, metrics, the OpenAPI document and the recent audit log. */
final class OpsApi {
  /** Audit rows returned when no {@code limit} is given. */
  static final int DEFAULT_AUDIT_ROWS = 50;
  /** The most audit rows one request returns. */
  static final int MAX_AUDIT_ROWS = 1000;

  private final Supplier<String> model;
  private final Metrics metrics;
  private final AuditLog audit;
  private final byte[] openApi;

  /** {@code model} names the model the door serves now, which a migration may change. */
  OpsApi(Supplier<String> model, Metrics metrics, AuditLog audit) {
    this.model = model;
    this.metrics = metrics;
    this.audit = audit;
    this.openApi = Pages.resource("openapi.json");
  }

  void health(Context ctx) {
    ctx.json(new ApiV1.Health("ok", model.get(), ScanKernel.active().toString()));
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
