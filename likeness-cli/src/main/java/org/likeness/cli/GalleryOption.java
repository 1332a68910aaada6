package org.likeness.cli;

import java.nio.file.Path;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.GalleryOptions;
import org.likeness.gallery.PersonGallery;
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
}
