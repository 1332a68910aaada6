package org.likeness.cli;

import java.nio.file.Path;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.GalleryOptions;
import picocli.CommandLine.Option;

/** The {@code --gallery DIR} option and opening an existing gallery. */
final class GalleryOption {
  @Option(names = "--gallery", paramLabel = "DIR", required = true, description = "Gallery directory.")
  Path dir;

  Gallery openExisting() {
    return Gallery.open(dir, GalleryOptions.defaults());
  }
}
