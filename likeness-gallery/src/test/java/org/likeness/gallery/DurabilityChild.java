package org.likeness.gallery;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import org.likeness.detect.Box;
import org.likeness.embed.Embedding;

/**
 * The process {@link GalleryDurabilityTest} kills: enrolls synthetic template 0, 1, 2, ... one at a
 * time into the gallery at {@code args[0]} (creating it if need be) and prints {@code ACK <index>
 * <templateId>} after each commit. Template {@code i} is a pure function of {@code i}, so the test
 * knows exactly what every acknowledged template must look like.
 */
public final class DurabilityChild {
  static final int DIM = 64;
  static final GallerySpec SPEC = GallerySpec.cosine("durability", TestVectors.DLIB, DIM);

  private DurabilityChild() {}

  static String person(int i) {
    return "person " + (i % 13);
  }

  static String imageSha(int i) {
    return TestVectors.sha256("image-" + i);
  }

  static float[] vector(int i) {
    return TestVectors.randomUnit(new Random(1_000_003L * i + 7), DIM);
  }

  static Template template(int i) {
    return new Template(
        new Embedding(vector(i), TestVectors.DLIB),
        imageSha(i),
        new Box(i, i, i + 50, i + 60),
        0.5f + (i % 50) / 100f,
        Instant.ofEpochSecond(1_700_000_000L + i));
  }

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    GalleryOptions options = GalleryOptions.defaults();
    try (Gallery gallery =
        Gallery.exists(dir) ? Gallery.open(dir, options) : Gallery.create(dir, SPEC, options)) {
      for (int i = 0; i < count; i++) {
        EnrollOutcome outcome = gallery.enroll(person(i), template(i));
        System.out.println("ACK " + i + " " + outcome.templateId());
        System.out.flush();
      }
    }
    System.out.println("DONE");
  }
}
