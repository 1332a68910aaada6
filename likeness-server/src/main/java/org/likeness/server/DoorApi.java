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

  /** The most frames one challenge burst may carry. */
  static final int MAX_BURST = 16;

  void identify(Context ctx) {
    java.util.List<Upload> photos = uploads.images(ctx, MAX_BURST);
    ctx.json(door.identify(photos, uploads.optionalField(ctx, "challenge"), LikenessServer.caller(ctx)));
  }

  void verify(Context ctx) {
    String name = Names.require(uploads.field(ctx, "name"));
    java.util.List<Upload> photos = uploads.images(ctx, MAX_BURST);
    ctx.json(door.verify(photos, uploads.optionalField(ctx, "challenge"), name, LikenessServer.caller(ctx)));
  }

  void challenge(Context ctx) {
    ctx.json(door.challenge());
  }
}
