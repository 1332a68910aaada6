package org.likeness.server;

import java.util.Locale;
import org.likeness.image.ImageDecodeException;

/**
 * Every error the API can answer with: an HTTP status and a stable code that clients may branch
 * on. Codes never change meaning; a new meaning gets a new code. The same list is in {@code
 * openapi.json}.
 */
public enum ErrorCode {
  /** No {@code Authorization: Bearer} header, or one in another scheme. */
  MISSING_KEY(401),
  /** A bearer key that is neither the admin nor the kiosk key. */
  INVALID_KEY(401),
  /** The kiosk key on a route that needs the admin key. */
  ADMIN_KEY_REQUIRED(403),
  /** No route has this path. */
  NOT_FOUND(404),
  /** The path exists but not with this method. */
  METHOD_NOT_ALLOWED(405),
  /** Nobody with this name is enrolled. */
  NO_SUCH_PERSON(404),
  /** This person has no face with this id. */
  NO_SUCH_FACE(404),
  /** The face exists but no thumbnail was stored for it (it was enrolled outside the service). */
  NO_THUMBNAIL(404),
  /** The live view was asked for, but this door service runs no camera ({@code --camera}). */
  NO_CAMERA(404),
  /** The request body is larger than the upload limit. */
  PAYLOAD_TOO_LARGE(413),
  /** An upload route was called without a {@code multipart/form-data} body. */
  NOT_MULTIPART(415),
  /** The body claims to be multipart but cannot be parsed as such (an empty body, say). */
  BAD_MULTIPART(400),
  /** No {@code image} field in the form. */
  MISSING_IMAGE(400),
  /** More {@code image} fields than the route takes. */
  TOO_MANY_IMAGES(400),
  /** A required form field (verify's {@code name}) is missing. */
  MISSING_FIELD(400),
  /** A person name that breaks the gallery's rules (path characters, control characters, length). */
  INVALID_NAME(400),
  /** A malformed query or path parameter, such as a non-numeric face id. */
  INVALID_PARAMETER(400),
  /** A head-turn challenge id the door never issued, already answered, or expired: ask for a new one. */
  UNKNOWN_CHALLENGE(409),
  /** The image field has no bytes. */
  EMPTY_IMAGE(400),
  /** The bytes are not an image at all (a text file, a PDF). */
  NOT_AN_IMAGE(400),
  /** An image in a format the loader does not decode (HEIC, TIFF). */
  UNSUPPORTED_IMAGE_FORMAT(400),
  /** The image ends before its pixel data does. */
  TRUNCATED_IMAGE(400),
  /** The image is damaged in some other way. */
  CORRUPT_IMAGE(400),
  /** The image header declares more pixels than the loader's limit: a decompression bomb, or absurd. */
  IMAGE_TOO_MANY_PIXELS(400),
  /** The image has more bytes than the loader's limit. */
  IMAGE_TOO_LARGE(413),
  /** The request URI is too long to read (a name of many thousands of characters, say). */
  URI_TOO_LONG(414),
  /** The request headers are too large to read. */
  HEADERS_TOO_LARGE(431),
  /**
   * The request cannot be read as HTTP, or breaks a rule of the protocol; answered with the
   * status that says which (usually 400).
   */
  BAD_HTTP(400),
  /**
   * An enrollment photo whose face is below the quality floor (too small, blurry, dark, bright,
   * turned away, flat or barely detected) and no {@code force=true}; the message names the image
   * and the reason, and nothing in the request was enrolled.
   */
  LOW_QUALITY_FACE(422),
  /** A model name the catalog does not know; the message lists the known ones. */
  UNKNOWN_MODEL(400),
  /** A migration to a new model is already running; follow it with {@code GET /api/v1/admin/migrate}. */
  MIGRATION_RUNNING(409),
  /** Any other input the engine refused; the message says why. */
  BAD_INPUT(400),
  /** Every face engine stayed busy for longer than the server waits, or the live view has all its viewers; retry later. */
  BUSY(503),
  /** A fault on the server's side; the server log has the details under the reference in the message. */
  INTERNAL_ERROR(500);

  private final int status;

  ErrorCode(int status) {
    this.status = status;
  }

  /** The HTTP status this error is answered with. */
  public int status() {
    return status;
  }

  /** The stable code in the JSON body, e.g. {@code missing_key}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The code for an image the loader refused. */
  public static ErrorCode of(ImageDecodeException.Reason reason) {
    return switch (reason) {
      case EMPTY -> EMPTY_IMAGE;
      case TOO_MANY_BYTES -> IMAGE_TOO_LARGE;
      case TOO_MANY_PIXELS -> IMAGE_TOO_MANY_PIXELS;
      case NOT_AN_IMAGE -> NOT_AN_IMAGE;
      case UNSUPPORTED_FORMAT -> UNSUPPORTED_IMAGE_FORMAT;
      case TRUNCATED -> TRUNCATED_IMAGE;
      case CORRUPT -> CORRUPT_IMAGE;
        // Files on disk: an upload never has these, but they are still the client's input.
      case MISSING, NOT_A_FILE, UNREADABLE -> BAD_INPUT;
    };
  }
}
