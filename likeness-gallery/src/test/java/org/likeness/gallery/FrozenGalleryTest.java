package org.likeness.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.compare.Metric;
import org.likeness.detect.Box;
import org.likeness.embed.Embedding;

/**
 * Proves that every later version still reads a gallery written by schema version 1. The file in
 * test resources was made once by {@link #main}; never regenerate it, add a new frozen file for a
 * new schema version instead.
 */
class FrozenGalleryTest {
  static final String RESOURCE = "frozen-v1/gallery.db";
  static final GallerySpec SPEC = new GallerySpec("frozen v1", TestVectors.DLIB, 16, Metric.L2);
  static final List<String> PEOPLE = List.of("Ada Lovelace", "Grace Hopper", "José Núñez");

  static Template template(int person, int photo) {
    Random random = new Random(100L * person + photo);
    float[] face = TestVectors.randomUnit(new Random(person), 16);
    return new Template(
        new Embedding(TestVectors.noisyCopy(random, face, 0.05), TestVectors.DLIB),
        TestVectors.sha256("frozen " + person + "/" + photo),
        new Box(10 * photo, 5, 10 * photo + 80, 105),
        0.9f + photo / 100f,
        Instant.parse("2025-11-28T12:00:00Z").plusSeconds(60L * person + photo));
  }

  /**
   * Writes the frozen gallery into {@code args[0]}; run once, when schema version 1 was released.
   */
  public static void main(String[] args) {
    try (Gallery gallery = Gallery.create(Path.of(args[0]), SPEC, GalleryOptions.defaults())) {
      for (int p = 0; p < PEOPLE.size(); p++) {
        for (int photo = 0; photo < 2; photo++) {
          gallery.enroll(PEOPLE.get(p), template(p, photo));
        }
      }
    }
  }

  @Test
  void readsTheFrozenVersionOneGallery(@TempDir Path dir) throws Exception {
    try (InputStream in = FrozenGalleryTest.class.getResourceAsStream(RESOURCE)) {
      Files.copy(in, dir.resolve("gallery.db"));
    }
    try (Gallery gallery = Gallery.open(dir, GalleryOptions.defaults())) {
      assertEquals(SPEC, gallery.info().spec());
      // Opening upgrades the file in place to the current version; FaceChipTest checks the upgrade.
      assertEquals(Schema.CURRENT_VERSION, gallery.info().schemaVersion());
      assertTrue(
          gallery.info().createdBy().startsWith("likeness-gallery "), gallery.info().createdBy());
      assertEquals(PEOPLE, gallery.people().stream().map(PersonSummary::name).toList());
      for (int p = 0; p < PEOPLE.size(); p++) {
        List<StoredTemplate> stored = gallery.person(PEOPLE.get(p)).orElseThrow().templates();
        assertEquals(
            List.of(template(p, 0), template(p, 1)),
            stored.stream().map(StoredTemplate::template).toList());
        Match best = gallery.search(template(p, 1).embedding(), 1).get(0);
        assertEquals(PEOPLE.get(p), best.identity());
        assertEquals(stored.get(1).id(), best.bestTemplateId());
        assertEquals(0.0, best.distance(), 1e-6);
      }
      assertEquals("ok", gallery.integrityCheck());
    }
  }
}
