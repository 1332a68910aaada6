package org.likeness.lock;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The actuators a door is configured with, as the command line gives them: {@code --on-open CMD},
 * {@code --on-open-webhook URL} (secret from the variable named by {@code --webhook-secret-env}, by
 * default {@value #DEFAULT_SECRET_ENV}), {@code --on-open-mqtt tcp://host:1883} (topic from {@code
 * --mqtt-topic}, by default {@value MqttActuator#DEFAULT_TOPIC}). Every value is checked here, and
 * an error names the option and the value. With none given the door runs in log-only mode: {@link
 * #logOnly()} is true, {@link #describe()} says so, and the only actuator is a {@link
 * LogOnlyActuator}.
 *
 * @param onOpen the command line to run, split by {@link CommandActuator#parse}
 * @param webhook the URL to POST to
 * @param webhookSecretEnv the environment variable holding the webhook's HMAC secret
 * @param mqtt the broker to publish to
 * @param mqttTopic the topic template
 */
public record ActuatorConfig(
    Optional<String> onOpen,
    Optional<String> webhook,
    Optional<String> webhookSecretEnv,
    Optional<String> mqtt,
    Optional<String> mqttTopic) {

  /**
   * The variable the webhook secret is read from when {@code --webhook-secret-env} is not given.
   */
  public static final String DEFAULT_SECRET_ENV = "LIKENESS_WEBHOOK_SECRET";

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public ActuatorConfig {
    Objects.requireNonNull(onOpen, "onOpen");
    Objects.requireNonNull(webhook, "webhook");
    Objects.requireNonNull(webhookSecretEnv, "webhookSecretEnv");
    Objects.requireNonNull(mqtt, "mqtt");
    Objects.requireNonNull(mqttTopic, "mqttTopic");
    onOpen.ifPresent(CommandActuator::parse);
    webhook.ifPresent(url -> uri("--on-open-webhook", url, "http", "https"));
    mqtt.ifPresent(
        url -> {
          if (uri("--on-open-mqtt", url, "tcp", "ssl").getPort() < 0) {
            throw new IllegalArgumentException(
                "--on-open-mqtt must name the port (tcp://host:1883) but was '" + url + "'");
          }
        });
    if (webhookSecretEnv.isPresent()) {
      if (webhook.isEmpty()) {
        throw new IllegalArgumentException(
            "--webhook-secret-env " + webhookSecretEnv.get() + " given without --on-open-webhook");
      }
      if (!ENV_NAME.matcher(webhookSecretEnv.get()).matches()) {
        throw new IllegalArgumentException(
            "--webhook-secret-env must name an environment variable but was '"
                + webhookSecretEnv.get()
                + "'");
      }
    }
    if (mqttTopic.isPresent()) {
      if (mqtt.isEmpty()) {
        throw new IllegalArgumentException(
            "--mqtt-topic " + mqttTopic.get() + " given without --on-open-mqtt");
      }
      String topic = mqttTopic.get();
      if (topic.isBlank() || topic.contains("+") || topic.contains("#")) {
        throw new IllegalArgumentException(
            "--mqtt-topic must be non-blank and without wildcards (+, #) but was '" + topic + "'");
      }
    }
  }

  /** No actuator: log-only mode. */
  public static ActuatorConfig logOnlyConfig() {
    return new ActuatorConfig(
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * The configuration from the command line's option values, each {@code null} when not given.
   *
   * @throws IllegalArgumentException naming the bad option and value
   */
  public static ActuatorConfig fromOptions(
      String onOpen, String webhook, String webhookSecretEnv, String mqtt, String mqttTopic) {
    return new ActuatorConfig(
        Optional.ofNullable(onOpen),
        Optional.ofNullable(webhook),
        Optional.ofNullable(webhookSecretEnv),
        Optional.ofNullable(mqtt),
        Optional.ofNullable(mqttTopic));
  }

  /** Whether no actuator is configured, so the door only logs its openings. */
  public boolean logOnly() {
    return onOpen.isEmpty() && webhook.isEmpty() && mqtt.isEmpty();
  }

  /**
   * Builds the configured actuators, in the order command, webhook, MQTT; a single {@link
   * LogOnlyActuator} in log-only mode.
   *
   * @param env where the webhook secret is read from (normally {@code System.getenv()})
   * @param policy the policy whose actuator timeout the actuators get
   * @throws IllegalArgumentException when the webhook secret's variable is unset or empty (the
   *     message names the variable, never a value)
   */
  public List<DoorActuator> actuators(Map<String, String> env, LockPolicy policy) {
    if (logOnly()) {
      return List.of(new LogOnlyActuator());
    }
    String secret = null;
    if (webhook.isPresent()) {
      String variable = webhookSecretEnv.orElse(DEFAULT_SECRET_ENV);
      secret = env.get(variable);
      if (secret == null || secret.isEmpty()) {
        throw new IllegalArgumentException(
            "the webhook secret variable "
                + variable
                + " is not set or empty"
                + (webhookSecretEnv.isEmpty() ? " (--webhook-secret-env names another)" : ""));
      }
    }
    List<DoorActuator> built = new ArrayList<>();
    onOpen.ifPresent(
        line ->
            built.add(new CommandActuator(CommandActuator.parse(line), policy.actuatorTimeout())));
    if (secret != null) {
      built.add(
          new WebhookActuator(
              uri("--on-open-webhook", webhook.get(), "http", "https"),
              secret,
              policy.actuatorTimeout(),
              WebhookActuator.Retry.DEFAULT,
              Clock.systemUTC()));
    }
    mqtt.ifPresent(
        url ->
            built.add(
                new MqttActuator(
                    uri("--on-open-mqtt", url, "tcp", "ssl"),
                    mqttTopic.orElse(MqttActuator.DEFAULT_TOPIC),
                    policy.actuatorTimeout(),
                    "likeness-lock-" + UUID.randomUUID())));
    return List.copyOf(built);
  }

  /** What the door will do, for the startup log: the actuators or the log-only mode. */
  public String describe() {
    if (logOnly()) {
      return "log only: no --on-open, --on-open-webhook or --on-open-mqtt given, nothing opens";
    }
    List<String> parts = new ArrayList<>();
    onOpen.ifPresent(line -> parts.add("command " + CommandActuator.parse(line).get(0)));
    webhook.ifPresent(
        url -> {
          URI u = uri("--on-open-webhook", url, "http", "https");
          parts.add(
              "webhook "
                  + u.getScheme()
                  + "://"
                  + u.getHost()
                  + (u.getPort() < 0 ? "" : ":" + u.getPort())
                  + " (secret from $"
                  + webhookSecretEnv.orElse(DEFAULT_SECRET_ENV)
                  + ")");
        });
    mqtt.ifPresent(
        url -> parts.add("MQTT " + url + " topic " + mqttTopic.orElse(MqttActuator.DEFAULT_TOPIC)));
    return String.join(", ", parts);
  }

  private static URI uri(String option, String value, String... schemes) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          option + " is not a URL: '" + value + "' (" + e.getReason() + ")", e);
    }
    String scheme = uri.getScheme();
    boolean known = false;
    for (String s : schemes) {
      known |= s.equalsIgnoreCase(scheme);
    }
    if (!known || uri.getHost() == null) {
      throw new IllegalArgumentException(
          option
              + " must be "
              + String.join(" or ", schemes)
              + "://host... but was '"
              + value
              + "'");
    }
    return uri;
  }
}
