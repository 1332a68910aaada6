/**
 * How a gallery that is not a directory is found: a {@link
 * org.likeness.gallery.spi.GalleryProvider} claims a URI scheme (such as {@code solr://}), and
 * {@link org.likeness.gallery.spi.GalleryProviders} picks it by the location's scheme through
 * {@link java.util.ServiceLoader}, on the class path or in a plugin directory ({@link
 * org.likeness.gallery.spi.PluginDirectories}) loaded in a class loader of its own ({@link
 * org.likeness.gallery.spi.GalleryPlugin}), so that a build without an optional store still runs,
 * a store's libraries never meet the host's, and a missing store's error says how to install it.
 */
package org.likeness.gallery.spi;
