package org.likeness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.gallery.FaceChip;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.GalleryOptions;
import org.likeness.gallery.StoredTemplate;

/**
 * {@code likeness gallery migrate} on real faces: a frozen gallery enrolled with chips
 * (mobilefacenet-192: Colin Powell, Hugo Chavez, Tony Blair, one LFW photo each) follows
 * dlib-resnet-128, resumes after an interruption, and identifies the same people on other photos.
 */
@Tag("model")
class GalleryMigrateCliTest {
  static final String FROZEN = "frozen-chips-v2/gallery.db";

  @TempDir Path dir;

  static String lfw(String person, int n) {
    String root = System.getProperty("likeness.lfw", "../../shared/data/lfw");
    return Path.of(root, "images_deepfunneled", person, String.format("%s_%04d.jpg", person, n)).toString();
  }

  @Test
  void theFrozenChipGalleryFollowsDlibAfterAnInterruptionAndStillKnowsEveryone() throws IOException {
    Path g = FrozenReleaseGalleryCliTest.copy(FROZEN, dir.resolve("office"));
    CliRun.Result stopped = CliRun.run("gallery", "migrate", "--gallery", g.toString(), "--to", "dlib-resnet-128",
        "--stop-after", "1");
    assertEquals(1, stopped.code(), stopped.out() + stopped.err());
    assertTrue(stopped.err().contains("stopped after 1 faces"), stopped.err());

    CliRun.Result resumed = CliRun.run("gallery", "migrate", "--gallery", g.toString(), "--to", "dlib-resnet-128");
    assertEquals(0, resumed.code(), resumed.out() + resumed.err());
    assertTrue(resumed.out().contains("3 faces with stored chips, 2 re-embedded with dlib-resnet-128 now,"
        + " 1 already there from an earlier run"), resumed.out());
    Path migrated = dir.resolve("office.dlib-resnet-128");

    CliRun.Result who = CliRun.run("identify", "--gallery", migrated.toString(),
        lfw("Colin_Powell", 10), lfw("Hugo_Chavez", 10), lfw("Tony_Blair", 10), lfw("Aaron_Eckhart", 1));
    assertEquals(0, who.code(), who.out() + who.err());
    List<String> people = who.out().lines().skip(1).map(l -> l.split(",")[1]).toList();
    assertEquals(List.of("Colin Powell", "Hugo Chavez", "Tony Blair", "unknown"), people, who.out());
  }

  @Test
  void enrollKeepsACompressedChipAndAnInPlaceMigrateKeepsTheOldGalleryBeside() throws IOException {
    Path g = dir.resolve("door");
    CliRun.Result enrolled = CliRun.run("enroll", "--gallery", g.toString(), "Colin Powell",
        lfw("Colin_Powell", 1), lfw("Colin_Powell", 2));
    assertEquals(0, enrolled.code(), enrolled.out() + enrolled.err());
    try (Gallery gallery = Gallery.open(g, GalleryOptions.defaults())) {
      for (StoredTemplate t : gallery.person("Colin Powell").orElseThrow().templates()) {
        FaceChip chip = t.template().chip().orElseThrow();
        assertEquals(288, chip.size());
        int bytes = chip.image().length;
        System.out.println("stored chip: " + bytes + " bytes (" + chip.format() + ")");
        assertTrue(bytes > 5_000 && bytes < 40_000, bytes + " bytes");
      }
    }

    CliRun.Result r = CliRun.run("gallery", "migrate", "--gallery", g.toString(), "--to", "dlib-resnet-128", "--in-place");
    assertEquals(0, r.code(), r.out() + r.err());
    try (Gallery now = Gallery.open(g, GalleryOptions.defaults());
        Gallery before = Gallery.open(dir.resolve("door.before-dlib-resnet-128"), GalleryOptions.defaults())) {
      assertEquals("dlib-resnet-128", now.spec().model().name());
      assertEquals("mobilefacenet-192", before.spec().model().name());
      assertEquals(2, now.size());
      assertEquals(2, before.size());
    }
    assertTrue(Files.notExists(dir.resolve("door.dlib-resnet-128")));
  }
}
