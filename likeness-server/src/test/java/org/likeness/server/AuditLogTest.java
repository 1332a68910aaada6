package org.likeness.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.error.BadInputException;
import org.likeness.server.audit.AdminEvent;
import org.likeness.server.audit.AuditEntry;
import org.likeness.server.audit.AuditLog;
import org.likeness.server.audit.DoorEndpoint;
import org.likeness.server.audit.Outcome;
import org.likeness.server.audit.Since;
import org.likeness.server.audit.VisitRecord;

/** The audit log keeps every field of every decision, survives reopening, and filters by time. */
class AuditLogTest {
  @TempDir Path dir;

  static AuditEntry entry(Instant at, DoorEndpoint endpoint, Optional<String> claimed, Optional<String> identity,
      Optional<Double> distance, Outcome outcome) {
    return new AuditEntry(0, at, endpoint, claimed, identity, distance, 0.7096, outcome, 1, "ab".repeat(32), "kiosk",
        Optional.of("match"));
  }

  @Test
  void entriesComeBackFieldForFieldAfterReopening() {
    Instant t0 = Instant.parse("2025-05-01T08:00:00.123456Z");
    AuditEntry a = entry(t0, DoorEndpoint.IDENTIFY, Optional.empty(), Optional.of("Ada Lovelace"), Optional.of(0.41), Outcome.IDENTIFIED);
    AuditEntry b = entry(t0.plusSeconds(60), DoorEndpoint.VERIFY, Optional.of("Bob, \"the\" builder"), Optional.empty(),
        Optional.empty(), Outcome.UNKNOWN_NAME);
    AuditEntry savedA;
    AuditEntry savedB;
    try (AuditLog log = AuditLog.open(AuditLog.fileIn(dir))) {
      savedA = log.append(a);
      savedB = log.append(b);
      assertThrows(IllegalArgumentException.class, () -> log.append(savedA), "saved entries cannot be appended twice");
    }
    try (AuditLog log = AuditLog.openReadOnly(AuditLog.fileIn(dir))) {
      assertEquals(List.of(savedB, savedA), log.recent(10));
      assertEquals(List.of(savedB), log.since(t0.plusSeconds(1), 10));
      assertEquals(2, log.count());
      assertEquals(t0, log.recent(10).get(1).at());
    }
  }

  @Test
  void readingAMissingLogSaysWhereItLooked() {
    BadInputException e = assertThrows(BadInputException.class, () -> AuditLog.openReadOnly(dir.resolve("audit.db")));
    assertEquals(true, e.getMessage().contains(dir.resolve("audit.db").toString()), e.getMessage());
  }

  @Test
  void sinceReadsSpansInstantsAndDates() {
    Instant now = Instant.parse("2025-05-10T12:00:00Z");
    assertEquals(Instant.parse("2025-05-09T12:00:00Z"), Since.parse("24h", now, ZoneOffset.UTC));
    assertEquals(Instant.parse("2025-05-03T12:00:00Z"), Since.parse("7d", now, ZoneOffset.UTC));
    assertEquals(Instant.parse("2025-05-10T11:45:00Z"), Since.parse("15m", now, ZoneOffset.UTC));
    assertEquals(Instant.parse("2025-05-01T06:00:00Z"), Since.parse("2025-05-01T08:00:00+02:00", now, ZoneOffset.UTC));
    assertEquals(Instant.parse("2025-04-30T22:00:00Z"), Since.parse("2025-05-01", now, ZoneOffset.ofHours(2)));
    assertThrows(BadInputException.class, () -> Since.parse("yesterday", now, ZoneOffset.UTC));
    assertThrows(BadInputException.class, () -> Since.parse("2025-05-01T08:00:00", now, ZoneOffset.UTC));
  }

  @Test
  void aLogWrittenBeforeReasonsWereKeptOpensWithEveryDecision() throws Exception {
    Path file = dir.resolve("v1.db");
    try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
        java.sql.Statement s = db.createStatement()) {
      s.executeUpdate("""
          CREATE TABLE decision (id INTEGER PRIMARY KEY AUTOINCREMENT, at_us INTEGER NOT NULL, endpoint TEXT NOT NULL,
            claimed_name TEXT, identity TEXT, distance REAL, threshold REAL NOT NULL, outcome TEXT NOT NULL,
            faces INTEGER NOT NULL, image_sha256 TEXT NOT NULL, key_name TEXT NOT NULL)""");
      s.executeUpdate("INSERT INTO decision(at_us, endpoint, identity, distance, threshold, outcome, faces, image_sha256,"
          + " key_name) VALUES (1700000000000000, 'IDENTIFY', 'Ann', 0.3, 0.55, 'IDENTIFIED', 1, 'cd', 'kiosk')");
      s.executeUpdate("PRAGMA user_version = 1");
    }
    try (AuditLog readOnly = AuditLog.openReadOnly(file)) {
      assertEquals(Optional.empty(), readOnly.recent(10).get(0).reason());
    }
    try (AuditLog log = AuditLog.open(file)) {
      AuditEntry old = log.recent(10).get(0);
      assertEquals(Optional.of("Ann"), old.identity());
      assertEquals(Optional.empty(), old.reason());
      log.append(entry(Instant.parse("2026-12-04T10:00:00Z"), DoorEndpoint.IDENTIFY, Optional.empty(), Optional.empty(),
          Optional.empty(), Outcome.SPOOF));
      assertEquals(2, log.count());
      assertEquals(Optional.of("match"), log.recent(1).get(0).reason());
    }
  }

  @Test
  void aSchemaTwoLogGainsAdminEventsAndKeepsItsDecisions() throws Exception {
    Path file = dir.resolve("v2.db");
    try (AuditLog log = AuditLog.open(file)) {
      log.append(entry(Instant.parse("2026-12-01T10:00:00Z"), DoorEndpoint.IDENTIFY, Optional.empty(),
          Optional.of("Ann"), Optional.of(0.3), Outcome.IDENTIFIED));
    }
    try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
        java.sql.Statement s = db.createStatement()) {
      s.executeUpdate("DROP TABLE admin_event");
      s.executeUpdate("PRAGMA user_version = 2");
    }
    try (AuditLog readOnly = AuditLog.openReadOnly(file)) {
      assertEquals(List.of(), readOnly.recentEvents(10));
    }
    Instant at = Instant.parse("2026-12-04T10:00:00.123456Z");
    try (AuditLog log = AuditLog.open(file)) {
      assertEquals(1, log.count());
      AdminEvent saved = log.appendEvent(new AdminEvent(0, at, AdminEvent.Action.MODEL_SWITCHED,
          "mobilefacenet-192 -> dlib-resnet-128", "admin"));
      assertTrue(saved.id() > 0);
    }
    try (AuditLog readOnly = AuditLog.openReadOnly(file)) {
      assertEquals(List.of(new AdminEvent(1, at, AdminEvent.Action.MODEL_SWITCHED, "mobilefacenet-192 -> dlib-resnet-128",
          "admin")), readOnly.recentEvents(10));
      assertEquals(Optional.of("Ann"), readOnly.recent(1).get(0).identity());
    }
  }

  @Test
  void aSchemaThreeLogGainsVisitsAndKeepsItsDecisionsAndEvents() throws Exception {
    Path file = dir.resolve("v3.db");
    Instant at = Instant.parse("2026-12-04T10:00:00.123456Z");
    try (AuditLog log = AuditLog.open(file)) {
      log.append(entry(Instant.parse("2026-12-01T10:00:00Z"), DoorEndpoint.IDENTIFY, Optional.empty(),
          Optional.of("Ann"), Optional.of(0.3), Outcome.IDENTIFIED));
      log.appendEvent(new AdminEvent(0, at, AdminEvent.Action.MODEL_SWITCHED, "a -> b", "admin"));
    }
    try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
        java.sql.Statement s = db.createStatement()) {
      s.executeUpdate("DROP TABLE visit");
      s.executeUpdate("PRAGMA user_version = 3");
    }
    try (AuditLog readOnly = AuditLog.openReadOnly(file)) {
      assertEquals(List.of(), readOnly.visitsSince(Instant.EPOCH, 10));
    }
    VisitRecord opened = new VisitRecord(0, at, "front", 7, VisitRecord.Decision.OPENED, Optional.of("Ann"),
        Optional.empty(), 5, "Ann on 3 frames; door opened");
    VisitRecord refused = new VisitRecord(0, at.plusSeconds(9), "front", 8, VisitRecord.Decision.REFUSED,
        Optional.empty(), Optional.of("stranger"), 4, "nobody enrolled on 3 frames");
    try (AuditLog log = AuditLog.open(file)) {
      assertEquals(1, log.count());
      assertEquals(1, log.appendVisit(opened).id());
      assertEquals(2, log.appendVisit(refused).id());
    }
    try (AuditLog readOnly = AuditLog.openReadOnly(file)) {
      List<VisitRecord> kept = readOnly.visitsSince(Instant.EPOCH, 10);
      assertEquals(List.of(withId(opened, 1), withId(refused, 2)), kept);
      assertEquals(List.of(withId(refused, 2)), readOnly.visitsSince(at.plusSeconds(1), 10));
      assertEquals(Optional.of("Ann"), readOnly.recent(1).get(0).identity());
      assertEquals(1, readOnly.recentEvents(10).size());
    }
    assertThrows(IllegalArgumentException.class, () -> new VisitRecord(0, at, "front", 9, VisitRecord.Decision.REFUSED,
        Optional.of("Ann"), Optional.of("stranger"), 3, "a refusal naming a person"));
    assertThrows(IllegalArgumentException.class, () -> new VisitRecord(0, at, "front", 9, VisitRecord.Decision.NOT_OPENED,
        Optional.of("Ann"), Optional.empty(), 3, "not opened without a reason"));
  }

  private static VisitRecord withId(VisitRecord v, long id) {
    return new VisitRecord(id, v.at(), v.door(), v.visitId(), v.decision(), v.person(), v.reason(), v.frames(),
        v.explanation());
  }
}
