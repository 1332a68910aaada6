package org.likeness.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.likeness.gallery.TestVectors.DLIB;
import static org.likeness.gallery.TestVectors.FACEPLUGIN;
import static org.likeness.gallery.TestVectors.embedding;
import static org.likeness.gallery.TestVectors.noisyCopy;
import static org.likeness.gallery.TestVectors.randomUnit;
import static org.likeness.gallery.TestVectors.template;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.compare.Metric;
import org.likeness.detect.Box;
import org.likeness.embed.Embedding;
import org.likeness.error.BadInputException;
import org.likeness.gallery.search.Engine;
import org.likeness.gallery.search.IndexOptions;
import org.likeness.gallery.search.PersonScoring;

class GalleryTest {
  private static final int DIM = 128;
  private static final long SEED = 42L;
  private static final GallerySpec OFFICE = GallerySpec.cosine("office", DLIB, DIM);

  @TempDir Path dir;

  private Gallery create() {
    return Gallery.create(dir.resolve("office"), OFFICE, GalleryOptions.defaults());
  }

  private Gallery reopen(GalleryOptions options) {
    return Gallery.open(dir.resolve("office"), options);
  }

  /** Enrolls {@code people} people with {@code photos} noisy photos each; returns their faces. */
  private static List<float[]> enrollStaff(Gallery gallery, Random random, int people, int photos) {
    List<float[]> faces = new ArrayList<>();
    for (int p = 0; p < people; p++) {
      float[] face = randomUnit(random, DIM);
      faces.add(face);
      for (int i = 0; i < photos; i++) {
        gallery.enroll(
            "person " + p, template(noisyCopy(random, face, 0.03), DLIB, "p" + p + "-photo" + i));
      }
    }
    return faces;
  }

  @Test
  void findsTheEnrolledPersonAndNobodyForAStranger() {
    Random random = new Random(SEED);
    try (Gallery gallery = create()) {
      List<float[]> faces = enrollStaff(gallery, random, 10, 3);
      assertEquals(30, gallery.size());
      assertEquals(10, gallery.personCount());
      for (int p = 0; p < faces.size(); p++) {
        Embedding probe = embedding(noisyCopy(random, faces.get(p), 0.03), DLIB);
        List<Match> matches = gallery.search(probe, 3);
        assertEquals("person " + p, matches.get(0).identity(), "seed " + SEED);
        assertEquals(3, matches.get(0).templates());
        assertTrue(matches.get(0).distance() < matches.get(1).distance());
        assertEquals(Optional.of(matches.get(0)), gallery.identify(probe, 0.4));
      }
      assertEquals(
          Optional.empty(), gallery.identify(embedding(randomUnit(random, DIM), DLIB), 0.4));
    }
  }

  @Test
  void reEnrollingTheSameImageIsANoOpThatReportsAlreadyEnrolled() {
    Random random = new Random(SEED);
    try (Gallery gallery = create()) {
      Template t = template(randomUnit(random, DIM), DLIB, "ada.jpg");
      EnrollOutcome first = gallery.enroll("Ada", t);
      EnrollOutcome again =
          gallery.enroll("Ada", template(randomUnit(random, DIM), DLIB, "ada.jpg"));
      assertEquals(EnrollOutcome.Status.ENROLLED, first.status());
      assertEquals(
          new EnrollOutcome(EnrollOutcome.Status.ALREADY_ENROLLED, first.templateId(), "Ada"),
          again);
      assertEquals(1, gallery.size());
      assertEquals(1, gallery.people().get(0).templates());
    }
  }

  @Test
  void refusesTheSameImageUnderAnotherPersonNamingBoth() {
    Random random = new Random(SEED);
    try (Gallery gallery = create()) {
      Template t = template(randomUnit(random, DIM), DLIB, "group.jpg");
      long id = gallery.enroll("Ada", t).templateId();
      BadInputException e = assertThrows(BadInputException.class, () -> gallery.enroll("Grace", t));
      assertTrue(
          e.getMessage().contains("already enrolled as 'Ada' (template " + id + ")")
              && e.getMessage().contains("as 'Grace'")
              && e.getMessage().contains(t.imageSha256()),
          e.getMessage());
      assertEquals(1, gallery.size());
      assertEquals(List.of("Ada"), gallery.people().stream().map(PersonSummary::name).toList());
    }
  }

  @Test
  void refusesTemplatesAndQueriesFromAnotherModelNamingBothModels() {
    Random random = new Random(SEED);
    try (Gallery gallery = create()) {
      gallery.enroll("Ada", template(randomUnit(random, DIM), DLIB, "ada.jpg"));
      Embedding foreign = embedding(randomUnit(random, 512), FACEPLUGIN);
      ModelMismatchException query =
          assertThrows(ModelMismatchException.class, () -> gallery.search(foreign, 1));
      assertEquals(
          "gallery 'office' holds 128-d embeddings from "
              + DLIB
              + " but the query came from "
              + FACEPLUGIN,
          query.getMessage());
      assertTrue(
          query.getMessage().contains("dlib-resnet-128@")
              && query.getMessage().contains("faceplugin-512@"));
      assertEquals(DLIB, query.galleryModel());
      assertEquals(FACEPLUGIN, query.otherModel());
      Template foreignTemplate =
          new Template(foreign, TestVectors.sha256("x"), new Box(0, 0, 1, 1), 0.9f, Instant.EPOCH);
      ModelMismatchException enroll =
          assertThrows(
              ModelMismatchException.class, () -> gallery.enroll("Grace", foreignTemplate));
      assertTrue(
          enroll.getMessage().contains("but the template came from " + FACEPLUGIN),
          enroll.getMessage());
      assertEquals(1, gallery.size());
    }
  }

  @Test
  void enrollAllCommitsAllOrNothing() {
    Random random = new Random(SEED);
    try (Gallery gallery = create()) {
      gallery.enroll("Ada", template(randomUnit(random, DIM), DLIB, "ada.jpg"));
      List<Enrollment> batch =
          List.of(
              new Enrollment("Grace", template(randomUnit(random, DIM), DLIB, "grace1.jpg")),
              new Enrollment("Grace", template(randomUnit(random, DIM), DLIB, "ada.jpg")));
      assertThrows(BadInputException.class, () -> gallery.enrollAll(batch));
      assertEquals(1, gallery.size(), "the first item of the failed batch was rolled back");
      assertEquals(Optional.empty(), gallery.person("Grace"));
      List<EnrollOutcome> ok =
          gallery.enrollAll(
              List.of(
                  new Enrollment("Grace", template(randomUnit(random, DIM), DLIB, "grace1.jpg")),
                  new Enrollment("Grace", template(randomUnit(random, DIM), DLIB, "grace1.jpg"))));
      assertEquals(EnrollOutcome.Status.ENROLLED, ok.get(0).status());
      assertEquals(EnrollOutcome.Status.ALREADY_ENROLLED, ok.get(1).status());
      assertEquals(2, gallery.size());
      BadInputException badName =
          assertThrows(
              BadInputException.class,
              () ->
                  gallery.enrollAll(
                      List.of(
                          new Enrollment("Ok", template(randomUnit(random, DIM), DLIB, "a")),
                          new Enrollment("a/b", template(randomUnit(random, DIM), DLIB, "b")))));
      assertTrue(
          badName.getMessage().startsWith("enrollment 2 of 2: person name 'a/b'"),
          badName.getMessage());
    }
  }

  @Test
  void removingAPersonOrTemplateUpdatesSearchAndPeople() {
    Random random = new Random(SEED);
    try (Gallery gallery = create()) {
      List<float[]> faces = enrollStaff(gallery, random, 5, 2);
      Embedding probe0 = embedding(faces.get(0), DLIB);
      assertEquals("person 0", gallery.search(probe0, 1).get(0).identity());
      assertTrue(gallery.removePerson("person 0"));
      assertFalse(gallery.removePerson("person 0"));
      assertFalse(
          gallery.search(probe0, 5).stream().anyMatch(m -> m.identity().equals("person 0")));
      assertEquals(4, gallery.people().size());

      Embedding probe1 = embedding(faces.get(1), DLIB);
      Match before = gallery.search(probe1, 1).get(0);
      assertTrue(gallery.removeTemplate(before.bestTemplateId()));
      assertFalse(gallery.removeTemplate(before.bestTemplateId()));
      Match after = gallery.search(probe1, 1).get(0);
      assertEquals("person 1", after.identity());
      assertEquals(1, after.templates());
      assertTrue(after.bestTemplateId() != before.bestTemplateId());
      assertTrue(gallery.removeTemplate(after.bestTemplateId()));
      assertEquals(
          Optional.empty(), gallery.person("person 1"), "a person goes with their last template");
      assertEquals(3, gallery.personCount());
      assertEquals(6, gallery.size());
    }
  }

  @Test
  void reopeningGivesIdenticalSearchResultsAndTemplates() {
    Random random = new Random(SEED);
    List<Embedding> probes = new ArrayList<>();
    List<List<Match>> before = new ArrayList<>();
    PersonDetails adaBefore;
    try (Gallery gallery = create()) {
      List<float[]> faces = enrollStaff(gallery, random, 20, 3);
      gallery.enroll("Ada", template(randomUnit(random, DIM), DLIB, "ada.jpg"));
      for (float[] face : faces) {
        probes.add(embedding(noisyCopy(random, face, 0.05), DLIB));
        before.add(gallery.search(probes.get(probes.size() - 1), 5));
      }
      adaBefore = gallery.person("Ada").orElseThrow();
    }
    try (Gallery gallery = reopen(GalleryOptions.defaults())) {
      for (int i = 0; i < probes.size(); i++) {
        assertEquals(before.get(i), gallery.search(probes.get(i), 5), "probe " + i);
      }
      assertEquals(adaBefore, gallery.person("Ada").orElseThrow());
      assertEquals(61, gallery.size());
    }
  }

  @Test
  void personDetailsKeepEveryFieldOfTheTemplate() {
    Random random = new Random(SEED);
    try (Gallery gallery = create()) {
      Template t =
          new Template(
              embedding(randomUnit(random, DIM), DLIB),
              TestVectors.sha256("ada.jpg"),
              new Box(1.5f, 2.25f, 100.125f, 200.75f),
              0.8765f,
              Instant.parse("2024-02-29T23:59:59.000000001Z"));
      long id = gallery.enroll("Ada", t).templateId();
      PersonDetails ada = gallery.person("Ada").orElseThrow();
      assertEquals(List.of(new StoredTemplate(id, t)), ada.templates());
      PersonSummary summary = gallery.people().get(0);
      assertEquals(new PersonSummary("Ada", 1, t.enrolledAt(), t.enrolledAt()), summary);
    }
  }

  @Test
  void meanOfBestTwoScoringAveragesAPersonsTwoNearestTemplates() {
    Random random = new Random(SEED);
    float[] face = randomUnit(random, DIM);
    float[] near = noisyCopy(random, face, 0.01);
    float[] far = noisyCopy(random, face, 0.1);
    try (Gallery gallery = create()) {
      gallery.enroll("Ada", template(near, DLIB, "1"));
      gallery.enroll("Ada", template(far, DLIB, "2"));
    }
    Embedding probe = embedding(face, DLIB);
    double dNear = Metric.COSINE.distance(near, face);
    double dFar = Metric.COSINE.distance(far, face);
    try (Gallery gallery =
        reopen(GalleryOptions.defaults().withScoring(PersonScoring.MEAN_OF_BEST_TWO))) {
      assertEquals((dNear + dFar) / 2, gallery.search(probe, 1).get(0).distance(), 1e-5);
    }
    try (Gallery gallery = reopen(GalleryOptions.defaults())) {
      assertEquals(dNear, gallery.search(probe, 1).get(0).distance(), 1e-5);
    }
  }

  @Test
  void hnswCacheIsWrittenToTheGalleryAndReusedWithIdenticalResults() {
    Random random = new Random(SEED);
    GalleryOptions small =
        GalleryOptions.defaults()
            .withIndex(IndexOptions.defaults().withHnswThreshold(100).withThreads(2));
    List<Embedding> probes = new ArrayList<>();
    List<List<Match>> before = new ArrayList<>();
    try (Gallery gallery = Gallery.create(dir.resolve("office"), OFFICE, small)) {
      List<float[]> faces = enrollStaff(gallery, random, 60, 2);
      assertEquals(Engine.HNSW, gallery.engine());
      for (float[] face : faces) {
        probes.add(embedding(noisyCopy(random, face, 0.03), DLIB));
        before.add(gallery.search(probes.get(probes.size() - 1), 3));
      }
    }
    assertTrue(Files.isDirectory(dir.resolve("office").resolve(Gallery.HNSW_DIR)));
    try (Gallery gallery = reopen(small)) {
      for (int i = 0; i < probes.size(); i++) {
        assertEquals(before.get(i), gallery.search(probes.get(i), 3), "probe " + i);
        assertEquals("person " + i, before.get(i).get(0).identity());
      }
    }
  }

  @Test
  void recordsProvenanceAndSchemaVersion() {
    Instant before = Instant.now();
    try (Gallery gallery = create()) {
      GalleryInfo info = gallery.info();
      assertEquals(OFFICE, info.spec());
      assertEquals(Schema.CURRENT_VERSION, info.schemaVersion());
      assertTrue(
          info.createdBy().matches("likeness-gallery \\d+\\.\\d+\\.\\d+.*"), info.createdBy());
      assertFalse(info.createdAt().isBefore(before.minusSeconds(1)));
      assertEquals(dir.resolve("office"), info.directory());
      assertEquals("ok", gallery.integrityCheck());
    }
  }

  @Test
  void openingSomethingThatIsNotAGalleryNamesThePathAndTheProblem() throws Exception {
    Path missing = dir.resolve("nowhere");
    GalleryFormatException noDir =
        assertThrows(
            GalleryFormatException.class, () -> Gallery.open(missing, GalleryOptions.defaults()));
    assertTrue(
        noDir.getMessage().contains(missing.toString())
            && noDir.getMessage().contains("no such directory"));

    Path plain = Files.createDirectories(dir.resolve("holiday-photos"));
    GalleryFormatException noDb =
        assertThrows(
            GalleryFormatException.class, () -> Gallery.open(plain, GalleryOptions.defaults()));
    assertEquals(
        "'" + plain + "' is not a Likeness gallery: it has no gallery.db", noDb.getMessage());
    assertFalse(Files.exists(plain.resolve("gallery.lock")), "a failed open leaves no trace");

    Path text = Files.createDirectories(dir.resolve("text"));
    Files.writeString(
        text.resolve("gallery.db"), "this is not a database, just some text that is long enough");
    GalleryFormatException notSqlite =
        assertThrows(
            GalleryFormatException.class, () -> Gallery.open(text, GalleryOptions.defaults()));
    assertTrue(
        notSqlite.getMessage().contains("is not an SQLite database"), notSqlite.getMessage());

    Path foreign = Files.createDirectories(dir.resolve("foreign"));
    try (Connection c =
            DriverManager.getConnection("jdbc:sqlite:" + foreign.resolve("gallery.db"));
        Statement st = c.createStatement()) {
      st.executeUpdate("CREATE TABLE song(title TEXT)");
    }
    GalleryFormatException otherApp =
        assertThrows(
            GalleryFormatException.class, () -> Gallery.open(foreign, GalleryOptions.defaults()));
    assertTrue(
        otherApp.getMessage().contains("application_id is 0x00000000"), otherApp.getMessage());
  }

  @Test
  void refusesAGalleryWrittenByANewerSchemaVersion() throws Exception {
    create().close();
    Path db = dir.resolve("office").resolve("gallery.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.executeUpdate("PRAGMA user_version = 99");
    }
    GalleryFormatException e =
        assertThrows(GalleryFormatException.class, () -> reopen(GalleryOptions.defaults()));
    assertTrue(
        e.getMessage().contains("schema version 99")
            && e.getMessage().contains("up to " + Schema.CURRENT_VERSION)
            && e.getMessage().contains("upgrade Likeness"),
        e.getMessage());
  }

  @Test
  void aGalleryIsOpenOnceAtATimeAndCreatedOnce() {
    try (Gallery gallery = create()) {
      GalleryInUseException twice =
          assertThrows(GalleryInUseException.class, () -> reopen(GalleryOptions.defaults()));
      assertTrue(twice.getMessage().contains("already open"), twice.getMessage());
    }
    GalleryFormatException again = assertThrows(GalleryFormatException.class, this::create);
    assertTrue(again.getMessage().contains("already holds a gallery"), again.getMessage());
    reopen(GalleryOptions.defaults()).close();
  }

  @Test
  void aClosedGalleryRefusesWork() {
    Gallery gallery = create();
    gallery.close();
    gallery.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, gallery::size);
    assertEquals("gallery 'office' is closed", e.getMessage());
  }

  @Test
  void personNamesAreCheckedAndNormalizedOnEveryEntryPoint() {
    Random random = new Random(SEED);
    try (Gallery gallery = create()) {
      BadInputException e =
          assertThrows(
              BadInputException.class,
              () -> gallery.enroll("../etc", template(randomUnit(random, DIM), DLIB, "x")));
      assertTrue(e.getMessage().contains("'../etc'"), e.getMessage());
      // "José" typed with a combining accent is stored, and found, as the composed form.
      gallery.enroll("Jose\u0301", template(randomUnit(random, DIM), DLIB, "jose.jpg"));
      assertTrue(gallery.person("Jos\u00e9").isPresent());
      assertEquals("Jos\u00e9", gallery.people().get(0).name());
      assertThrows(BadInputException.class, () -> gallery.removePerson(" Jos\u00e9"));
    }
  }
}
