package org.likeness.solr;

import org.likeness.gallery.GallerySpec;
import org.likeness.gallery.PersonGallery;
import org.likeness.gallery.spi.GalleryLayout;
import org.likeness.gallery.spi.GalleryProvider;

/**
 * Offers the SolrCloud gallery for {@code solr://zk1:2181,zk2:2181[/chroot]/collection} locations
 * through {@link java.util.ServiceLoader}, so that callers such as the CLI reach it without
 * depending on this module at compile time. Searches with {@link SolrGalleryOptions#defaults()}.
 */
public final class SolrGalleryProvider implements GalleryProvider {
  /** {@link SolrGalleryUri#SCHEME} without its {@code ://}. */
  public static final String SCHEME = SolrGalleryUri.SCHEME.substring(0, SolrGalleryUri.SCHEME.indexOf(':'));

  /** Used by {@link java.util.ServiceLoader}. */
  public SolrGalleryProvider() {}

  @Override
  public String scheme() {
    return SCHEME;
  }

  /** The collection's name. */
  @Override
  public String galleryName(String location) {
    return SolrGalleryUri.parse(location).collection();
  }

  @Override
  public PersonGallery open(String location) {
    return SolrGallery.open(SolrGalleryUri.parse(location), SolrGalleryOptions.defaults());
  }

  @Override
  public PersonGallery openOrCreate(String location, GallerySpec spec, GalleryLayout layout) {
    return SolrGallery.openOrCreate(
        SolrGalleryUri.parse(location),
        spec,
        new CollectionLayout(layout.shards(), layout.replicas()),
        SolrGalleryOptions.defaults());
  }
}
