package org.likeness.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.likeness.error.BadInputException;
import org.likeness.lock.ActuatorConfig;
import org.likeness.lock.DoorLock;
import org.likeness.lock.LockPolicy;
import picocli.CommandLine.Option;

/**
 * The door's name and lock: the actuators that open it ({@code --on-open}, {@code
 * --on-open-webhook} with its secret, {@code --on-open-mqtt}), {@code --hold} and {@code
 * --min-gap}. Shared by {@code likeness watch} and {@code likeness serve --camera}; every bad value
 * is refused as {@link BadInputException} naming the option, before any model loads.
 */
final class DoorLockOptions {
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
  /** The limit on each actuator call (a command's run, a webhook attempt, an MQTT publish). */
  private static final Duration ACTUATOR_TIMEOUT = Duration.ofSeconds(5);

  @Option(names = "--door", paramLabel = "NAME", description = "The door's name in openings and logs (default: ${DEFAULT-VALUE}).")
  String door = "door";

  @Option(names = "--on-open", paramLabel = "CMD", description = "Run this command to open the door.")
  String onOpen;

  @Option(names = "--on-open-webhook", paramLabel = "URL",
      description = "POST each opening as signed JSON to this URL (see likeness-lock/README.md).")
  String webhook;

  @Option(names = "--webhook-secret-env", paramLabel = "NAME",
      description = "The environment variable holding the webhook's HMAC secret (default: "
          + ActuatorConfig.DEFAULT_SECRET_ENV + ").")
  String webhookSecretEnv;

  @Option(names = "--webhook-secret-file", paramLabel = "FILE",
      description = "Read the webhook's HMAC secret from this file instead of the environment (e.g. a mounted secret).")
  Path webhookSecretFile;

  @Option(names = "--on-open-mqtt", paramLabel = "URL", description = "Publish each opening to this MQTT broker, tcp://host:1883.")
  String mqtt;

  @Option(names = "--mqtt-topic", paramLabel = "TOPIC", description = "The MQTT topic of --on-open-mqtt.")
  String mqttTopic;

  @Option(names = "--hold", paramLabel = "DURATION", description = "How long the door stays open, e.g. 3s (default: ${DEFAULT-VALUE}).")
  String hold = "3s";

  @Option(names = "--min-gap", paramLabel = "DURATION",
      description = "The least time between two openings, e.g. 5s or 0s (default: ${DEFAULT-VALUE}).")
  String minGap = "5s";

  /** The door's name, checked. */
  String door() {
    if (door == null || door.isBlank()) {
      throw new BadInputException("--door must name the door, got '" + door + "'");
    }
    return door;
  }

  /** The hold time, minimum gap and actuator time limit. */
  LockPolicy policy() {
    Duration h = duration("--hold", hold);
    Duration g = duration("--min-gap", minGap);
    try {
      return new LockPolicy(h, g, ACTUATOR_TIMEOUT);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--hold " + hold + ", --min-gap " + minGap + ": " + e.getMessage(), e);
    }
  }

  /** The actuator options, checked. */
  ActuatorConfig actuators() {
    if (webhookSecretFile != null && (webhook == null || webhookSecretEnv != null)) {
      throw new BadInputException("--webhook-secret-file " + webhookSecretFile + " needs --on-open-webhook and"
          + " excludes --webhook-secret-env" + (webhookSecretEnv == null ? "" : " " + webhookSecretEnv));
    }
    try {
      return ActuatorConfig.fromOptions(onOpen, webhook, webhookSecretEnv, mqtt, mqttTopic);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
  }

  /**
   * The lock over the configured actuators (a log-only one when none is given); a missing webhook
   * secret is refused here. The caller closes it.
   */
  DoorLock open() {
    LockPolicy policy = policy();
    ActuatorConfig config = actuators();
    door();
    try {
      return new DoorLock(config.actuators(secretEnvironment(), policy), policy, Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
  }

  /** The environment the webhook secret is read from: the process's, or the secret file's under the default name. */
  private Map<String, String> secretEnvironment() {
    if (webhookSecretFile == null) {
      return System.getenv();
    }
    String secret;
    try {
      secret = Files.readString(webhookSecretFile, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new BadInputException("--webhook-secret-file " + webhookSecretFile + " cannot be read: " + e.getMessage(), e);
    }
    if (secret.isEmpty()) {
      throw new BadInputException("--webhook-secret-file " + webhookSecretFile + " is empty");
    }
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put(ActuatorConfig.DEFAULT_SECRET_ENV, secret);
    return env;
  }

  /**
   * A duration as {@code 500ms}, {@code 3s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT3S}).
   *
   * @throws BadInputException naming the option and the value
   */
  static Duration duration(String option, String value) {
    Matcher m = SHORT_DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
    try {
      return Duration.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new BadInputException(option + " takes a duration such as 500ms, 3s or 2m, got '" + value + "'", e);
    }
  }
}
