package org.likeness.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

class MqttActuatorTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  /** What a subscriber got: the topic and the payload. */
  private record Delivery(String topic, String payload) {}

  /** A real Paho subscriber on {@code likeness/door/+/open}. */
  private static final class Subscriber implements AutoCloseable {
    final BlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
    final MqttClient client;

    Subscriber(EmbeddedBroker broker) throws MqttException {
      client = new MqttClient(broker.url(), "test-subscriber", new MemoryPersistence());
      MqttConnectOptions options = new MqttConnectOptions();
      options.setCleanSession(true);
      client.connect(options);
      client.subscribe(
          "likeness/door/+/open",
          1,
          (topic, message) ->
              got.add(
                  new Delivery(topic, new String(message.getPayload(), StandardCharsets.UTF_8))));
    }

    Delivery next() throws InterruptedException {
      Delivery d = got.poll(5, TimeUnit.SECONDS);
      assertNotNull(d, "no message arrived within 5 s");
      return d;
    }

    @Override
    public void close() throws MqttException {
      if (client.isConnected()) {
        client.disconnectForcibly(0, 100);
      }
      client.close(true);
    }
  }

  private static MqttActuator actuator(EmbeddedBroker broker) {
    return new MqttActuator(
        URI.create(broker.url()), MqttActuator.DEFAULT_TOPIC, TIMEOUT, "likeness-test-door");
  }

  @Test
  void openingArrivesAsJsonOnTheDoorTopic() throws Exception {
    try (EmbeddedBroker broker = new EmbeddedBroker();
        Subscriber subscriber = new Subscriber(broker);
        MqttActuator actuator = actuator(broker)) {
      actuator.open(Samples.opening("visit-21"), Duration.ofSeconds(3));
      Delivery d = subscriber.next();
      assertEquals("likeness/door/front/open", d.topic());
      assertEquals(Samples.opening("visit-21"), OpeningJson.read(d.payload()));
      assertTrue(d.payload().contains("\"hold_seconds\":3"), d.payload());
    }
  }

  @Test
  void stoppedBrokerFailsSecureAndABrokerBackOpensAgain() throws Exception {
    LockPolicy policy = new LockPolicy(Duration.ofSeconds(3), Duration.ZERO, TIMEOUT);
    Clock clock = Clock.fixed(Samples.AT, ZoneOffset.UTC);
    EmbeddedBroker broker = new EmbeddedBroker();
    int port = broker.port();
    try (DoorLock lock = new DoorLock(List.of(actuator(broker)), policy, clock)) {
      try (Subscriber subscriber = new Subscriber(broker)) {
        assertEquals(LockOutcome.Kind.OPENED, lock.request(Samples.opening("visit-22")).kind());
        assertEquals("likeness/door/front/open", subscriber.next().topic());
      }
      broker.close();

      long start = System.nanoTime();
      LockOutcome down = lock.request(Samples.opening("visit-23"));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertEquals(LockOutcome.Kind.FAILED, down.kind(), down.auditLine());
      assertTrue(
          down.failures().get(0).actuator().startsWith("MQTT tcp://127.0.0.1:" + port),
          down.auditLine());
      assertTrue(took.compareTo(TIMEOUT.multipliedBy(3)) < 0, "took " + took);

      broker = EmbeddedBroker.restartOn(port);
      try (Subscriber subscriber = new Subscriber(broker)) {
        LockOutcome back = lock.request(Samples.opening("visit-24"));
        assertEquals(LockOutcome.Kind.OPENED, back.kind(), back.auditLine());
        assertEquals(Samples.opening("visit-24"), OpeningJson.read(subscriber.next().payload()));
      }
    } finally {
      broker.close();
    }
  }

  @Test
  void refusesBadBrokerUrlsAndWildcardTopicsNamingThem() {
    IllegalArgumentException url =
        assertThrows(
            IllegalArgumentException.class,
            () -> new MqttActuator(URI.create("http://broker:1883"), "t", TIMEOUT, "id"));
    assertTrue(url.getMessage().contains("http://broker:1883"), url.getMessage());
    IllegalArgumentException topic =
        assertThrows(
            IllegalArgumentException.class,
            () -> new MqttActuator(URI.create("tcp://broker:1883"), "likeness/#", TIMEOUT, "id"));
    assertTrue(topic.getMessage().contains("likeness/#"), topic.getMessage());
  }

  @Test
  void doorNameThatWouldChangeTheTopicLevelsFailsTheOpening() {
    try (MqttActuator actuator =
        new MqttActuator(
            URI.create("tcp://127.0.0.1:1"), MqttActuator.DEFAULT_TOPIC, TIMEOUT, "id")) {
      Opening odd = new Opening("Ann", "front/back", Samples.AT, 0.2, 0.6, "v1");
      ActuatorException e =
          assertThrows(ActuatorException.class, () -> actuator.open(odd, Duration.ofSeconds(3)));
      assertTrue(e.getMessage().contains("front/back"), e.getMessage());
    }
  }
}
