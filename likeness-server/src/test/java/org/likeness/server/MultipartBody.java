package org.likeness.server;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A {@code multipart/form-data} body for {@link java.net.http.HttpClient}, which has none of its
 * own: text fields and file parts, written into one byte array.
 *
 * <pre>{@code
 * MultipartBody body = new MultipartBody().file("image", "door.jpg", "image/jpeg", bytes).field("name", "Ada");
 * HttpRequest.newBuilder(uri).header("Content-Type", body.contentType()).POST(body.publisher());
 * }</pre>
 */
final class MultipartBody {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String boundary;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  MultipartBody() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    this.boundary = "likeness-" + HexFormat.of().formatHex(b);
  }

  /** Adds a text field. */
  public MultipartBody field(String name, String value) {
    part("Content-Disposition: form-data; name=\"" + quote(name) + "\"\r\n\r\n");
    out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
    out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    return this;
  }

  /** Adds a file part. */
  public MultipartBody file(String name, String fileName, String contentType, byte[] bytes) {
    part("Content-Disposition: form-data; name=\"" + quote(name) + "\"; filename=\"" + quote(fileName) + "\"\r\n"
        + "Content-Type: " + contentType + "\r\n\r\n");
    out.writeBytes(bytes);
    out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    return this;
  }

  /** The {@code Content-Type} header value, with the boundary. */
  public String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /** The finished body. */
  public byte[] bytes() {
    ByteArrayOutputStream all = new ByteArrayOutputStream(out.size() + boundary.length() + 8);
    all.writeBytes(out.toByteArray());
    all.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return all.toByteArray();
  }

  /** The finished body as a request body publisher. */
  public HttpRequest.BodyPublisher publisher() {
    return HttpRequest.BodyPublishers.ofByteArray(bytes());
  }

  private void part(String headers) {
    out.writeBytes(("--" + boundary + "\r\n" + headers).getBytes(StandardCharsets.UTF_8));
  }

  private static String quote(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "").replace("\n", "");
  }
}
