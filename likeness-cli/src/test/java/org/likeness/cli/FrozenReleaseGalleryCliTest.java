package org.likeness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gallery made by {@code likeness enroll} of the release before galleries kept face chips (schema
 * version 1: Colin Powell 2 photos, Hugo Chavez 2, Tony Blair 1, mobilefacenet-192) still opens,
 * and {@code gallery migrate} names everyone in it as needing new photos. Never regenerate the file.
 */
class FrozenReleaseGalleryCliTest {
  static final String RESOURCE = "frozen-release-v1/gallery.db";

  @TempDir Path dir;

  static Path copy(String resource, Path gallery) throws IOException {
    Files.createDirectories(gallery);
    try (InputStream in = FrozenReleaseGalleryCliTest.class.getResourceAsStream(resource)) {
      Files.copy(in, gallery.resolve("gallery.db"));
    }
    return gallery;
  }

  @Test
  void theReleaseGalleryStillOpensWithEveryPerson() throws IOException {
    Path g = copy(RESOURCE, dir.resolve("office"));
    CliRun.Result r = CliRun.run("people", "list", "--gallery", g.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Colin Powell,2,"), r.out());
    assertTrue(r.out().contains("Hugo Chavez,2,"), r.out());
    assertTrue(r.out().contains("Tony Blair,1,"), r.out());
    assertTrue(r.out().contains("3 people, 5 templates, model mobilefacenet-192"), r.out());
  }

  @Test
  void migrateNamesEveryoneAsNeedingNewPhotosAndExitsTwo() throws IOException {
    Path g = copy(RESOURCE, dir.resolve("office"));
    CliRun.Result r = CliRun.run("gallery", "migrate", "--gallery", g.toString(), "--to", "dlib-resnet-128");
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("0 faces with stored chips"), r.out());
    assertTrue(r.out().contains("person,faces,faces_without_chip,in_new_gallery\n"
        + "Colin Powell,2,2,no\nHugo Chavez,2,2,no\nTony Blair,1,1,no\n"), r.out());
  }

  @Test
  void anInPlaceMigrateThatCannotTakeEveryoneLeavesTheGalleryAlone() throws IOException {
    Path g = copy(RESOURCE, dir.resolve("office"));
    CliRun.Result r = CliRun.run("gallery", "migrate", "--gallery", g.toString(), "--to", "dlib-resnet-128", "--in-place");
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("not swapped in"), r.out());
    assertFalse(Files.exists(dir.resolve("office.before-dlib-resnet-128")));
    CliRun.Result list = CliRun.run("people", "list", "--gallery", g.toString());
    assertTrue(list.out().contains("3 people, 5 templates, model mobilefacenet-192"), list.out());
  }

  @Test
  void refusesToMigrateIntoAGalleryOfAThirdModel() throws IOException {
    Path g = copy(RESOURCE, dir.resolve("office"));
    Path other = copy(RESOURCE, dir.resolve("other"));
    CliRun.Result r = CliRun.run("gallery", "migrate", "--gallery", g.toString(), "--to", "dlib-resnet-128",
        "--into", other.toString());
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("already holds a gallery of mobilefacenet-192"), r.err());
  }
}
