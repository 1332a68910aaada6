package org.likeness.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.compare.Metric;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.GalleryOptions;
import org.likeness.gallery.GallerySpec;
import org.likeness.gallery.GalleryStorageException;

/** {@link GallerySwap} on real gallery directories, without a model. */
class GallerySwapTest {
  @TempDir Path dir;

  void gallery(Path at, String model) {
    Gallery.create(at, new GallerySpec("office", model.equals("old") ? GalleryMigrationTest.OLD : GalleryMigrationTest.NEW,
        4, Metric.COSINE), GalleryOptions.defaults()).close();
  }

  String modelOf(Path at) {
    try (Gallery g = Gallery.open(at, GalleryOptions.defaults())) {
      return g.spec().model().name();
    }
  }

  @Test
  void namesTheBuiltAndKeptGalleriesBesideTheServedOne() {
    Path g = dir.resolve("office");
    assertEquals(dir.resolve("office.dlib-resnet-128"), GallerySwap.built(g, "dlib-resnet-128"));
    assertEquals(dir.resolve("office.before-dlib-resnet-128"), GallerySwap.kept(g, "dlib-resnet-128"));
    assertEquals(dir.resolve("office.mobilefacenet-192_head.onnx"), GallerySwap.built(g, "mobilefacenet-192+head.onnx"));
  }

  @Test
  void swapKeepsTheOldGalleryAndPutsTheNewOneInItsPlace() {
    Path g = dir.resolve("office");
    gallery(g, "old");
    gallery(GallerySwap.built(g, "new-model"), "new");
    GallerySwap.swap(g, "new-model");
    assertEquals("new-model", modelOf(g));
    assertEquals("old-model", modelOf(GallerySwap.kept(g, "new-model")));
    assertFalse(Files.exists(GallerySwap.built(g, "new-model")));
    assertEquals(Optional.empty(), GallerySwap.finishInterrupted(g));
  }

  @Test
  void aSwapCutBetweenItsRenamesIsFinishedAndNothingElseIsTouched() throws Exception {
    Path g = dir.resolve("office");
    gallery(GallerySwap.kept(g, "new-model"), "old");
    gallery(GallerySwap.built(g, "new-model"), "new");
    Files.createDirectories(dir.resolve("office.before-unrelated")); // no gallery in it: ignored
    assertEquals(Optional.of(GallerySwap.kept(g, "new-model").toAbsolutePath()), GallerySwap.finishInterrupted(g));
    assertEquals("new-model", modelOf(g));
    assertTrue(Files.isDirectory(dir.resolve("office.before-unrelated")));
  }

  @Test
  void twoCutSwapsAreNotGuessedBetween() {
    Path g = dir.resolve("office");
    for (String m : new String[] {"a", "b"}) {
      gallery(GallerySwap.kept(g, m), "old");
      gallery(GallerySwap.built(g, m), "new");
    }
    GalleryStorageException e = assertThrows(GalleryStorageException.class, () -> GallerySwap.finishInterrupted(g));
    assertTrue(e.getMessage().contains("several interrupted swaps"), e.getMessage());
    assertFalse(Gallery.exists(g));
  }
}
