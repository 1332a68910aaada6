package org.likeness.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The admin routes under {@code /api/v1/admin/migrate}: start following a new model ({@code POST},
 * body {@code {"model": NAME}}, answered 202 while it runs in the background) and see where it
 * stands ({@code GET}). See {@link DoorMigration} for what happens meanwhile.
 */
final class MigrateApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final DoorMigration migration;

  MigrateApi(DoorMigration migration) {
    this.migration = migration;
  }

  void start(Context ctx) {
    JsonNode body;
    try {
      body = JSON.readTree(ctx.bodyAsBytes());
    } catch (IOException e) {
      throw new ApiException(ErrorCode.BAD_INPUT, "the body must be JSON {\"model\": NAME}: "
          + Uploads.clean(String.valueOf(e.getMessage()), 200));
    }
    JsonNode model = body == null ? null : body.get("model");
    if (model == null || !model.isTextual()) {
      throw new ApiException(ErrorCode.MISSING_FIELD, "the body must be JSON {\"model\": NAME}, e.g. {\"model\":"
          + " \"dlib-resnet-128\"}; got " + Uploads.clean(String.valueOf(body), 200));
    }
    ctx.status(202).json(view(migration.start(model.asText(), LikenessServer.caller(ctx))));
  }

  void status(Context ctx) {
    ctx.json(view(migration.status()));
  }

  static ApiV1.MigrationStatus view(DoorMigration.Status s) {
    return new ApiV1.MigrationStatus(s.state().label(), s.from().orElse(null), s.to().orElse(null), s.done(), s.total(),
        s.missing().stream().map(m -> new ApiV1.NeedsPhotos(m.person(), m.templates(), m.withoutChip(), m.wholePerson()))
            .toList(),
        s.error().orElse(null), s.newGallery().map(Path::toString).orElse(null),
        s.keptGallery().map(Path::toString).orElse(null), s.startedAt().map(Instant::toString).orElse(null),
        s.finishedAt().map(Instant::toString).orElse(null));
  }
}
