package org.likeness.gallery;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.likeness.compare.Metric;
import org.likeness.detect.Box;
import org.likeness.embed.Embedding;
import org.likeness.embed.ModelId;
import org.likeness.error.BadInputException;
import org.likeness.quality.FaceQuality;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

/**
 * The gallery's SQLite file: the single source of truth, written in WAL mode with {@code
 * synchronous=FULL} so that every committed enrollment survives a crash of the process and of the
 * machine. One connection, used by one thread at a time (every method is synchronized).
 */
final class GalleryStore implements AutoCloseable {
  static final String DB_FILE = "gallery.db";
  private static final String CREATING_SUFFIX = ".creating";

  /** Receives each stored template while the gallery loads. */
  interface TemplateSink {
    void accept(long id, String person, float[] vector);
  }

  private final Path directory;
  private final Connection connection;
  private final GalleryInfo info;

  private GalleryStore(Path directory, Connection connection, GalleryInfo info) {
    this.directory = directory;
    this.connection = connection;
    this.info = info;
  }

  /**
   * Creates {@code gallery.db} atomically: it is built under a temporary name and renamed into
   * place, so a crash during creation leaves either no gallery or a complete one.
   */
  static GalleryStore create(Path directory, GallerySpec spec, String software, Instant now) {
    Path db = directory.resolve(DB_FILE);
    if (Files.exists(db)) {
      throw new GalleryFormatException(
          "'"
              + directory
              + "' already holds a gallery ("
              + DB_FILE
              + "); open it instead of creating one");
    }
    Path temp = directory.resolve(DB_FILE + CREATING_SUFFIX);
    try {
      Files.deleteIfExists(temp);
      Files.deleteIfExists(directory.resolve(DB_FILE + CREATING_SUFFIX + "-journal"));
      try (Connection c = connect(temp, true)) {
        try (Statement st = c.createStatement()) {
          st.executeUpdate("BEGIN IMMEDIATE");
          Schema.migrate(c, 0, software, now);
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO gallery(singleton, uuid, name, model_name, model_sha256, dimensions,"
                      + " metric, created_at, created_by) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, spec.name());
            insert.setString(3, spec.model().name());
            insert.setString(4, spec.model().sha256());
            insert.setInt(5, spec.dimensions());
            insert.setString(6, spec.metric().name());
            insert.setString(7, Timestamps.format(now));
            insert.setString(8, software);
            insert.executeUpdate();
          }
          st.executeUpdate("COMMIT");
        }
      }
      try (FileChannel file = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        file.force(true);
      }
      Files.move(temp, db, StandardCopyOption.ATOMIC_MOVE);
      syncDirectory(directory);
    } catch (SQLException | IOException e) {
      throw new GalleryStorageException(
          "cannot create gallery '" + spec.name() + "' in '" + directory + "': " + e.getMessage(),
          e);
    }
    return open(directory, software, now);
  }

  /** Makes a rename durable; some platforms (Windows) cannot open a directory, and need not. */
  private static void syncDirectory(Path directory) {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Directories cannot be opened for syncing on Windows, where renames are journaled anyway.
    }
  }

  static boolean exists(Path directory) {
    return Files.isRegularFile(directory.resolve(DB_FILE));
  }

  static GalleryStore open(Path directory, String software, Instant now) {
    if (!Files.isDirectory(directory)) {
      throw new GalleryFormatException(
          "no gallery at '" + directory + "': there is no such directory");
    }
    Path db = directory.resolve(DB_FILE);
    if (!Files.isRegularFile(db)) {
      throw new GalleryFormatException(
          "'" + directory + "' is not a Likeness gallery: it has no " + DB_FILE);
    }
    Connection c;
    try {
      c = connect(db, false);
    } catch (SQLException e) {
      throw new GalleryStorageException("cannot open '" + db + "': " + e.getMessage(), e);
    }
    try {
      int applicationId = pragmaInt(c, "application_id");
      if (applicationId != Schema.APPLICATION_ID) {
        throw new GalleryFormatException(
            String.format(
                "'%s' is not a Likeness gallery: its SQLite application_id is 0x%08x, a gallery has"
                    + " 0x%08x",
                db, applicationId, Schema.APPLICATION_ID));
      }
      int version = pragmaInt(c, "user_version");
      if (version > Schema.CURRENT_VERSION) {
        throw new GalleryFormatException(
            "gallery '"
                + directory
                + "' has schema version "
                + version
                + " but "
                + software
                + " reads versions up to "
                + Schema.CURRENT_VERSION
                + "; upgrade Likeness to open it");
      }
      try (Statement st = c.createStatement()) {
        try (ResultSet rs = st.executeQuery("PRAGMA journal_mode = WAL")) {
          String mode = rs.next() ? rs.getString(1) : "nothing";
          if (!"wal".equalsIgnoreCase(mode)) {
            throw new GalleryStorageException(
                "cannot switch '"
                    + db
                    + "' to write-ahead logging: SQLite answered '"
                    + mode
                    + "'");
          }
        }
        st.executeUpdate("PRAGMA synchronous = FULL");
        if (version < Schema.CURRENT_VERSION) {
          st.executeUpdate("BEGIN IMMEDIATE");
          try {
            Schema.migrate(c, version, software, now);
            st.executeUpdate("COMMIT");
          } catch (SQLException | RuntimeException e) {
            st.executeUpdate("ROLLBACK");
            throw e;
          }
        }
      }
      return new GalleryStore(directory, c, readInfo(c, directory));
    } catch (SQLException | RuntimeException e) {
      try {
        c.close();
      } catch (SQLException closing) {
        e.addSuppressed(closing);
      }
      if (e instanceof SQLiteException se && se.getResultCode() == SQLiteErrorCode.SQLITE_NOTADB) {
        throw new GalleryFormatException(
            "'" + directory + "' is not a Likeness gallery: " + db + " is not an SQLite database",
            e);
      }
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new GalleryStorageException(
          "cannot open gallery '" + directory + "': " + e.getMessage(), e);
    }
  }

  private static Connection connect(Path file, boolean create) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    if (!create) {
      config.resetOpenMode(SQLiteOpenMode.CREATE);
    }
    config.enforceForeignKeys(true);
    config.setBusyTimeout(10_000);
    return config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
  }

  private static int pragmaInt(Connection c, String pragma) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA " + pragma)) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  private static GalleryInfo readInfo(Connection c, Path directory) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT uuid, name, model_name, model_sha256, dimensions, metric, created_at,"
                    + " created_by FROM gallery WHERE singleton = 1")) {
      if (!rs.next()) {
        throw new GalleryFormatException(
            "gallery '" + directory + "' has no row in its gallery table");
      }
      GallerySpec spec =
          new GallerySpec(
              rs.getString(2),
              new ModelId(rs.getString(3), rs.getString(4)),
              rs.getInt(5),
              Metric.parse(rs.getString(6)));
      return new GalleryInfo(
          directory,
          UUID.fromString(rs.getString(1)),
          spec,
          Timestamps.parse(rs.getString(7)),
          rs.getString(8),
          pragmaInt(c, "user_version"));
    }
  }

  GalleryInfo info() {
    return info;
  }

  /** The number of stored templates. */
  synchronized int countTemplates() {
    return query(
        "count templates",
        () -> {
          try (Statement st = connection.createStatement();
              ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM template")) {
            rs.next();
            return rs.getInt(1);
          }
        });
  }

  /** Streams every template in id order, checking that each was made by the gallery's model. */
  synchronized void forEachTemplate(TemplateSink sink) {
    GallerySpec spec = info.spec();
    query(
        "load templates",
        () -> {
          try (Statement st = connection.createStatement();
              ResultSet rs =
                  st.executeQuery(
                      "SELECT t.id, p.name, t.model_name, t.model_sha256, t.embedding"
                          + " FROM template t JOIN person p ON p.id = t.person_id ORDER BY t.id")) {
            while (rs.next()) {
              long id = rs.getLong(1);
              if (!spec.model().name().equals(rs.getString(3))
                  || !spec.model().sha256().equals(rs.getString(4))) {
                throw new GalleryStorageException(
                    "template "
                        + id
                        + " of gallery '"
                        + spec.name()
                        + "' was made by "
                        + rs.getString(3)
                        + "@"
                        + rs.getString(4)
                        + " but the gallery holds "
                        + spec.model());
              }
              sink.accept(id, rs.getString(2), Blobs.decode(rs.getBytes(5), spec.dimensions(), id));
            }
            return null;
          }
        });
  }

  /**
   * Enrolls a batch in one transaction: all of it is committed, or none. Items whose image is
   * already enrolled for the same person come back {@link EnrollOutcome.Status#ALREADY_ENROLLED};
   * an image already enrolled for someone else fails the whole batch. Names must be valid already.
   */
  synchronized List<EnrollOutcome> enroll(List<Enrollment> batch, Instant now) {
    return transaction(
        "enroll " + batch.size() + " template(s)",
        () -> {
          List<EnrollOutcome> outcomes = new ArrayList<>(batch.size());
          for (Enrollment e : batch) {
            Template t = e.template();
            Optional<EnrollOutcome> earlier = findImage(t);
            if (earlier.isPresent()) {
              EnrollOutcome found = earlier.get();
              if (!found.person().equals(e.person())) {
                throw new BadInputException(
                    "image "
                        + t.imageSha256()
                        + " is already enrolled as '"
                        + found.person()
                        + "' (template "
                        + found.templateId()
                        + "); refusing to enroll it as '"
                        + e.person()
                        + "'. If the first label is wrong, remove template "
                        + found.templateId()
                        + " first");
              }
              outcomes.add(found);
              continue;
            }
            long personId = personId(e.person(), now);
            outcomes.add(
                new EnrollOutcome(
                    EnrollOutcome.Status.ENROLLED, insertTemplate(personId, t), e.person()));
          }
          return outcomes;
        });
  }

  private Optional<EnrollOutcome> findImage(Template t) throws SQLException {
    try (PreparedStatement st =
        connection.prepareStatement(
            "SELECT t.id, p.name FROM template t JOIN person p ON p.id = t.person_id"
                + " WHERE t.model_sha256 = ? AND t.image_sha256 = ?")) {
      st.setString(1, t.embedding().model().sha256());
      st.setString(2, t.imageSha256());
      try (ResultSet rs = st.executeQuery()) {
        return rs.next()
            ? Optional.of(
                new EnrollOutcome(
                    EnrollOutcome.Status.ALREADY_ENROLLED, rs.getLong(1), rs.getString(2)))
            : Optional.empty();
      }
    }
  }

  private long personId(String name, Instant now) throws SQLException {
    try (PreparedStatement st =
        connection.prepareStatement("SELECT id FROM person WHERE name = ?")) {
      st.setString(1, name);
      try (ResultSet rs = st.executeQuery()) {
        if (rs.next()) {
          return rs.getLong(1);
        }
      }
    }
    try (PreparedStatement st =
        connection.prepareStatement(
            "INSERT INTO person(name, created_at) VALUES (?, ?) RETURNING id")) {
      st.setString(1, name);
      st.setString(2, Timestamps.format(now));
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private long insertTemplate(long personId, Template t) throws SQLException {
    try (PreparedStatement st =
        connection.prepareStatement(
            "INSERT INTO template(person_id, model_name, model_sha256, embedding, image_sha256,"
                + " box_x1, box_y1, box_x2, box_y2, detection_score, enrolled_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
      ModelId model = t.embedding().model();
      Box box = t.box();
      st.setLong(1, personId);
      st.setString(2, model.name());
      st.setString(3, model.sha256());
      st.setBytes(4, Blobs.encode(t.embedding().vector()));
      st.setString(5, t.imageSha256());
      st.setFloat(6, box.x1());
      st.setFloat(7, box.y1());
      st.setFloat(8, box.x2());
      st.setFloat(9, box.y2());
      st.setFloat(10, t.detectionScore());
      st.setString(11, Timestamps.format(t.enrolledAt()));
      long id;
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        id = rs.getLong(1);
      }
      if (t.chip().isPresent()) {
        insertChip(id, t.chip().get());
      }
      return id;
    }
  }

  private void insertChip(long templateId, FaceChip chip) throws SQLException {
    try (PreparedStatement st =
        connection.prepareStatement(
            "INSERT INTO chip(template_id, format, image, alignment, size, landmarks, face_width_px,"
                + " sharpness, exposure, contrast, yaw_degrees, pitch_degrees, roll_degrees,"
                + " detector_score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      FaceQuality q = chip.quality();
      st.setLong(1, templateId);
      st.setString(2, chip.format().name());
      st.setBytes(3, chip.image());
      st.setString(4, chip.alignment());
      st.setInt(5, chip.size());
      st.setBytes(6, Blobs.encode(Blobs.flatten(chip.landmarks())));
      st.setDouble(7, q.faceWidthPx());
      st.setDouble(8, q.sharpness());
      st.setDouble(9, q.exposure());
      st.setDouble(10, q.contrast());
      st.setDouble(11, q.yawDegrees());
      st.setDouble(12, q.pitchDegrees());
      st.setDouble(13, q.rollDegrees());
      st.setDouble(14, q.detectorScore());
      st.executeUpdate();
    }
  }

  /** The chip stored with template {@code templateId}, if any; the result set is at column 12. */
  private static Optional<FaceChip> chipAt(ResultSet rs, long templateId) throws SQLException {
    String format = rs.getString(12);
    if (format == null) {
      return Optional.empty();
    }
    return Optional.of(
        new FaceChip(
            ChipFormat.parse(format, templateId),
            rs.getBytes(13),
            rs.getString(14),
            rs.getInt(15),
            Blobs.fivePoints(Blobs.decode(rs.getBytes(16), 10, templateId)),
            new FaceQuality(
                rs.getDouble(17),
                rs.getDouble(18),
                rs.getDouble(19),
                rs.getDouble(20),
                rs.getDouble(21),
                rs.getDouble(22),
                rs.getDouble(23),
                rs.getDouble(24))));
  }

  /** Everyone with at least one template, by name. */
  synchronized List<PersonSummary> people() {
    return query(
        "list people",
        () -> {
          List<PersonSummary> out = new ArrayList<>();
          try (Statement st = connection.createStatement();
              ResultSet rs =
                  st.executeQuery(
                      "SELECT p.name, COUNT(t.id), MIN(t.enrolled_at), MAX(t.enrolled_at)"
                          + " FROM person p JOIN template t ON t.person_id = p.id"
                          + " GROUP BY p.id ORDER BY p.name")) {
            while (rs.next()) {
              out.add(
                  new PersonSummary(
                      rs.getString(1),
                      rs.getInt(2),
                      Timestamps.parse(rs.getString(3)),
                      Timestamps.parse(rs.getString(4))));
            }
          }
          return out;
        });
  }

  synchronized Optional<PersonDetails> person(String name) {
    return query(
        "read person '" + name + "'",
        () -> {
          long id;
          Instant createdAt;
          try (PreparedStatement st =
              connection.prepareStatement("SELECT id, created_at FROM person WHERE name = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              id = rs.getLong(1);
              createdAt = Timestamps.parse(rs.getString(2));
            }
          }
          List<StoredTemplate> templates = new ArrayList<>();
          try (PreparedStatement st =
              connection.prepareStatement(
                  "SELECT t.id, t.model_name, t.model_sha256, t.embedding, t.image_sha256,"
                      + " t.box_x1, t.box_y1, t.box_x2, t.box_y2, t.detection_score, t.enrolled_at,"
                      + " c.format, c.image, c.alignment, c.size, c.landmarks, c.face_width_px,"
                      + " c.sharpness, c.exposure, c.contrast, c.yaw_degrees, c.pitch_degrees,"
                      + " c.roll_degrees, c.detector_score"
                      + " FROM template t LEFT JOIN chip c ON c.template_id = t.id"
                      + " WHERE t.person_id = ? ORDER BY t.id")) {
            st.setLong(1, id);
            try (ResultSet rs = st.executeQuery()) {
              while (rs.next()) {
                long templateId = rs.getLong(1);
                ModelId model = new ModelId(rs.getString(2), rs.getString(3));
                float[] vector = Blobs.decode(rs.getBytes(4), info.spec().dimensions(), templateId);
                templates.add(
                    new StoredTemplate(
                        templateId,
                        new Template(
                            new Embedding(vector, model),
                            rs.getString(5),
                            new Box(rs.getFloat(6), rs.getFloat(7), rs.getFloat(8), rs.getFloat(9)),
                            rs.getFloat(10),
                            Timestamps.parse(rs.getString(11)),
                            chipAt(rs, templateId))));
              }
            }
          }
          return templates.isEmpty()
              ? Optional.empty()
              : Optional.of(new PersonDetails(name, createdAt, templates));
        });
  }

  /** Deletes a person and their templates; false when there is no such person. */
  synchronized boolean removePerson(String name) {
    return transaction(
        "remove person '" + name + "'",
        () -> {
          try (PreparedStatement st =
              connection.prepareStatement("DELETE FROM person WHERE name = ?")) {
            st.setString(1, name);
            return st.executeUpdate() > 0;
          }
        });
  }

  /**
   * Deletes a template, and its person with it when it was their last one (the gallery holds no
   * people without templates); false when there is no such template.
   */
  synchronized boolean removeTemplate(long templateId) {
    return transaction(
        "remove template " + templateId,
        () -> {
          long personId;
          try (PreparedStatement st =
              connection.prepareStatement("SELECT person_id FROM template WHERE id = ?")) {
            st.setLong(1, templateId);
            try (ResultSet rs = st.executeQuery()) {
              if (!rs.next()) {
                return false;
              }
              personId = rs.getLong(1);
            }
          }
          try (PreparedStatement st =
              connection.prepareStatement("DELETE FROM template WHERE id = ?")) {
            st.setLong(1, templateId);
            st.executeUpdate();
          }
          try (PreparedStatement st =
              connection.prepareStatement(
                  "DELETE FROM person WHERE id = ? AND NOT EXISTS (SELECT 1 FROM template WHERE"
                      + " person_id = ?)")) {
            st.setLong(1, personId);
            st.setLong(2, personId);
            st.executeUpdate();
          }
          return true;
        });
  }

  /** SQLite's {@code PRAGMA integrity_check}: {@code "ok"} or a list of problems. */
  synchronized String integrityCheck() {
    return query(
        "check integrity",
        () -> {
          StringBuilder out = new StringBuilder();
          try (Statement st = connection.createStatement();
              ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            while (rs.next()) {
              if (out.length() > 0) {
                out.append('\n');
              }
              out.append(rs.getString(1));
            }
          }
          return out.toString();
        });
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new GalleryStorageException(
          "cannot close gallery '" + directory + "': " + e.getMessage(), e);
    }
  }

  private interface SqlWork<T> {
    T run() throws SQLException;
  }

  private <T> T query(String what, SqlWork<T> work) {
    try {
      return work.run();
    } catch (SQLException e) {
      throw new GalleryStorageException(
          "cannot " + what + " in gallery '" + directory + "': " + e.getMessage(), e);
    }
  }

  /**
   * Runs {@code work} in one write transaction, committed when it returns and rolled back when it
   * throws.
   */
  private <T> T transaction(String what, SqlWork<T> work) {
    return query(
        what,
        () -> {
          try (Statement st = connection.createStatement()) {
            st.executeUpdate("BEGIN IMMEDIATE");
            T result;
            try {
              result = work.run();
              st.executeUpdate("COMMIT");
            } catch (SQLException | RuntimeException | Error e) {
              try {
                st.executeUpdate("ROLLBACK");
              } catch (SQLException rollback) {
                e.addSuppressed(rollback);
              }
              throw e;
            }
            return result;
          }
        });
  }
}
