package org.likeness.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.error.BadInputException;

/**
 * What the service promises outside its JSON answers: the OpenAPI document lists exactly the
 * routes and error codes there are, the pages come with their security headers, and keys never
 * reach the log. No models are needed.
 */
class ServiceContractTest {
  @TempDir static Path dir;
  static TestServer door;

  @BeforeAll
  static void start() {
    door = TestServer.withoutModels(dir);
  }

  @AfterAll
  static void stop() {
    door.close();
  }

  @Test
  void openApiDocumentsExactlyTheDeclaredRoutes() {
    TestServer.Response r = door.get("/openapi.json", null);
    assertEquals(200, r.status());
    JsonNode doc = r.json();
    assertTrue(doc.path("openapi").asText().startsWith("3."), doc.path("openapi")::toString);
    Set<String> documented = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> p = paths.next();
      p.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey()));
    }
    Set<String> declared = door.server.routes().stream().map(rt -> rt.method() + " " + rt.path())
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(declared, documented);
    for (LikenessServer.Route route : door.server.routes()) {
      JsonNode op = doc.path("paths").path(route.path()).path(route.method().toLowerCase(Locale.ROOT));
      boolean open = op.path("security").isArray() && op.path("security").isEmpty();
      assertEquals(route.access() == Access.PUBLIC, open, route + " security in openapi.json: " + op.path("security"));
      if (route.access() == Access.ADMIN) {
        assertTrue(op.path("responses").has("403"), route + " must document 403");
      }
    }
  }

  @Test
  void openApiListsEveryErrorCode() {
    JsonNode codes = door.get("/openapi.json", null).json()
        .path("components").path("schemas").path("ErrorBody").path("properties").path("code").path("enum");
    Set<String> documented = new TreeSet<>();
    codes.forEach(c -> documented.add(c.asText()));
    assertEquals(Arrays.stream(ErrorCode.values()).map(ErrorCode::code).collect(Collectors.toCollection(TreeSet::new)), documented);
  }

  @Test
  void pagesAndStaticFilesAreServedWithSecurityHeaders() {
    for (String page : new String[] {"/", "/admin"}) {
      TestServer.Response r = door.get(page, null);
      assertEquals(200, r.status(), page);
      assertTrue(r.text().contains("<script src=\"/static/common.js\""), page);
      assertEquals(Pages.CSP, r.headers().firstValue("Content-Security-Policy").orElse(""), page);
      assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), page);
      assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(""), page);
    }
    for (String file : Pages.ASSETS.keySet()) {
      TestServer.Response r = door.get("/static/" + file, null);
      assertEquals(200, r.status(), file);
      assertEquals(Pages.ASSETS.get(file), r.headers().firstValue("Content-Type").orElse(""), file);
    }
    assertEquals("not_found", door.get("/static/..%2Fopenapi.json", null).errorCode());
    assertEquals("not_found", door.get("/static/secret.txt", null).errorCode());
  }

  @Test
  void secondServiceOnABusyPortFailsNamingThePortAndReleasesItsGallery(@TempDir Path other) {
    ServerConfig busy = ServerConfig.defaults(other).withAddress("127.0.0.1", door.server.port()).withPreloadEngines(false);
    BadInputException e = assertThrows(BadInputException.class, () -> LikenessServer.start(busy, ApiKeys.of(TestServer.ADMIN, TestServer.KIOSK)));
    assertTrue(e.getMessage().contains(":" + door.server.port()), e.getMessage());
    try (LikenessServer again = LikenessServer.start(busy.withAddress("127.0.0.1", 0), ApiKeys.of(TestServer.ADMIN, TestServer.KIOSK))) {
      assertTrue(again.port() > 0, "the failed start must have closed its gallery, audit log and engines");
    }
  }

  @Test
  void keysNeverReachTheLogEvenOnFailures() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      door.get("/api/v1/people", TestServer.ADMIN);
      door.get("/api/v1/people", TestServer.KIOSK);
      door.get("/api/v1/people", "a-wrong-key-that-is-long-enough");
      door.post("/api/v1/identify", TestServer.KIOSK, new MultipartBody().file("image", "x.jpg", "image/jpeg", new byte[] {1, 2, 3}));
      door.post("/api/v1/identify", TestServer.KIOSK, "multipart/form-data; boundary=x", new byte[0]);
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("GET /api/v1/people 200"), "the access log should be captured here: " + log);
    assertFalse(log.contains(TestServer.ADMIN) || log.contains(TestServer.KIOSK) || log.contains("a-wrong-key"), log);
    assertFalse(log.contains("Bearer"), log);
  }
}
