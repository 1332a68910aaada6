package org.likeness.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.likeness.error.BadInputException;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.GalleryOptions;
import org.likeness.gallery.GallerySpec;
import org.likeness.gallery.PersonGallery;
import org.likeness.gallery.spi.GalleryLayout;
import org.likeness.gallery.spi.GalleryProvider;
import org.likeness.gallery.spi.GalleryProviders;
import org.likeness.models.ModelSpec;
import picocli.CommandLine.Option;

/**
 * The {@code --gallery} option and opening an existing gallery: a directory for the embedded
 * store, or a {@code scheme://} location served by a {@link GalleryProvider} on the class path,
 * such as {@code solr://zk-host:2181[/chroot]/collection} for a SolrCloud collection (likeness-solr).
 */
final class GalleryOption {
  @Option(names = "--gallery", paramLabel = "DIR|solr://ZK/COLLECTION", required = true,
      description = "Gallery directory, or solr://zk-host:2181[/chroot]/collection for a SolrCloud gallery.")
  String location;

  PersonGallery openExisting() {
    return open(location);
  }

  /** Opens the existing gallery at {@code location}, a directory or a provider's {@code scheme://} location. */
  static PersonGallery open(String location) {
    Optional<GalleryProvider> provider = GalleryProviders.forLocation(location);
    if (provider.isPresent()) {
      return provider.get().open(location);
    }
    return Gallery.open(Path.of(location), GalleryOptions.defaults());
  }

  /**
   * Opens the gallery at {@code location}, creating it for {@code model} when there is none: a
   * directory named after its last path element, or a provider's gallery (such as a SolrCloud
   * collection) named as its provider says and laid out as {@code layout}. An existing provider's
   * gallery of another model is refused.
   */
  static PersonGallery openOrCreate(String location, ModelSpec model, GalleryLayout layout) {
    Optional<GalleryProvider> provider = GalleryProviders.forLocation(location);
    if (provider.isPresent()) {
      GalleryProvider p = provider.get();
      return p.openOrCreate(location, newSpec(p.galleryName(location), model), layout);
    }
    Path dir = Path.of(location);
    if (Gallery.exists(dir)) {
      return Gallery.open(dir, GalleryOptions.defaults());
    }
    String name = Optional.ofNullable(dir.toAbsolutePath().normalize().getFileName()).map(Path::toString).orElse("gallery");
    return Gallery.create(dir, newSpec(name, model), GalleryOptions.defaults());
  }

  /**
   * Checks that {@code location} can be opened without opening it: a directory, or a location a
   * provider on the class path serves and finds well formed.
   *
   * @throws BadInputException naming the location when no provider serves its scheme or it is
   *     malformed
   */
  static void checkLocation(String location) {
    GalleryProviders.forLocation(location).ifPresent(p -> p.galleryName(location));
  }

  /** The spec of a new gallery named {@code name} for model {@code s}; refuses the naive baseline. */
  static GallerySpec newSpec(String name, ModelSpec s) {
    if (!s.unitLength()) {
      throw new BadInputException("a gallery needs a neural model; " + s.name() + " is the naive baseline");
    }
    return new GallerySpec(name, s.id(), s.dimensions(), s.metric());
  }
}
