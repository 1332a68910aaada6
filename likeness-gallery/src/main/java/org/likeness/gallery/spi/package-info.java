/**
 * How a gallery that is not a directory is found: a {@link
 * org.likeness.gallery.spi.GalleryProvider} on the class path claims a URI scheme (such as {@code
 * solr://}), and {@link org.likeness.gallery.spi.GalleryProviders} picks it by the location's
 * scheme through {@link java.util.ServiceLoader}, so that a build without an optional store module
 * still compiles and runs, and says which module a location needs.
 */
package org.likeness.gallery.spi;
