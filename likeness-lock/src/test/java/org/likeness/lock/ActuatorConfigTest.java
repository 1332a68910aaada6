package org.likeness.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActuatorConfigTest {

  private static final String SECRET = "s3cr3t-value";

  private static void closeAll(List<DoorActuator> actuators) {
    actuators.forEach(DoorActuator::close);
  }

  @Test
  void noActuatorGivenIsLogOnlyAndSaysSo() {
    ActuatorConfig config = ActuatorConfig.fromOptions(null, null, null, null, null);
    assertTrue(config.logOnly());
    assertTrue(config.describe().startsWith("log only"), config.describe());
    List<DoorActuator> actuators = config.actuators(Map.of(), LockPolicy.DEFAULT);
    assertEquals(1, actuators.size());
    assertInstanceOf(LogOnlyActuator.class, actuators.get(0));
    assertEquals(config, ActuatorConfig.logOnlyConfig());
  }

  @Test
  void buildsCommandWebhookAndMqttInThatOrderWithoutShowingTheSecret() {
    ActuatorConfig config =
        ActuatorConfig.fromOptions(
            "gpio-relay 1 pulse 3s",
            "https://door.example/hook",
            "DOOR_SECRET",
            "tcp://broker.local:1883",
            "site/{door}/open");
    List<DoorActuator> actuators =
        config.actuators(Map.of("DOOR_SECRET", SECRET), LockPolicy.DEFAULT);
    try {
      assertFalse(config.logOnly());
      assertEquals(3, actuators.size());
      CommandActuator command = assertInstanceOf(CommandActuator.class, actuators.get(0));
      assertEquals(List.of("gpio-relay", "1", "pulse", "3s"), command.argv());
      assertInstanceOf(WebhookActuator.class, actuators.get(1));
      MqttActuator mqtt = assertInstanceOf(MqttActuator.class, actuators.get(2));
      assertEquals("site/front/open", mqtt.topicFor("front"));
      String described =
          config.describe()
              + " "
              + new DoorLock(actuators, LockPolicy.DEFAULT, java.time.Clock.systemUTC()).describe();
      assertTrue(described.contains("$DOOR_SECRET"), described);
      assertFalse(described.contains(SECRET), described);
    } finally {
      closeAll(actuators);
    }
  }

  @Test
  void webhookSecretComesFromTheDefaultVariable() {
    ActuatorConfig config =
        ActuatorConfig.fromOptions(null, "http://127.0.0.1:9/hook", null, null, null);
    List<DoorActuator> actuators =
        config.actuators(Map.of(ActuatorConfig.DEFAULT_SECRET_ENV, SECRET), LockPolicy.DEFAULT);
    closeAll(actuators);
    assertInstanceOf(WebhookActuator.class, actuators.get(0));
  }

  @Test
  void missingSecretVariableIsNamedAndNoValueShown() {
    ActuatorConfig config =
        ActuatorConfig.fromOptions(null, "https://door.example/hook", "DOOR_SECRET", null, null);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> config.actuators(Map.of("OTHER", SECRET), LockPolicy.DEFAULT));
    assertTrue(e.getMessage().contains("DOOR_SECRET"), e.getMessage());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
  }

  @Test
  void badOptionValuesAreNamed() {
    expectNamed(
        "--on-open-webhook",
        "ftp://door.example/hook",
        () -> ActuatorConfig.fromOptions(null, "ftp://door.example/hook", null, null, null));
    expectNamed(
        "--on-open-mqtt",
        "tcp://broker.local",
        () -> ActuatorConfig.fromOptions(null, null, null, "tcp://broker.local", null));
    expectNamed(
        "--on-open-mqtt",
        "http://broker:1883",
        () -> ActuatorConfig.fromOptions(null, null, null, "http://broker:1883", null));
    expectNamed(
        "--mqtt-topic",
        "likeness/#",
        () -> ActuatorConfig.fromOptions(null, null, null, "tcp://b:1883", "likeness/#"));
    expectNamed(
        "--mqtt-topic",
        "t/open",
        () -> ActuatorConfig.fromOptions(null, null, null, null, "t/open"));
    expectNamed(
        "--webhook-secret-env",
        "MY SECRET",
        () -> ActuatorConfig.fromOptions(null, "https://d/h", "MY SECRET", null, null));
    expectNamed(
        "--webhook-secret-env",
        "DOOR_SECRET",
        () -> ActuatorConfig.fromOptions(null, null, "DOOR_SECRET", null, null));
    expectNamed(
        "unterminated",
        "relay 'open",
        () -> ActuatorConfig.fromOptions("relay 'open", null, null, null, null));
  }

  private static void expectNamed(String option, String value, Runnable build) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
    assertTrue(
        e.getMessage().contains(option) && e.getMessage().contains(value),
        "expected " + option + " and " + value + " in: " + e.getMessage());
  }
}
