package org.likeness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.likeness.engine.Likeness;
import org.likeness.models.ModelCatalog;

/**
 * {@code enroll}, {@code people} and {@code identify} with {@code --gallery solr://...} against a
 * real SolrCloud (Jetty and ZooKeeper in this JVM, shared with the other Solr tests), on LFW faces.
 */
@Tag("model")
@ExtendWith(SharedSolrCloud.class)
class SolrGalleryCommandsTest {
  /**
   * The person's first three LFW photos that show exactly one face above the quality floor, as
   * enroll refuses group photos and poor faces.
   */
  static List<String> singleFacePhotos(Likeness face, String person) throws java.io.IOException {
    Path dir = CliRun.lfwImage().getParent().getParent().resolve(person);
    try (var files = java.nio.file.Files.list(dir)) {
      return files.sorted().filter(f -> enrollable(face.encode(f))).limit(3).map(Path::toString).toList();
    }
  }

  private static boolean enrollable(org.likeness.pipeline.FaceEncoding e) {
    return e.facesFound() == 1 && e.quality().map(org.likeness.quality.QualityFloor.DEFAULT::passes).orElse(false);
  }

  @Test
  void enrollPeopleAndIdentifyAgainstASolrCloudGallery() throws Exception {
    String gallery = SharedSolrCloud.gallery("cli-office");
    String model = "mobilefacenet-192";
    Map<String, List<String>> photos = new LinkedHashMap<>();
    try (Likeness face = Likeness.open(ModelCatalog.MOBILEFACENET_192)) {
      for (String person : List.of("Colin_Powell", "George_W_Bush", "Tony_Blair")) {
        photos.put(person, singleFacePhotos(face, person));
      }
    }
    for (String person : photos.keySet()) {
      CliRun.Result r = CliRun.run("enroll", "--gallery", gallery, "--model", model, "--threads", "1",
          person, photos.get(person).get(0), photos.get(person).get(1));
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().contains("2 enrolled"), r.out());
    }
    CliRun.Result again = CliRun.run("enroll", "--gallery", gallery, "--model", model, "--threads", "1",
        "Tony_Blair", photos.get("Tony_Blair").get(0));
    assertTrue(again.out().contains("1 already enrolled"), again.out());

    CliRun.Result people = CliRun.run("people", "list", "--gallery", gallery);
    assertEquals(0, people.code(), people.err());
    assertTrue(people.out().contains("Colin_Powell,2,") && people.out().contains("Tony_Blair,2,"), people.out());
    assertTrue(people.out().contains("3 people, 6 templates"), people.out());

    CliRun.Result who = CliRun.run("identify", "--gallery", gallery, "--liveness", "off",
        photos.get("George_W_Bush").get(2), photos.get("Tony_Blair").get(2));
    assertEquals(0, who.code(), who.err());
    List<String> lines = who.out().strip().lines().toList();
    assertEquals("image,person,distance,reason", lines.get(0));
    assertTrue(lines.get(1).contains(",George_W_Bush,"), who.out());
    assertTrue(lines.get(2).contains(",Tony_Blair,"), who.out());

    CliRun.Result removed = CliRun.run("people", "remove", "--gallery", gallery, "Tony_Blair");
    assertEquals(0, removed.code(), removed.err());
    CliRun.Result after = CliRun.run("people", "list", "--gallery", gallery);
    assertTrue(after.out().contains("2 people, 4 templates"), after.out());
  }
}
