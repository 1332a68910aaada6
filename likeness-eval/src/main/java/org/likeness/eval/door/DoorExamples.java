package org.likeness.eval.door;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.likeness.image.ImageLoader;
import org.likeness.image.RgbImage;

/** Writes door photos to files, so a person can look at what the benchmark feeds the pipeline. */
public final class DoorExamples {
  private DoorExamples() {}

  /** Each variant of the first {@code count} photos of the split's first people, as JPEG files in {@code dir}. */
  public static List<Path> write(DoorSplit split, Path lfwRoot, List<DoorVariant> variants, Path dir, int count) {
    ImageLoader loader = new ImageLoader();
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(dir);
      List<DoorSplit.LfwPerson> people = split.people(lfwRoot);
      for (DoorSplit.LfwPerson person : people.subList(0, Math.min(count, people.size()))) {
        Path photo = person.photos().get(0);
        RgbImage lfw = loader.load(photo);
        String name = photo.getFileName().toString().replace(".jpg", "");
        for (DoorVariant v : variants) {
          Path out = dir.resolve(name + "-" + v.label() + ".jpg");
          Files.write(out, v.photo(lfw, photo.getFileName().toString()));
          written.add(out);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write door examples to " + dir, e);
    }
    return written;
  }
}
