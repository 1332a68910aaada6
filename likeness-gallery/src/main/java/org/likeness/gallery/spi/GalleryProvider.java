package org.likeness.gallery.spi;

import org.likeness.gallery.GallerySpec;
import org.likeness.gallery.PersonGallery;

/**
 * A gallery store that lives somewhere other than a directory, chosen by the scheme of its location
 * ({@code scheme://...}). A module offers one by naming its implementation in {@code
 * META-INF/services/org.likeness.gallery.spi.GalleryProvider}; {@link GalleryProviders} finds it.
 * Implementations need a public no-argument constructor and must not do I/O until a gallery is
 * opened.
 */
public interface GalleryProvider {
  /** The URI scheme this provider serves, without {@code ://}, such as {@code solr}. */
  String scheme();

  /**
   * The name a new gallery at {@code location} is given, such as a collection's name; it also
   * checks that the location is well formed.
   *
   * @throws org.likeness.error.BadInputException naming the location when it is malformed
   */
  String galleryName(String location);

  /**
   * Opens the existing gallery at {@code location}.
   *
   * @throws org.likeness.error.BadInputException naming the location when it is malformed or holds
   *     no gallery
   */
  PersonGallery open(String location);

  /**
   * Opens the gallery at {@code location}, creating it as {@code spec} spread as {@code layout}
   * when there is none. An existing gallery of another model than {@code spec}'s is refused.
   */
  PersonGallery openOrCreate(String location, GallerySpec spec, GalleryLayout layout);
}
