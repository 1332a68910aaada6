package org.likeness.gallery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.compare.Metric;
import org.likeness.detect.Box;
import org.likeness.detect.FivePoints;
import org.likeness.detect.Point;
import org.likeness.embed.Embedding;
import org.likeness.quality.FaceQuality;

/**
 * Templates keep the aligned chip they were made from (schema version 2), and a version 1 gallery
 * is upgraded in place in one transaction that keeps every row or changes nothing.
 */
class FaceChipTest {
  static final GallerySpec SPEC = new GallerySpec("chips", TestVectors.DLIB, 16, Metric.L2);

  static FaceChip chip(int seed) {
    byte[] image = new byte[200 + seed];
    new Random(seed).nextBytes(image);
    return new FaceChip(
        ChipFormat.JPEG,
        image,
        "arcface-112-x2-on288",
        288,
        new FivePoints(
            new Point(108.5f + seed, 118), new Point(180, 118), new Point(144, 158),
            new Point(115, 198), new Point(173, 198.25f)),
        new FaceQuality(93.5, 0.41, 120, 44, -3.5, 2.25, 1.0, 0.98));
  }

  static Template template(int seed, Optional<FaceChip> chip) {
    return new Template(
        new Embedding(TestVectors.randomUnit(new Random(seed), 16), TestVectors.DLIB),
        TestVectors.sha256("photo " + seed),
        new Box(10, 20, 110, 140),
        0.97f,
        Instant.parse("2026-12-01T10:00:00Z").plusSeconds(seed),
        chip);
  }

  @Test
  void aChipComesBackAsItWasStoredAndATemplateWithoutOneHasNone(@TempDir Path dir) {
    Template with = template(1, Optional.of(chip(1)));
    Template without = template(2, Optional.empty());
    try (Gallery gallery = Gallery.create(dir, SPEC, GalleryOptions.defaults())) {
      gallery.enroll("Ada Lovelace", with);
      gallery.enroll("Ada Lovelace", without);
    }
    try (Gallery gallery = Gallery.open(dir, GalleryOptions.defaults())) {
      List<StoredTemplate> stored = gallery.person("Ada Lovelace").orElseThrow().templates();
      assertEquals(List.of(with, without), stored.stream().map(StoredTemplate::template).toList());
      assertArrayEquals(chip(1).image(), stored.get(0).template().chip().orElseThrow().image());
      assertEquals(Optional.empty(), stored.get(1).template().chip());
    }
  }

  @Test
  void removingATemplateRemovesItsChip(@TempDir Path dir) throws SQLException {
    try (Gallery gallery = Gallery.create(dir, SPEC, GalleryOptions.defaults())) {
      long id = gallery.enroll("Ada Lovelace", template(1, Optional.of(chip(1)))).templateId();
      gallery.enroll("Ada Lovelace", template(2, Optional.of(chip(2))));
      assertTrue(gallery.removeTemplate(id));
    }
    assertEquals(1, count(dir, "SELECT COUNT(*) FROM chip"));
  }

  @Test
  void upgradesTheFrozenVersionOneGalleryInPlaceKeepingEveryRow(@TempDir Path dir) throws Exception {
    copyFrozenV1(dir);
    int templates = count(dir, "SELECT COUNT(*) FROM template");
    try (Gallery gallery = Gallery.open(dir, GalleryOptions.defaults())) {
      assertEquals(2, gallery.info().schemaVersion());
      assertEquals(templates, gallery.size());
      for (String person : FrozenGalleryTest.PEOPLE) {
        gallery.person(person).orElseThrow().templates()
            .forEach(t -> assertEquals(Optional.empty(), t.template().chip(), person));
      }
      // Enrolling with a chip works in the upgraded file.
      gallery.enroll("Ada Lovelace", template(7, Optional.of(chip(7))));
      assertEquals("ok", gallery.integrityCheck());
    }
    assertEquals(templates + 1, count(dir, "SELECT COUNT(*) FROM template"));
    assertEquals(2, count(dir, "SELECT COUNT(*) FROM schema_history"));
    assertEquals(2, count(dir, "PRAGMA user_version"));
  }

  @Test
  void aFailedUpgradeLeavesTheVersionOneGalleryAsItWas(@TempDir Path dir) throws Exception {
    copyFrozenV1(dir);
    int templates = count(dir, "SELECT COUNT(*) FROM template");
    // A table in the way makes the version 2 migration fail half-way through its transaction.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("gallery.db"));
        Statement st = c.createStatement()) {
      st.executeUpdate("CREATE TABLE chip (x INTEGER)");
    }
    GalleryStorageException e =
        assertThrows(GalleryStorageException.class, () -> Gallery.open(dir, GalleryOptions.defaults()));
    assertTrue(e.getMessage().contains("chip"), e.getMessage());
    assertEquals(1, count(dir, "PRAGMA user_version"));
    assertEquals(1, count(dir, "SELECT COUNT(*) FROM schema_history"));
    assertEquals(templates, count(dir, "SELECT COUNT(*) FROM template"));
  }

  private static void copyFrozenV1(Path dir) throws Exception {
    try (InputStream in = FrozenGalleryTest.class.getResourceAsStream(FrozenGalleryTest.RESOURCE)) {
      Files.copy(in, dir.resolve("gallery.db"));
    }
  }

  private static int count(Path dir, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("gallery.db"));
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
