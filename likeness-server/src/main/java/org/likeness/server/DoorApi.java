package org.likeness.server;

import io.javalin.http.Context;

/** The door routes: {@code POST /api/v1/identify} and {@code POST /api/v1/verify}, for either key. */
final class DoorApi {
  private final Door door;
  private final Uploads uploads;

  DoorApi(Door door, Uploads uploads) {
    this.door = door;
    this.uploads = uploads;
  }

  void identify(Context ctx) {
    Upload photo = uploads.image(ctx);
    ctx.json(door.identify(photo, LikenessServer.caller(ctx)));
  }

  void verify(Context ctx) {
    String name = Names.require(uploads.field(ctx, "name"));
    Upload photo = uploads.image(ctx);
    ctx.json(door.verify(photo, name, LikenessServer.caller(ctx)));
  }
}
