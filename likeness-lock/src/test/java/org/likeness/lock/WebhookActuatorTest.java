package org.likeness.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class WebhookActuatorTest {

  private static final String SECRET = "door-secret-4711";
  private static final Clock CLOCK = Clock.fixed(Samples.AT.plusSeconds(2), ZoneOffset.UTC);
  private static final WebhookActuator.Retry FAST =
      new WebhookActuator.Retry(3, Duration.ofMillis(50));

  private static WebhookActuator webhook(URI url, Duration timeout) {
    return new WebhookActuator(url, SECRET, timeout, FAST, CLOCK);
  }

  private static DoorLock lock(DoorActuator actuator) {
    return new DoorLock(
        List.of(actuator),
        new LockPolicy(Duration.ofSeconds(3), Duration.ZERO, Duration.ofSeconds(2)),
        CLOCK);
  }

  @Test
  void receiverVerifiesTheSignedJsonBodyAndRejectsATamperedOne() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(200);
        WebhookActuator actuator = webhook(receiver.url(), Duration.ofSeconds(2))) {
      actuator.open(Samples.opening("visit-11"), Duration.ofSeconds(3));

      WebhookReceiver.Received got = receiver.received().get(0);
      assertEquals(1, receiver.received().size());
      assertEquals("application/json", got.contentType());
      assertEquals(Long.toString(CLOCK.instant().getEpochSecond()), got.timestamp());
      assertTrue(got.signature().startsWith("sha256="), got.signature());
      assertTrue(WebhookSignature.verify(SECRET, got.timestamp(), got.body(), got.signature()));

      JsonNode body = new ObjectMapper().readTree(got.body());
      assertEquals("Ann Lee", body.get("person").asText());
      assertEquals("front", body.get("door").asText());
      assertEquals("2026-12-04T22:15:00Z", body.get("time").asText());
      assertEquals(0.31, body.get("distance").asDouble());
      assertEquals(0.6, body.get("threshold").asDouble());
      assertEquals("visit-11", body.get("visit").asText());
      assertEquals(3, body.get("hold_seconds").asInt());

      String tampered = got.body().replace("Ann Lee", "Bob Roe");
      assertFalse(WebhookSignature.verify(SECRET, got.timestamp(), tampered, got.signature()));
      long later = Long.parseLong(got.timestamp()) + 1;
      assertFalse(
          WebhookSignature.verify(SECRET, Long.toString(later), got.body(), got.signature()));
      assertFalse(
          WebhookSignature.verify("other-secret", got.timestamp(), got.body(), got.signature()));
      assertFalse(WebhookSignature.verify(SECRET, got.timestamp(), got.body(), "sha256=00"));
    }
  }

  @Test
  void signatureMatchesTheDocumentedSchemeAsOpensslComputesIt() {
    // echo -n '1764886500.{"a":1}' | openssl dgst -sha256 -hmac secret
    String openssl = "54005421ca95766ea04fc823a4067f5630cea8b2928804b8851c07f584a3de9c";
    assertEquals("sha256=" + openssl, WebhookSignature.sign("secret", 1764886500L, "{\"a\":1}"));
    assertTrue(WebhookSignature.verify("secret", "1764886500", "{\"a\":1}", "sha256=" + openssl));
  }

  @Test
  void serviceUnavailableTwiceThenOkOpensOnTheThirdAttempt() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(503, 503, 200);
        DoorLock lock = lock(webhook(receiver.url(), Duration.ofSeconds(2)))) {
      LockOutcome outcome = lock.request(Samples.opening("visit-12"));
      assertEquals(LockOutcome.Kind.OPENED, outcome.kind(), outcome.auditLine());
      assertEquals(3, receiver.received().size());
      for (WebhookReceiver.Received got : receiver.received()) {
        assertTrue(WebhookSignature.verify(SECRET, got.timestamp(), got.body(), got.signature()));
      }
    }
  }

  @Test
  void badRequestFailsAfterOneAttempt() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(400);
        DoorLock lock = lock(webhook(receiver.url(), Duration.ofSeconds(2)))) {
      LockOutcome outcome = lock.request(Samples.opening("visit-13"));
      assertEquals(LockOutcome.Kind.FAILED, outcome.kind());
      assertEquals(1, receiver.received().size());
      String error = outcome.failures().get(0).error();
      assertTrue(error.contains("HTTP 400") && error.contains("not retried"), error);
    }
  }

  @Test
  void lastServerErrorIsReportedAfterTheLastAttempt() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(500);
        WebhookActuator actuator = webhook(receiver.url(), Duration.ofSeconds(2))) {
      ActuatorException e =
          assertThrows(
              ActuatorException.class,
              () -> actuator.open(Samples.opening("visit-14"), Duration.ofSeconds(3)));
      assertTrue(e.getMessage().contains("after 3 attempts, last: HTTP 500"), e.getMessage());
      assertEquals(3, receiver.received().size());
    }
  }

  @Test
  void silentReceiverFailsWithinTheTimeoutBudget() throws Exception {
    List<Socket> held = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    held.add(silent.accept());
                  }
                } catch (java.io.IOException closed) {
                  // The test closed the socket: stop accepting.
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      URI url = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/door");
      long start = System.nanoTime();
      try (DoorLock lock = lock(webhook(url, Duration.ofMillis(300)))) {
        LockOutcome outcome = lock.request(Samples.opening("visit-15"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(LockOutcome.Kind.FAILED, outcome.kind());
        assertTrue(
            outcome.failures().get(0).error().contains("no answer within 300 ms"),
            outcome.failures().get(0).error());
        // 3 attempts of 300 ms and back-offs of 50 + 100 ms: 1.05 s, with room for a busy machine.
        assertTrue(took.compareTo(Duration.ofMillis(2500)) < 0, "took " + took);
        assertTrue(took.compareTo(Duration.ofMillis(1000)) >= 0, "took " + took);
      }
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void refusesANonHttpUrlAndAnEmptySecretNamingThem() {
    IllegalArgumentException scheme =
        assertThrows(
            IllegalArgumentException.class,
            () -> webhook(URI.create("ftp://door.example/open"), Duration.ofSeconds(1)));
    assertTrue(scheme.getMessage().contains("ftp://door.example/open"), scheme.getMessage());
    IllegalArgumentException secret =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new WebhookActuator(
                    URI.create("https://door.example/open"),
                    "",
                    Duration.ofSeconds(1),
                    FAST,
                    CLOCK));
    assertTrue(secret.getMessage().contains("secret"), secret.getMessage());
    assertTrue(secret.getMessage().contains("https://door.example/open"), secret.getMessage());
  }

  @Test
  void describeShowsNeitherSecretNorQueryToken() {
    try (WebhookActuator actuator =
        webhook(URI.create("https://door.example/open?token=t0ps3cret"), Duration.ofSeconds(1))) {
      String text = actuator.describe();
      assertTrue(text.contains("https://door.example/open"), text);
      assertFalse(text.contains(SECRET) || text.contains("t0ps3cret"), text);
    }
  }
}
