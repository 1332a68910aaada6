package org.likeness.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpeningJsonTest {

  @Test
  void writesTheStableFieldNamesAndReadsBack() throws Exception {
    Opening opening = Samples.opening("visit-7");
    String json = OpeningJson.write(opening, Duration.ofMillis(1500));
    JsonNode node = new ObjectMapper().readTree(json);
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    assertEquals(
        List.of("person", "door", "time", "distance", "threshold", "visit", "hold_seconds"), names);
    assertEquals("2026-12-04T22:15:00Z", node.get("time").asText());
    assertEquals(1.5, node.get("hold_seconds").asDouble());
    assertEquals(opening, OpeningJson.read(json));
  }

  @Test
  void holdSecondsArePlainDecimals() {
    assertEquals("3", OpeningJson.holdSeconds(Duration.ofSeconds(3)).toPlainString());
    assertEquals("0.25", OpeningJson.holdSeconds(Duration.ofMillis(250)).toPlainString());
  }

  @Test
  void rejectsBlankPersonAndNegativeDistanceNamingThem() {
    IllegalArgumentException blank =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Opening(" ", "front", Samples.AT, 0.3, 0.6, "v1"));
    assertTrue(blank.getMessage().contains("person"), blank.getMessage());
    IllegalArgumentException negative =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Opening("Ann", "front", Samples.AT, -0.1, 0.6, "v1"));
    assertTrue(negative.getMessage().contains("-0.1"), negative.getMessage());
  }

  @Test
  void readNamesTheMissingField() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> OpeningJson.read("{\"person\":\"Ann\",\"time\":\"2026-12-04T22:15:00Z\"}"));
    assertTrue(e.getMessage().contains("'door'"), e.getMessage());
  }
}
