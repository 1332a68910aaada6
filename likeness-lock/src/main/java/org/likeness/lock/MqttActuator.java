package org.likeness.lock;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Opens the door by publishing the opening's {@linkplain OpeningJson JSON form} to an MQTT broker
 * with QoS 1, and waiting for the broker's acknowledgement. The topic is a template in which {@code
 * {door}} stands for the door's name; the default is {@value #DEFAULT_TOPIC}. The client connects
 * on the first opening, and after any failure it is dropped and a fresh connection is made on the
 * next opening, so a broker that comes back is used again.
 */
public final class MqttActuator implements DoorActuator {

  /** The topic used when none is configured. */
  public static final String DEFAULT_TOPIC = "likeness/door/{door}/open";

  private static final int QOS = 1;

  private final URI broker;
  private final String topic;
  private final Duration timeout;
  private final String clientId;
  private MqttAsyncClient client;

  /**
   * @param broker {@code tcp://host:port} or {@code ssl://host:port}
   * @param topic the topic template, with {@code {door}} for the door's name; no wildcards
   * @param timeout the limit on connecting and on the broker's acknowledgement, positive
   * @param clientId the MQTT client id, non-blank (unique per broker)
   */
  public MqttActuator(URI broker, String topic, Duration timeout, String clientId) {
    Objects.requireNonNull(broker, "broker");
    String scheme = broker.getScheme();
    if (scheme == null
        || !(scheme.equals("tcp") || scheme.equals("ssl"))
        || broker.getHost() == null
        || broker.getPort() < 0) {
      throw new IllegalArgumentException(
          "MQTT broker must be tcp://host:port or ssl://host:port but was '" + broker + "'");
    }
    if (topic == null || topic.isBlank() || topic.contains("+") || topic.contains("#")) {
      throw new IllegalArgumentException(
          "MQTT topic must be non-blank and without wildcards but was '" + topic + "'");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("MQTT timeout must be positive but was " + timeout);
    }
    if (clientId == null || clientId.isBlank()) {
      throw new IllegalArgumentException(
          "MQTT client id must not be blank but was '" + clientId + "'");
    }
    this.broker = broker;
    this.topic = topic;
    this.timeout = timeout;
    this.clientId = clientId;
  }

  /** The topic an opening of this door is published to. */
  public String topicFor(String door) {
    if (door.contains("/") || door.contains("+") || door.contains("#")) {
      throw new IllegalArgumentException(
          "door name '" + door + "' cannot be part of MQTT topic " + topic + ": it holds / + or #");
    }
    return topic.replace("{door}", door);
  }

  @Override
  public synchronized void open(Opening opening, Duration hold) throws ActuatorException {
    String target;
    try {
      target = topicFor(opening.door());
    } catch (IllegalArgumentException e) {
      throw new ActuatorException(describe(), e.getMessage(), e);
    }
    MqttMessage message =
        new MqttMessage(OpeningJson.write(opening, hold).getBytes(StandardCharsets.UTF_8));
    message.setQos(QOS);
    message.setRetained(false);
    try {
      connected().publish(target, message).waitForCompletion(timeout.toMillis());
    } catch (MqttException e) {
      drop();
      throw new ActuatorException(describe(), "publish to " + target + " failed: " + reason(e), e);
    }
  }

  private MqttAsyncClient connected() throws MqttException {
    if (client != null && client.isConnected()) {
      return client;
    }
    drop();
    MqttAsyncClient fresh =
        new MqttAsyncClient(broker.toString(), clientId, new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    options.setAutomaticReconnect(false);
    options.setConnectionTimeout((int) Math.max(1, (timeout.toMillis() + 999) / 1000));
    try {
      fresh.connect(options).waitForCompletion(timeout.toMillis());
    } catch (MqttException e) {
      close(fresh);
      throw e;
    }
    client = fresh;
    return client;
  }

  private static String reason(MqttException e) {
    String cause = e.getCause() == null ? "" : " (" + e.getCause() + ")";
    return e.getMessage() + " [reason " + e.getReasonCode() + "]" + cause;
  }

  private void drop() {
    if (client != null) {
      close(client);
      client = null;
    }
  }

  private static void close(MqttAsyncClient c) {
    try {
      if (c.isConnected()) {
        c.disconnectForcibly(0, 100, false);
      }
    } catch (MqttException e) {
      // The connection is being thrown away; closing below releases what is left.
    }
    try {
      c.close(true);
    } catch (MqttException e) {
      // Best effort: close(true) only refuses when a disconnect is still pending, forced above.
    }
  }

  @Override
  public String describe() {
    return "MQTT "
        + broker.getScheme()
        + "://"
        + broker.getHost()
        + ":"
        + broker.getPort()
        + " topic "
        + topic
        + " (QoS 1, timeout "
        + timeout.toMillis()
        + " ms)";
  }

  @Override
  public synchronized void close() {
    drop();
  }
}
