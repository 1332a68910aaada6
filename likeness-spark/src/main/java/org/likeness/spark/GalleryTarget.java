package org.likeness.spark;

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

/**
 * Where a batch enrollment's rows are loaded: a gallery directory on the driver's file system, or a
 * {@code scheme://} location served by a {@link GalleryProvider} found by ServiceLoader, such as
 * {@code solr://zk-host:2181[/chroot]/collection} (likeness-solr, inside likeness-spark.jar).
 *
 * @param location a directory or a provider's location; checked when made, so that a typo fails
 *     before a batch job that may run for hours
 */
public record GalleryTarget(String location) {
  public GalleryTarget {
    if (location == null || location.isBlank()) {
      throw new BadInputException("--gallery needs a directory or a solr://... location, got '" + location + "'");
    }
    GalleryProviders.forLocation(location).ifPresent(p -> p.galleryName(location));
  }

  /**
   * Opens the gallery, creating it for {@code model} when there is none: a directory named after
   * its last path element, or a provider's gallery (such as a SolrCloud collection) laid out as
   * {@code layout}. An existing gallery of another model refuses the rows, naming both models.
   */
  public PersonGallery openOrCreate(ModelSpec model, GalleryLayout layout) {
    Optional<GalleryProvider> provider = GalleryProviders.forLocation(location);
    if (provider.isPresent()) {
      GalleryProvider p = provider.get();
      return p.openOrCreate(location, spec(p.galleryName(location), model), layout);
    }
    Path dir = Path.of(location);
    if (Gallery.exists(dir)) {
      return Gallery.open(dir, GalleryOptions.defaults());
    }
    String name =
        Optional.ofNullable(dir.toAbsolutePath().normalize().getFileName()).map(Path::toString).orElse("gallery");
    return Gallery.create(dir, spec(name, model), GalleryOptions.defaults());
  }

  /**
   * The model name of the gallery already at this location, when it is a directory on the driver's
   * file system; empty when there is none yet, or for a provider's location (nothing connects to a
   * provider before the job has run; its gallery refuses rows of another model at the load).
   */
  public Optional<String> existingModel() {
    if (GalleryProviders.forLocation(location).isPresent()) {
      return Optional.empty();
    }
    Path dir = Path.of(location);
    if (!Gallery.exists(dir)) {
      return Optional.empty();
    }
    try (Gallery g = Gallery.open(dir, GalleryOptions.defaults())) {
      return Optional.of(g.spec().model().name());
    }
  }

  private static GallerySpec spec(String name, ModelSpec model) {
    return new GallerySpec(name, model.id(), model.dimensions(), model.metric());
  }
}
