package org.likeness.gallery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * The layout of {@code gallery.db} and the migrations that lead to it. The SQLite header's {@code
 * application_id} marks the file as a Likeness gallery and its {@code user_version} holds the
 * schema version; each migration moves the schema up one version inside the caller's transaction
 * and is logged in {@code schema_history}. To change the layout, append a migration: never edit one
 * that has been released, and keep the frozen galleries in test resources readable. Opening an older gallery upgrades it
 * in place, in one transaction, keeping every row.
 */
final class Schema {
  /** "LKNS" in ASCII; written to the SQLite header so other tools can tell what the file is. */
  static final int APPLICATION_ID = 0x4C4B4E53;

  /** One step up the schema versions. */
  record Migration(int version, String description, List<String> statements) {}

  static final List<Migration> MIGRATIONS =
      List.of(
          new Migration(
              1,
              "gallery provenance, people and templates",
              List.of(
                  """
                  CREATE TABLE schema_history (
                    version     INTEGER PRIMARY KEY,
                    description TEXT NOT NULL,
                    applied_at  TEXT NOT NULL,
                    applied_by  TEXT NOT NULL
                  ) STRICT
                  """,
                  // Exactly one row: what the gallery is fixed to, and who made it when.
                  """
                  CREATE TABLE gallery (
                    singleton    INTEGER PRIMARY KEY CHECK (singleton = 1),
                    uuid         TEXT NOT NULL,
                    name         TEXT NOT NULL,
                    model_name   TEXT NOT NULL,
                    model_sha256 TEXT NOT NULL,
                    dimensions   INTEGER NOT NULL CHECK (dimensions > 0),
                    metric       TEXT NOT NULL,
                    created_at   TEXT NOT NULL,
                    created_by   TEXT NOT NULL
                  ) STRICT
                  """,
                  """
                  CREATE TABLE person (
                    id         INTEGER PRIMARY KEY AUTOINCREMENT,
                    name       TEXT NOT NULL UNIQUE,
                    created_at TEXT NOT NULL
                  ) STRICT
                  """,
                  // AUTOINCREMENT: ids are never reused, so the HNSW cache can trust them.
                  """
                  CREATE TABLE template (
                    id              INTEGER PRIMARY KEY AUTOINCREMENT,
                    person_id       INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
                    model_name      TEXT NOT NULL,
                    model_sha256    TEXT NOT NULL,
                    embedding       BLOB NOT NULL,
                    image_sha256    TEXT NOT NULL,
                    box_x1          REAL NOT NULL,
                    box_y1          REAL NOT NULL,
                    box_x2          REAL NOT NULL,
                    box_y2          REAL NOT NULL,
                    detection_score REAL NOT NULL,
                    enrolled_at     TEXT NOT NULL,
                    UNIQUE (model_sha256, image_sha256)
                  ) STRICT
                  """,
                  "CREATE INDEX template_person ON template(person_id)")),
          // Chips live in their own table: rows of version 1 stay as they are (they simply have
          // no chip), and loading templates at open does not read the images.
          new Migration(
              2,
              "aligned face chips beside templates, for re-embedding with another model",
              List.of(
                  """
                  CREATE TABLE chip (
                    template_id    INTEGER PRIMARY KEY REFERENCES template(id) ON DELETE CASCADE,
                    format         TEXT NOT NULL,
                    image          BLOB NOT NULL,
                    alignment      TEXT NOT NULL,
                    size           INTEGER NOT NULL CHECK (size > 0),
                    landmarks      BLOB NOT NULL,
                    face_width_px  REAL NOT NULL,
                    sharpness      REAL NOT NULL,
                    exposure       REAL NOT NULL,
                    contrast       REAL NOT NULL,
                    yaw_degrees    REAL NOT NULL,
                    pitch_degrees  REAL NOT NULL,
                    roll_degrees   REAL NOT NULL,
                    detector_score REAL NOT NULL
                  ) STRICT
                  """)));

  /** The version this build writes and reads. */
  static final int CURRENT_VERSION = MIGRATIONS.get(MIGRATIONS.size() - 1).version();

  private Schema() {}

  /**
   * Applies every migration above {@code fromVersion} and sets {@code user_version}, all inside the
   * caller's open transaction so that a crash leaves the old version intact.
   */
  static void migrate(Connection connection, int fromVersion, String software, Instant now)
      throws SQLException {
    for (Migration m : MIGRATIONS) {
      if (m.version() <= fromVersion) {
        continue;
      }
      try (Statement st = connection.createStatement()) {
        for (String sql : m.statements()) {
          st.executeUpdate(sql);
        }
      }
      try (PreparedStatement st =
          connection.prepareStatement(
              "INSERT INTO schema_history(version, description, applied_at, applied_by) VALUES (?,"
                  + " ?, ?, ?)")) {
        st.setInt(1, m.version());
        st.setString(2, m.description());
        st.setString(3, Timestamps.format(now));
        st.setString(4, software);
        st.executeUpdate();
      }
    }
    try (Statement st = connection.createStatement()) {
      st.executeUpdate("PRAGMA application_id = " + APPLICATION_ID);
      st.executeUpdate("PRAGMA user_version = " + CURRENT_VERSION);
    }
  }
}
