package org.likeness.server.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.likeness.error.BadInputException;
import org.sqlite.SQLiteConfig;

/**
 * The door's audit trail: an append-only SQLite table ({@code audit.db} in the service's data
 * directory, WAL mode) with one row per identify or verify decision, and a second one with one row
 * per administrative event that changes how the door decides (a model migration and its switch),
 * and a third with one row per visit decided at the door's camera. Each append is committed and
 * synced before it returns. The service writes it; {@code likeness audit} and the admin page read
 * it, also while the service runs. One instance is safe to share between threads.
 */
public final class AuditLog implements AutoCloseable {
  /** The file's name inside the data directory. */
  public static final String FILE = "audit.db";

  /** The most rows one read returns. */
  public static final int MAX_ROWS = 100_000;

  private static final int SCHEMA_VERSION = 4;
  /** Version 1 had no {@code reason} column; it is added in place when the log is opened for writing. */
  private static final int SCHEMA_WITHOUT_REASON = 1;
  /** Version 2 had no {@code admin_event} table; it is added in place when the log is opened for writing. */
  private static final int SCHEMA_WITHOUT_EVENTS = 2;
  /** Version 3 had no {@code visit} table; it is added in place when the log is opened for writing. */
  private static final int SCHEMA_WITHOUT_VISITS = 3;

  private final Path file;
  private final Connection db;

  private AuditLog(Path file, Connection db) {
    this.file = file;
    this.db = db;
  }

  /** The audit file in {@code dataDir}. */
  public static Path fileIn(Path dataDir) {
    return dataDir.resolve(FILE);
  }

  /** Opens the audit log for writing, creating it (and its directory) when missing. */
  public static AuditLog open(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the directory of audit log " + file, e);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(5_000);
    Connection db = connect(file, config);
    try (Statement s = db.createStatement()) {
      s.executeUpdate("""
          CREATE TABLE IF NOT EXISTS decision (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            at_us        INTEGER NOT NULL,
            endpoint     TEXT    NOT NULL,
            claimed_name TEXT,
            identity     TEXT,
            distance     REAL,
            threshold    REAL    NOT NULL,
            outcome      TEXT    NOT NULL,
            faces        INTEGER NOT NULL,
            image_sha256 TEXT    NOT NULL,
            key_name     TEXT    NOT NULL,
            reason       TEXT)""");
      s.executeUpdate("CREATE INDEX IF NOT EXISTS decision_at ON decision(at_us)");
      s.executeUpdate("""
          CREATE TABLE IF NOT EXISTS admin_event (
            id       INTEGER PRIMARY KEY AUTOINCREMENT,
            at_us    INTEGER NOT NULL,
            action   TEXT    NOT NULL,
            detail   TEXT    NOT NULL,
            key_name TEXT    NOT NULL)""");
      s.executeUpdate("""
          CREATE TABLE IF NOT EXISTS visit (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            at_us       INTEGER NOT NULL,
            door        TEXT    NOT NULL,
            visit_id    INTEGER NOT NULL,
            decision    TEXT    NOT NULL,
            person      TEXT,
            reason      TEXT,
            frames      INTEGER NOT NULL,
            explanation TEXT    NOT NULL)""");
      s.executeUpdate("CREATE INDEX IF NOT EXISTS visit_at ON visit(at_us)");
      int version = userVersion(s);
      if (version == 0 || version == SCHEMA_WITHOUT_EVENTS || version == SCHEMA_WITHOUT_VISITS) {
        s.executeUpdate("PRAGMA user_version = " + SCHEMA_VERSION);
      } else if (version == SCHEMA_WITHOUT_REASON) {
        // Every earlier decision is kept; they just have no recorded reason.
        s.executeUpdate("ALTER TABLE decision ADD COLUMN reason TEXT");
        s.executeUpdate("PRAGMA user_version = " + SCHEMA_VERSION);
      } else if (version != SCHEMA_VERSION) {
        throw new BadInputException("audit log " + file + " has schema version " + version
            + " but this Likeness reads version " + SCHEMA_VERSION);
      }
      return new AuditLog(file, db);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(db, e);
      throw e instanceof SQLException se ? failure("cannot set up audit log " + file, se) : (RuntimeException) e;
    }
  }

  /** Opens an existing audit log for reading only; refuses a missing file. */
  public static AuditLog openReadOnly(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException("no audit log at " + file + "; it is created when 'likeness serve' first starts");
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(5_000);
    Connection db = connect(file, config);
    try (Statement s = db.createStatement()) {
      int version = userVersion(s);
      if (version != SCHEMA_VERSION && version != SCHEMA_WITHOUT_VISITS && version != SCHEMA_WITHOUT_EVENTS
          && version != SCHEMA_WITHOUT_REASON) {
        throw new BadInputException("audit log " + file + " has schema version " + version
            + " but this Likeness reads version " + SCHEMA_VERSION);
      }
      return new AuditLog(file, db);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(db, e);
      throw e instanceof SQLException se ? failure("cannot read audit log " + file, se) : (RuntimeException) e;
    }
  }

  public Path file() {
    return file;
  }

  /** Appends an unsaved entry (id 0), commits it, and returns it with its id. */
  public synchronized AuditEntry append(AuditEntry entry) {
    if (entry.id() != 0) {
      throw new IllegalArgumentException("audit entry " + entry.id() + " is already saved; append takes unsaved entries (id 0)");
    }
    try (PreparedStatement p = db.prepareStatement("""
        INSERT INTO decision(at_us, endpoint, claimed_name, identity, distance, threshold, outcome, faces,
                             image_sha256, key_name, reason)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")) {
      p.setLong(1, micros(entry.at()));
      p.setString(2, entry.endpoint().name());
      setText(p, 3, entry.claimedName());
      setText(p, 4, entry.identity());
      if (entry.distance().isPresent()) {
        p.setDouble(5, entry.distance().get());
      } else {
        p.setNull(5, Types.REAL);
      }
      p.setDouble(6, entry.threshold());
      p.setString(7, entry.outcome().name());
      p.setInt(8, entry.faces());
      p.setString(9, entry.imageSha256());
      p.setString(10, entry.keyName());
      setText(p, 11, entry.reason());
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        long id = rs.getLong(1);
        return new AuditEntry(id, entry.at(), entry.endpoint(), entry.claimedName(), entry.identity(),
            entry.distance(), entry.threshold(), entry.outcome(), entry.faces(), entry.imageSha256(), entry.keyName(),
            entry.reason());
      }
    } catch (SQLException e) {
      throw failure("cannot append to audit log " + file, e);
    }
  }

  /** Appends an administrative event (id 0), commits it, and returns it with its id. */
  public synchronized AdminEvent appendEvent(AdminEvent event) {
    if (event.id() != 0) {
      throw new IllegalArgumentException("admin event " + event.id() + " is already saved; appendEvent takes unsaved events (id 0)");
    }
    try (PreparedStatement p = db.prepareStatement(
        "INSERT INTO admin_event(at_us, action, detail, key_name) VALUES (?, ?, ?, ?) RETURNING id")) {
      p.setLong(1, micros(event.at()));
      p.setString(2, event.action().name());
      p.setString(3, event.detail());
      p.setString(4, event.keyName());
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return new AdminEvent(rs.getLong(1), event.at(), event.action(), event.detail(), event.keyName());
      }
    } catch (SQLException e) {
      throw failure("cannot append to audit log " + file, e);
    }
  }

  /** The latest {@code limit} administrative events, newest first; none in a log from before they were kept. */
  public synchronized List<AdminEvent> recentEvents(int limit) {
    requireLimit(limit);
    List<AdminEvent> out = new ArrayList<>();
    try (Statement s = db.createStatement();
        ResultSet t = s.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'admin_event'")) {
      if (!t.next()) {
        return out;
      }
    } catch (SQLException e) {
      throw failure("cannot read audit log " + file, e);
    }
    try (PreparedStatement p = db.prepareStatement(
        "SELECT id, at_us, action, detail, key_name FROM admin_event ORDER BY id DESC LIMIT ?")) {
      p.setInt(1, limit);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(new AdminEvent(rs.getLong(1), Instant.EPOCH.plus(rs.getLong(2), ChronoUnit.MICROS),
              AdminEvent.Action.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw failure("cannot read audit log " + file, e);
    }
  }

  /** Appends a visit's decision (id 0), commits it, and returns it with its id. */
  public synchronized VisitRecord appendVisit(VisitRecord visit) {
    if (visit.id() != 0) {
      throw new IllegalArgumentException("visit record " + visit.id() + " is already saved; appendVisit takes unsaved records (id 0)");
    }
    try (PreparedStatement p = db.prepareStatement("""
        INSERT INTO visit(at_us, door, visit_id, decision, person, reason, frames, explanation)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")) {
      p.setLong(1, micros(visit.at()));
      p.setString(2, visit.door());
      p.setLong(3, visit.visitId());
      p.setString(4, visit.decision().name());
      setText(p, 5, visit.person());
      setText(p, 6, visit.reason());
      p.setInt(7, visit.frames());
      p.setString(8, visit.explanation());
      try (ResultSet rs = p.executeQuery()) {
        rs.next();
        return new VisitRecord(rs.getLong(1), visit.at(), visit.door(), visit.visitId(), visit.decision(),
            visit.person(), visit.reason(), visit.frames(), visit.explanation());
      }
    } catch (SQLException e) {
      throw failure("cannot append to audit log " + file, e);
    }
  }

  /**
   * Visits decided at or after {@code from}, oldest first, at most {@code limit}; none in a log from
   * before visits were kept.
   */
  public synchronized List<VisitRecord> visitsSince(Instant from, int limit) {
    requireLimit(limit);
    List<VisitRecord> out = new ArrayList<>();
    if (!hasTable("visit")) {
      return out;
    }
    try (PreparedStatement p = db.prepareStatement("SELECT id, at_us, door, visit_id, decision, person, reason, frames,"
        + " explanation FROM visit WHERE at_us >= ? ORDER BY id ASC LIMIT ?")) {
      p.setLong(1, micros(from));
      p.setInt(2, limit);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(new VisitRecord(rs.getLong(1), Instant.EPOCH.plus(rs.getLong(2), ChronoUnit.MICROS), rs.getString(3),
              rs.getLong(4), VisitRecord.Decision.valueOf(rs.getString(5)), Optional.ofNullable(rs.getString(6)),
              Optional.ofNullable(rs.getString(7)), rs.getInt(8), rs.getString(9)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw failure("cannot read audit log " + file, e);
    }
  }

  private boolean hasTable(String name) {
    try (PreparedStatement p = db.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
      p.setString(1, name);
      try (ResultSet t = p.executeQuery()) {
        return t.next();
      }
    } catch (SQLException e) {
      throw failure("cannot read audit log " + file, e);
    }
  }

  /** The latest {@code limit} entries, newest first. */
  public synchronized List<AuditEntry> recent(int limit) {
    requireLimit(limit);
    return query("SELECT * FROM decision ORDER BY id DESC LIMIT ?", p -> p.setInt(1, limit));
  }

  /** Entries at or after {@code from}, oldest first, at most {@code limit}. */
  public synchronized List<AuditEntry> since(Instant from, int limit) {
    requireLimit(limit);
    return query("SELECT * FROM decision WHERE at_us >= ? ORDER BY id ASC LIMIT ?", p -> {
      p.setLong(1, micros(from));
      p.setInt(2, limit);
    });
  }

  /** How many decisions the log holds. */
  public synchronized long count() {
    try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM decision")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw failure("cannot count audit log " + file, e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw failure("cannot close audit log " + file, e);
    }
  }

  private interface Binder {
    void bind(PreparedStatement p) throws SQLException;
  }

  private List<AuditEntry> query(String sql, Binder binder) {
    try (PreparedStatement p = db.prepareStatement(sql)) {
      binder.bind(p);
      List<AuditEntry> out = new ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          double distance = rs.getDouble("distance");
          Optional<Double> d = rs.wasNull() ? Optional.empty() : Optional.of(distance);
          out.add(new AuditEntry(
              rs.getLong("id"),
              Instant.EPOCH.plus(rs.getLong("at_us"), ChronoUnit.MICROS),
              DoorEndpoint.valueOf(rs.getString("endpoint")),
              Optional.ofNullable(rs.getString("claimed_name")),
              Optional.ofNullable(rs.getString("identity")),
              d,
              rs.getDouble("threshold"),
              Outcome.valueOf(rs.getString("outcome")),
              rs.getInt("faces"),
              rs.getString("image_sha256"),
              rs.getString("key_name"),
              Optional.ofNullable(hasReason(rs) ? rs.getString("reason") : null)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw failure("cannot read audit log " + file, e);
    }
  }

  private static boolean hasReason(ResultSet rs) throws SQLException {
    java.sql.ResultSetMetaData meta = rs.getMetaData();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      if ("reason".equalsIgnoreCase(meta.getColumnName(i))) {
        return true;
      }
    }
    return false;
  }

  private static void requireLimit(int limit) {
    if (limit < 1 || limit > MAX_ROWS) {
      throw new BadInputException("audit limit must be in 1.." + MAX_ROWS + ", got " + limit);
    }
  }

  private static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  private static void setText(PreparedStatement p, int index, Optional<String> value) throws SQLException {
    if (value.isPresent()) {
      p.setString(index, value.get());
    } else {
      p.setNull(index, Types.VARCHAR);
    }
  }

  private static int userVersion(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static Connection connect(Path file, SQLiteConfig config) {
    try {
      return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), config.toProperties());
    } catch (SQLException e) {
      throw failure("cannot open audit log " + file, e);
    }
  }

  private static RuntimeException failure(String what, SQLException e) {
    return new IllegalStateException(what + ": " + e.getMessage(), e);
  }

  private static void closeQuietly(Connection db, Exception failure) {
    try {
      db.close();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }
}
