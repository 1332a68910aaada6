package org.likeness.gallery.spi;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.likeness.error.BadInputException;

/**
 * Finds the {@link GalleryProvider} for a gallery location. A location without a scheme is a
 * directory, the built-in {@link org.likeness.gallery.Gallery}, for which there is no provider; a
 * location {@code scheme://...} needs a provider of that scheme on the class path, and without one
 * the error names the scheme, the schemes that are there, and the module a known scheme needs.
 */
public final class GalleryProviders {
  /**
   * An RFC 3986 scheme followed by {@code ://}. Two characters at least, so that a Windows drive
   * ({@code C://galleries}) stays a directory.
   */
  private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.\\-]+)://.*", Pattern.DOTALL);

  /** Which module serves a scheme this project ships, for the message when it is missing. */
  private static final Map<String, String> KNOWN =
      Map.of("solr", "SolrCloud galleries need the likeness-solr module");

  private GalleryProviders() {}

  /** The scheme of {@code location} ({@code solr} for {@code solr://zk:2181/office}), or empty for a directory. */
  public static Optional<String> scheme(String location) {
    if (location == null) {
      return Optional.empty();
    }
    Matcher m = SCHEME.matcher(location);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** True when {@code location} is a gallery directory rather than a {@code scheme://} location. */
  public static boolean isDirectory(String location) {
    return scheme(location).isEmpty();
  }

  /**
   * The provider for {@code location}, among those {@link ServiceLoader} finds on the class path;
   * empty for a directory.
   *
   * @throws BadInputException naming the location and its scheme when no provider serves it
   */
  public static Optional<GalleryProvider> forLocation(String location) {
    return forLocation(location, ServiceLoader.load(GalleryProvider.class));
  }

  /** {@link #forLocation(String)} among {@code providers}. */
  static Optional<GalleryProvider> forLocation(String location, Iterable<GalleryProvider> providers) {
    Optional<String> scheme = scheme(location);
    if (scheme.isEmpty()) {
      return Optional.empty();
    }
    Map<String, GalleryProvider> byScheme = new TreeMap<>();
    for (GalleryProvider p : providers) {
      GalleryProvider other = byScheme.putIfAbsent(p.scheme(), p);
      if (other != null) {
        throw new IllegalStateException(
            "two gallery providers on the class path serve '"
                + p.scheme()
                + "://': "
                + other.getClass().getName()
                + " and "
                + p.getClass().getName());
      }
    }
    GalleryProvider found = byScheme.get(scheme.get());
    if (found == null) {
      String present = byScheme.isEmpty() ? "none" : String.join(", ", byScheme.keySet());
      String hint = KNOWN.containsKey(scheme.get()) ? "; " + KNOWN.get(scheme.get()) : "";
      throw new BadInputException(
          "no gallery provider for '"
              + location
              + "' on the class path (scheme '"
              + scheme.get()
              + "'; schemes served: "
              + present
              + ")"
              + hint);
    }
    return Optional.of(found);
  }
}
