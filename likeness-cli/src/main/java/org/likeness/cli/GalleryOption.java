package org.likeness.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.likeness.error.BadInputException;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.GalleryOptions;
import org.likeness.gallery.GallerySpec;
import org.likeness.gallery.PersonGallery;
import org.likeness.models.ModelSpec;
import org.likeness.solr.CollectionLayout;
import org.likeness.solr.SolrGallery;
import org.likeness.solr.SolrGalleryOptions;
import org.likeness.solr.SolrGalleryUri;
import picocli.CommandLine.Option;

/**
 * The {@code --gallery} option and opening an existing gallery: a directory for the embedded
 * store, or {@code solr://zk-host:2181[/chroot]/collection} for a SolrCloud collection.
 */
final class GalleryOption {
  @Option(names = "--gallery", paramLabel = "DIR|solr://ZK/COLLECTION", required = true,
      description = "Gallery directory, or solr://zk-host:2181[/chroot]/collection for a SolrCloud gallery.")
  String location;

  PersonGallery openExisting() {
    return open(location);
  }

  /** Opens the existing gallery at {@code location}, a directory or a {@code solr://} URI. */
  static PersonGallery open(String location) {
    if (SolrGalleryUri.isSolr(location)) {
      return SolrGallery.open(SolrGalleryUri.parse(location), SolrGalleryOptions.defaults());
    }
    return Gallery.open(Path.of(location), GalleryOptions.defaults());
  }

  /**
   * Opens the gallery at {@code location}, creating it for {@code model} when there is none: a
   * directory named after its last path element, or a SolrCloud collection laid out as {@code
   * layout}. An existing SolrCloud gallery of another model is refused.
   */
  static PersonGallery openOrCreate(String location, ModelSpec model, CollectionLayout layout) {
    if (SolrGalleryUri.isSolr(location)) {
      SolrGalleryUri uri = SolrGalleryUri.parse(location);
      return SolrGallery.openOrCreate(uri, newSpec(uri.collection(), model), layout, SolrGalleryOptions.defaults());
    }
    Path dir = Path.of(location);
    if (Gallery.exists(dir)) {
      return Gallery.open(dir, GalleryOptions.defaults());
    }
    String name = Optional.ofNullable(dir.toAbsolutePath().normalize().getFileName()).map(Path::toString).orElse("gallery");
    return Gallery.create(dir, newSpec(name, model), GalleryOptions.defaults());
  }

  /** The spec of a new gallery named {@code name} for model {@code s}; refuses the naive baseline. */
  static GallerySpec newSpec(String name, ModelSpec s) {
    if (!s.unitLength()) {
      throw new BadInputException("a gallery needs a neural model; " + s.name() + " is the naive baseline");
    }
    return new GallerySpec(name, s.id(), s.dimensions(), s.metric());
  }
}
