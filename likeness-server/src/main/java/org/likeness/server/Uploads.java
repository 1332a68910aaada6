package org.likeness.server;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.likeness.models.Sha256;

/**
 * Reads the multipart form of the upload routes within the size limit. A body whose declared
 * length is over the limit is refused before a byte of it is read; a chunked body is cut off by
 * the multipart parser at the same limit. Parts are kept in memory, never written to disk.
 */
final class Uploads {
  /** The form field that carries images. */
  static final String IMAGE_FIELD = "image";

  /** The most images one enrollment request may carry. */
  static final int MAX_IMAGES_PER_REQUEST = 20;

  private final long maxRequestBytes;

  Uploads(long maxRequestBytes) {
    this.maxRequestBytes = maxRequestBytes;
  }

  long maxRequestBytes() {
    return maxRequestBytes;
  }

  /** Refuses a body whose {@code Content-Length} is over the limit, before it is read. */
  void checkDeclaredLength(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxRequestBytes) {
      throw tooLarge(declared);
    }
  }

  /** The one {@code image} part of the form. */
  Upload image(Context ctx) {
    List<Upload> images = images(ctx, 1);
    return images.get(0);
  }

  /** The form's {@code image} parts, at least one and at most {@code max}. */
  List<Upload> images(Context ctx, int max) {
    List<UploadedFile> parts = parts(ctx);
    if (parts.isEmpty()) {
      throw new ApiException(ErrorCode.MISSING_IMAGE,
          "the form has no '" + IMAGE_FIELD + "' field; send the photo as multipart/form-data field '" + IMAGE_FIELD + "'");
    }
    if (parts.size() > max) {
      throw new ApiException(ErrorCode.TOO_MANY_IMAGES,
          "the form has " + parts.size() + " '" + IMAGE_FIELD + "' fields; this route takes at most " + max);
    }
    List<Upload> out = new ArrayList<>(parts.size());
    for (UploadedFile part : parts) {
      byte[] bytes = read(part);
      out.add(new Upload(cleanName(part.filename()), bytes, Sha256.of(bytes)));
    }
    return out;
  }

  /** A required text field of the form. */
  String field(Context ctx, String name) {
    requireMultipart(ctx);
    String value;
    try {
      value = ctx.formParam(name);
    } catch (Exception e) { // Jetty's ServletException and IOException pass through Kotlin unchecked
      throw unparseable(e);
    }
    if (value == null) {
      throw new ApiException(ErrorCode.MISSING_FIELD, "the form has no '" + name + "' field");
    }
    return value;
  }

  /** An optional text field of the form; empty when absent. */
  java.util.Optional<String> optionalField(Context ctx, String name) {
    requireMultipart(ctx);
    try {
      return java.util.Optional.ofNullable(ctx.formParam(name));
    } catch (Exception e) { // Jetty's ServletException and IOException pass through Kotlin unchecked
      throw unparseable(e);
    }
  }

  private List<UploadedFile> parts(Context ctx) {
    requireMultipart(ctx);
    try {
      return ctx.uploadedFiles(IMAGE_FIELD);
    } catch (Exception e) { // Jetty's ServletException and IOException pass through Kotlin unchecked
      throw unparseable(e);
    }
  }

  private void requireMultipart(Context ctx) {
    if (!ctx.isMultipartFormData()) {
      String type = ctx.contentType();
      throw new ApiException(ErrorCode.NOT_MULTIPART, "this route takes multipart/form-data, got "
          + (type == null || type.isBlank() ? "no Content-Type" : "'" + clean(type, 100) + "'"));
    }
  }

  /**
   * The parser's failure as an API error: Jetty's multipart parser reports a body or part over
   * the configured limits as an {@link IllegalStateException} "max length exceeded" or "max file
   * size exceeded" inside a 400; that is our 413. Anything else is unparseable multipart.
   */
  private ApiException unparseable(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IllegalStateException && t.getMessage() != null
          && (t.getMessage().startsWith("max length exceeded") || t.getMessage().startsWith("max file size exceeded"))) {
        return tooLarge(-1);
      }
    }
    return new ApiException(ErrorCode.BAD_MULTIPART, "the multipart/form-data body cannot be parsed");
  }

  private byte[] read(UploadedFile part) {
    try (InputStream in = part.content()) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, maxRequestBytes + 1));
      if (bytes.length > maxRequestBytes) {
        throw tooLarge(-1);
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read uploaded part '" + cleanName(part.filename()) + "'", e);
    }
  }

  private ApiException tooLarge(long declared) {
    return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
        (declared >= 0 ? "the request body has " + declared + " bytes" : "the request body is too large")
            + "; at most " + maxRequestBytes + " bytes are accepted");
  }

  /** A client-given file name made safe for messages and JSON. */
  static String cleanName(String name) {
    if (name == null || name.isBlank()) {
      return IMAGE_FIELD;
    }
    return clean(name, 100);
  }

  static String clean(String text, int max) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), max));
    text.codePoints().limit(max).forEach(cp -> out.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
    return out.toString();
  }
}
