package org.likeness.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import org.likeness.detect.Box;
import org.likeness.embed.Embedding;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.GalleryOptions;
import org.likeness.gallery.GallerySpec;
import org.likeness.gallery.Template;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;

/** A door service on a free port of 127.0.0.1 with fixed keys, and an HTTP client for it. */
final class TestServer implements AutoCloseable {
  static final String ADMIN = "test-admin-key-0123456789";
  static final String KIOSK = "test-kiosk-key-0123456789";
  static final ObjectMapper JSON = new ObjectMapper();

  final LikenessServer server;
  final Path dataDir;
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();

  private TestServer(LikenessServer server, Path dataDir) {
    this.server = server;
    this.dataDir = dataDir;
  }

  /** A server whose engines open on first use: for HTTP-layer tests on machines without models. */
  static TestServer withoutModels(Path dataDir) {
    return start(ServerConfig.defaults(dataDir).withAddress("127.0.0.1", 0).withPreloadEngines(false).withWorkers(2)
        .withLiveness(new DoorLiveness(DoorLiveness.Challenge.REQUIRED, DoorLiveness.Passive.OFF, Optional.empty())),
        dataDir);
  }

  /**
   * A server with its models loaded, as {@code likeness serve} runs it, but with the head-turn
   * challenge off, so that tests of the face decisions can send one photo with the kiosk key.
   */
  static TestServer withModels(Path dataDir) {
    return withModels(dataDir,
        new DoorLiveness(DoorLiveness.Challenge.OFF, DoorLiveness.Passive.REPORT, Optional.empty()));
  }

  /** A server with its models loaded and the given liveness policy. */
  static TestServer withModels(Path dataDir, DoorLiveness liveness) {
    return start(ServerConfig.defaults(dataDir).withAddress("127.0.0.1", 0).withWorkers(2).withLiveness(liveness),
        dataDir);
  }

  /** A client for a server the test started itself (with a camera, say); closing it closes the server. */
  static TestServer of(LikenessServer server, Path dataDir) {
    return new TestServer(server, dataDir);
  }

  static TestServer start(ServerConfig config, Path dataDir) {
    return new TestServer(LikenessServer.start(config, ApiKeys.of(ADMIN, KIOSK)), dataDir);
  }

  /**
   * Creates the gallery in {@code dataDir/gallery} holding {@code people} people with two random
   * faces each, as the default model's embeddings (no model file is read).
   */
  static void seedGallery(Path dataDir, int people, long seed) {
    ModelSpec spec = ModelCatalog.DEFAULT_EMBEDDER;
    Random random = new Random(seed);
    try (Gallery g = Gallery.create(dataDir.resolve("gallery"),
        new GallerySpec("gallery", spec.id(), spec.dimensions(), spec.metric()), GalleryOptions.defaults())) {
      for (int p = 0; p < people; p++) {
        for (int t = 0; t < 2; t++) {
          float[] v = new float[spec.dimensions()];
          for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
          }
          byte[] sha = new byte[32];
          random.nextBytes(sha);
          g.enroll(String.format("Synthetic Person %04d", p), new Template(Embedding.normalized(v, spec.id()),
              HexFormat.of().formatHex(sha), new Box(10, 10, 90, 90), 0.99f, Instant.now()));
        }
      }
    }
  }

  URI uri(String path) {
    // Not URI.resolve: it would normalise away the "../" that tests send on purpose.
    String base = server.uri().toString();
    return URI.create(base.substring(0, base.length() - 1) + path);
  }

  Response get(String path, String key) {
    return send(request(path, key).GET());
  }

  Response delete(String path, String key) {
    return send(request(path, key).DELETE());
  }

  Response post(String path, String key, MultipartBody body) {
    return send(request(path, key).header("Content-Type", body.contentType()).POST(body.publisher()));
  }

  Response post(String path, String key, String contentType, byte[] body) {
    HttpRequest.Builder b = request(path, key).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b);
  }

  HttpRequest.Builder request(String path, String key) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return b;
  }

  Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(r.statusCode(), r.body(), r.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** An answer: status, body and headers. */
  record Response(int status, byte[] body, HttpHeaders headers) {
    String text() {
      return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON (status " + status + "): " + text(), e);
      }
    }

    /** The stable error code of an error answer. */
    String errorCode() {
      return json().path("error").path("code").asText(null);
    }

    @Override
    public String toString() {
      return status + " " + (body.length > 400 ? text().substring(0, 400) + "..." : text());
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
