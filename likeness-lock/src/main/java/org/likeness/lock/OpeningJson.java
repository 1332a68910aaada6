package org.likeness.lock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The JSON form of an {@link Opening} that webhooks and MQTT messages carry. The field names are
 * stable: {@code person}, {@code door}, {@code time} (ISO-8601 UTC, e.g. {@code
 * 2026-12-04T22:15:00Z}), {@code distance}, {@code threshold}, {@code visit} and {@code
 * hold_seconds} (how long the door should stay open).
 */
public final class OpeningJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private OpeningJson() {}

  /** The opening and the hold time as one JSON object, fields in the documented order. */
  public static String write(Opening opening, Duration hold) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("person", opening.person());
    node.put("door", opening.door());
    node.put("time", opening.at().toString());
    node.put("distance", opening.distance());
    node.put("threshold", opening.threshold());
    node.put("visit", opening.visit());
    node.put("hold_seconds", holdSeconds(hold));
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write opening " + opening + " as JSON", e);
    }
  }

  /** The hold time in seconds as a plain decimal ({@code 3}, {@code 1.5}). */
  public static BigDecimal holdSeconds(Duration hold) {
    return BigDecimal.valueOf(hold.toMillis(), 3).stripTrailingZeros();
  }

  /**
   * Reads the opening back from its JSON form (for receivers and tests); {@code hold_seconds} is
   * ignored.
   *
   * @throws IllegalArgumentException naming the missing or malformed field
   */
  public static Opening read(String json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "opening JSON does not parse: " + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("opening JSON must be an object but was: " + json);
    }
    String time = text(node, "time");
    Instant at;
    try {
      at = Instant.parse(time);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "opening JSON field 'time' is not ISO-8601 UTC: " + time, e);
    }
    return new Opening(
        text(node, "person"),
        text(node, "door"),
        at,
        number(node, "distance"),
        number(node, "threshold"),
        text(node, "visit"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(
          "opening JSON field '" + field + "' must be a string but was " + value);
    }
    return value.asText();
  }

  private static double number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isNumber()) {
      throw new IllegalArgumentException(
          "opening JSON field '" + field + "' must be a number but was " + value);
    }
    return value.asDouble();
  }
}
