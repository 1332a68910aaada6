package org.likeness.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The kiosk page ({@code /}), the admin page ({@code /admin}) and their static files: plain HTML,
 * CSS and JavaScript from the jar, no build step. Only the files listed here are served.
 */
final class Pages {
  /** The static files under {@code /static/}, with their content types. */
  static final Map<String, String> ASSETS = Map.of(
      "door.css", "text/css; charset=utf-8",
      "common.js", "text/javascript; charset=utf-8",
      "kiosk.js", "text/javascript; charset=utf-8",
      "admin.js", "text/javascript; charset=utf-8",
      "favicon.svg", "image/svg+xml");

  /**
   * The pages' Content-Security-Policy: everything from this origin only, no inline script, and
   * images from blob URLs (thumbnails fetched with the key) and the camera's canvas.
   */
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
      + "media-src 'self' blob: mediastream:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
      + "frame-ancestors 'none'; form-action 'self'";

  private final byte[] kiosk = resource("web/kiosk.html");
  private final byte[] admin = resource("web/admin.html");
  private final Map<String, byte[]> assets = ASSETS.keySet().stream()
      .collect(Collectors.toUnmodifiableMap(name -> name, name -> resource("web/" + name)));

  void kiosk(Context ctx) {
    page(ctx, kiosk);
  }

  void admin(Context ctx) {
    page(ctx, admin);
  }

  void asset(Context ctx) {
    String name = ctx.pathParam("file");
    byte[] body = assets.get(name);
    if (body == null) {
      throw new ApiException(ErrorCode.NOT_FOUND, "no static file '" + Uploads.clean(name, 60) + "'");
    }
    ctx.contentType(ASSETS.get(name)).header("Cache-Control", "no-cache").result(body);
  }

  private static void page(Context ctx, byte[] html) {
    ctx.header("Content-Security-Policy", CSP)
        .header("Permissions-Policy", "camera=(self), microphone=()")
        .header("Cache-Control", "no-cache")
        .contentType("text/html; charset=utf-8")
        .result(html);
  }

  /** A resource under {@code org/likeness/server/}; a missing one is a packaging bug. */
  static byte[] resource(String path) {
    try (InputStream in = Pages.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("resource org/likeness/server/" + path + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + path, e);
    }
  }
}
