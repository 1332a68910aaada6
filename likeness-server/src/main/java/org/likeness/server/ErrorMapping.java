package org.likeness.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.likeness.error.BadInputException;
import org.likeness.image.ImageDecodeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become HTTP statuses. Every error body is {@code {"error":
 * {"code", "message"}}} with a stable {@link ErrorCode}. The client's mistakes are 4xx with a
 * message naming the offending value; anything else is a server fault: 500 with a generic message
 * and a reference, and the exception is logged under that reference. No stack trace ever reaches a
 * client.
 */
final class ErrorMapping {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

  private ErrorMapping() {}

  static void install(RoutesConfig routes) {
    routes.exception(ApiException.class, (e, ctx) -> write(ctx, e.code(), e.getMessage()));
    routes.exception(ImageDecodeException.class, (e, ctx) -> write(ctx, ErrorCode.of(e.reason()), e.getMessage()));
    routes.exception(BadInputException.class, (e, ctx) -> write(ctx, ErrorCode.BAD_INPUT, e.getMessage()));
    routes.exception(HttpResponseException.class, ErrorMapping::framework);
    routes.exception(Exception.class, ErrorMapping::fault);
  }

  /** Javalin's own refusals: no such route, wrong method, and the like. */
  private static void framework(HttpResponseException e, Context ctx) {
    switch (e.getStatus()) {
      case 404 -> write(ctx, ErrorCode.NOT_FOUND, "no route " + ctx.method() + " " + Uploads.clean(ctx.path(), 200));
      case 405 -> write(ctx, ErrorCode.METHOD_NOT_ALLOWED,
          ctx.method() + " is not allowed on " + Uploads.clean(ctx.path(), 200));
      case 413 -> write(ctx, ErrorCode.PAYLOAD_TOO_LARGE, "the request body is too large");
      case 400 -> write(ctx, ErrorCode.BAD_INPUT, "bad request: " + Uploads.clean(String.valueOf(e.getMessage()), 200));
      default -> {
        if (e.getStatus() >= 400 && e.getStatus() < 500) {
          ctx.status(e.getStatus()).json(new ApiV1.ErrorResponse(new ApiV1.ErrorBody(
              ErrorCode.BAD_HTTP.code(), Uploads.clean(String.valueOf(e.getMessage()), 200))));
        } else {
          fault(e, ctx);
        }
      }
    }
  }

  private static void fault(Exception e, Context ctx) {
    String ref = UUID.randomUUID().toString().substring(0, 8);
    LOG.error("internal error {} on {} {}", ref, ctx.method(), LikenessServer.route(ctx), e);
    write(ctx, ErrorCode.INTERNAL_ERROR, "internal error (reference " + ref + "); the server log has the details");
  }

  /**
   * Jetty's own error answers, for requests refused before they reach Javalin (a URI or headers
   * over the size limit, unparseable HTTP): the same JSON body instead of an HTML page, and never
   * a stack trace.
   */
  static ErrorHandler jettyErrors() {
    return new ErrorHandler() {
      @Override
      protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
          Callback callback) {
        response.setStatus(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(jettyBody(code)), callback);
      }
    };
  }

  private static byte[] jettyBody(int status) {
    ErrorCode code = switch (status) {
      case 404 -> ErrorCode.NOT_FOUND;
      case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
      case 414 -> ErrorCode.URI_TOO_LONG;
      case 431 -> ErrorCode.HEADERS_TOO_LARGE;
      default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_HTTP;
    };
    String message = switch (code) {
      case URI_TOO_LONG -> "the request URI is longer than the server reads";
      case HEADERS_TOO_LARGE -> "the request headers are larger than the server reads (" + LikenessServer.MAX_REQUEST_HEADER_BYTES + " bytes)";
      case INTERNAL_ERROR -> "internal error";
      default -> "the request cannot be read as HTTP (status " + status + ")";
    };
    return ("{\"error\":{\"code\":\"" + code.code() + "\",\"message\":\"" + message + "\"}}").getBytes(StandardCharsets.UTF_8);
  }

  static void write(Context ctx, ErrorCode code, String message) {
    if (code.status() == 401) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"likeness\"");
    }
    if (code.status() == 503) {
      ctx.header("Retry-After", "1");
    }
    ctx.status(code.status()).json(new ApiV1.ErrorResponse(new ApiV1.ErrorBody(code.code(), message)));
  }
}
