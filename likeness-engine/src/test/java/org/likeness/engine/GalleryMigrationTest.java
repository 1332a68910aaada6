package org.likeness.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.compare.Metric;
import org.likeness.detect.Box;
import org.likeness.detect.FivePoints;
import org.likeness.detect.Point;
import org.likeness.embed.Embedding;
import org.likeness.embed.ModelId;
import org.likeness.error.BadInputException;
import org.likeness.gallery.ChipFormat;
import org.likeness.gallery.FaceChip;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.GalleryOptions;
import org.likeness.gallery.GallerySpec;
import org.likeness.gallery.StoredTemplate;
import org.likeness.gallery.Template;
import org.likeness.quality.FaceQuality;

/**
 * {@link GalleryMigration} without a model: the "new model" embeds a chip as a vector derived from
 * its bytes, so the test sees exactly which chips were embedded and whether each landed with the
 * right person.
 */
class GalleryMigrationTest {
  static final ModelId OLD = new ModelId("old-model", "a".repeat(64));
  static final ModelId NEW = new ModelId("new-model", "b".repeat(64));

  @TempDir Path dir;

  static FaceChip chip(int face) {
    return new FaceChip(ChipFormat.JPEG, new byte[] {(byte) face, 1, 2, 3}, "arcface-112-x2-on288", 288,
        new FivePoints(new Point(108, 118), new Point(180, 118), new Point(144, 158), new Point(115, 198),
            new Point(173, 198)),
        new FaceQuality(20, 0.05, 30, 5, 40, 30, 10, 0.5)); // below every floor: must still follow
  }

  static float[] unit(int face, int dims) {
    float[] v = new float[dims];
    v[face % dims] = 1;
    return v;
  }

  static Template template(int face, boolean withChip) {
    byte[] hash = new byte[32];
    hash[0] = (byte) face;
    return new Template(new Embedding(unit(face, 4), OLD), HexFormat.of().formatHex(hash), new Box(1, 2, 3, 4 + face),
        0.9f, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(face), withChip ? Optional.of(chip(face)) : Optional.empty());
  }

  /** The fake new model, recording which faces it embedded. */
  static Function<FaceChip, Embedding> newModel(List<Integer> embedded) {
    return c -> {
      embedded.add((int) c.image()[0]);
      return new Embedding(unit(c.image()[0], 8), NEW);
    };
  }

  /** Ada: faces 1, 2 with chips; Grace: face 3 with, 4 without; Linus: face 5 without. */
  Gallery source() {
    Gallery g = Gallery.create(dir.resolve("old"), new GallerySpec("office", OLD, 4, Metric.COSINE), GalleryOptions.defaults());
    g.enroll("Ada", template(1, true));
    g.enroll("Ada", template(2, true));
    g.enroll("Grace", template(3, true));
    g.enroll("Grace", template(4, false));
    g.enroll("Linus", template(5, false));
    return g;
  }

  Gallery target() {
    Path p = dir.resolve("new");
    return Gallery.exists(p) ? Gallery.open(p, GalleryOptions.defaults())
        : Gallery.create(p, new GallerySpec("office", NEW, 8, Metric.COSINE), GalleryOptions.defaults());
  }

  @Test
  void reEmbedsEveryChipAndListsThePeopleWhoNeedNewPhotos() {
    List<Integer> embedded = new ArrayList<>();
    GalleryMigration.Result r;
    try (Gallery old = source(); Gallery neu = target()) {
      r = GalleryMigration.run(old, neu, newModel(embedded), (d, t) -> {});
      assertEquals(List.of(1, 2, 3), embedded);
      assertEquals(2, neu.personCount());
      StoredTemplate ada2 = neu.person("Ada").orElseThrow().templates().get(1);
      Template before = template(2, true);
      assertEquals(new Template(new Embedding(unit(2, 8), NEW), before.imageSha256(), before.box(),
          before.detectionScore(), before.enrolledAt(), before.chip()), ada2.template());
      assertEquals("Grace", neu.search(new Embedding(unit(3, 8), NEW), 1).get(0).identity());
    }
    assertEquals(new GalleryMigration.Result(3, 3, 0, List.of(
        new GalleryMigration.MissingChips("Grace", 2, 1), new GalleryMigration.MissingChips("Linus", 1, 1))), r);
    assertTrue(r.missing().get(1).wholePerson());
  }

  @Test
  void aRunInterruptedAfterTwoFacesContinuesWhereItStopped() {
    List<Integer> embedded = new ArrayList<>();
    try (Gallery old = source(); Gallery neu = target()) {
      RuntimeException kill = new IllegalStateException("killed");
      assertThrows(IllegalStateException.class, () -> GalleryMigration.run(old, neu, newModel(embedded), (d, t) -> {
        if (d == 2) {
          throw kill;
        }
      }));
    }
    assertEquals(List.of(1, 2), embedded);
    embedded.clear();
    List<Integer> seen = new ArrayList<>();
    try (Gallery old = source2(); Gallery neu = target()) {
      GalleryMigration.Result r = GalleryMigration.run(old, neu, newModel(embedded), (d, t) -> seen.add(d * 10 + t));
      assertEquals(List.of(3), embedded);
      assertEquals(1, r.migrated());
      assertEquals(2, r.alreadyMigrated());
      assertEquals(List.of(13, 23, 33), seen);
      assertEquals(3, neu.size());
    }
  }

  /** The source gallery again, reopened. */
  Gallery source2() {
    return Gallery.open(dir.resolve("old"), GalleryOptions.defaults());
  }

  @Test
  void refusesToMigrateIntoAGalleryOfTheSameModel() {
    try (Gallery old = source();
        Gallery same = Gallery.create(dir.resolve("same"), new GallerySpec("office", OLD, 4, Metric.COSINE),
            GalleryOptions.defaults())) {
      BadInputException e = assertThrows(BadInputException.class,
          () -> GalleryMigration.run(old, same, newModel(new ArrayList<>()), (d, t) -> {}));
      assertTrue(e.getMessage().contains("already holds old-model"), e.getMessage());
    }
  }

  @Test
  void facesRemovedFromTheSourceDuringAMigrationAreDroppedFromTheTarget() {
    try (Gallery old = source(); Gallery neu = target()) {
      GalleryMigration.run(old, neu, newModel(new ArrayList<>()), (d, t) -> {});
      assertEquals(3, neu.size());
      long ada2 = old.person("Ada").orElseThrow().templates().get(1).id();
      assertTrue(old.removeTemplate(ada2));
      assertTrue(old.removePerson("Grace"));
      assertEquals(2, GalleryMigration.dropRemoved(old, neu));
      assertEquals(1, neu.size());
      assertEquals(template(1, true).imageSha256(),
          neu.person("Ada").orElseThrow().templates().get(0).template().imageSha256());
      assertTrue(neu.person("Grace").isEmpty());
      assertEquals(0, GalleryMigration.dropRemoved(old, neu));
      assertEquals(2, old.size());
    }
  }
}
