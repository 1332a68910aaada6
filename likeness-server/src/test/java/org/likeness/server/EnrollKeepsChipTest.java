package org.likeness.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
 * A face enrolled through the door service keeps its aligned chip in the gallery, so that the
 * gallery can follow a new model ({@code likeness gallery migrate}) without the photo.
 */
@Tag("model")
class EnrollKeepsChipTest {
  @TempDir Path dir;

  @Test
  void theAdminEnrollRouteStoresTheFaceChipBesideTheTemplate() throws IOException {
    try (TestServer door = TestServer.withModels(dir)) {
      TestServer.Response r = door.post("/api/v1/people/Laura%20Bush/faces", TestServer.ADMIN,
          new MultipartBody().file("image", "laura.jpg", "image/jpeg", DoorEndToEndTest.photo("Laura_Bush", 1)));
      assertEquals(200, r.status(), r::toString);
    }
    try (Gallery gallery = Gallery.open(dir.resolve("gallery"), GalleryOptions.defaults())) {
      List<StoredTemplate> templates = gallery.person("Laura Bush").orElseThrow().templates();
      assertEquals(1, templates.size());
      FaceChip chip = templates.get(0).template().chip().orElseThrow();
      assertEquals(288, chip.size());
      assertTrue(chip.image().length > 5_000 && chip.image().length < 40_000, chip.toString());
      assertTrue(chip.quality().faceWidthPx() > 30, chip.toString());
    }
  }
}
