package org.likeness.gallery.spi;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * location {@code scheme://...} needs a provider of that scheme, either on the class path or in an
 * installed plugin ({@link PluginDirectories}, each loaded by {@link GalleryPlugin} in a class
 * loader of its own). Without one, the error names the scheme, the schemes that are there, the
 * plugin directories searched, and how to install the plugin a known scheme needs.
 */
public final class GalleryProviders {
  /**
   * An RFC 3986 scheme followed by {@code ://}. Two characters at least, so that a Windows drive
   * ({@code C://galleries}) stays a directory.
   */
  private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.\\-]+)://.*", Pattern.DOTALL);

  /** The command that builds the SolrCloud plugin in a source checkout. */
  public static final String SOLR_PLUGIN_BUILD = "mvn -B -DskipTests package -pl likeness-solr -am";

  /** How to install the plugin of a scheme this project ships, for the message when it is missing. */
  private static final Map<String, String> KNOWN =
      Map.of(
          "solr",
          "SolrCloud galleries need the solr plugin: in a source checkout run `"
              + SOLR_PLUGIN_BUILD
              + "` (it writes likeness-solr/target/plugins/solr/, where ./likeness looks); for a distribution"
              + " copy that directory to lib/plugins/solr/, or name its parent in $"
              + PluginDirectories.ENV);

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
   * The provider for {@code location}, among those {@link ServiceLoader} finds on the class path
   * and in the installed plugins (loaded once per process, on the first non-directory location);
   * empty for a directory.
   *
   * @throws BadInputException naming the location and its scheme when no provider serves it
   */
  public static Optional<GalleryProvider> forLocation(String location) {
    if (isDirectory(location)) {
      return Optional.empty();
    }
    PluginDirectories directories = PluginDirectories.fromEnvironment();
    return forLocation(location, installed(directories), directories);
  }

  /** {@link #forLocation(String)} among {@code providers}, with no plugin directories. */
  static Optional<GalleryProvider> forLocation(String location, Iterable<GalleryProvider> providers) {
    return forLocation(location, providers, new PluginDirectories(List.of()));
  }

  /** {@link #forLocation(String)} among {@code providers}, found on the class path and in {@code searched}. */
  static Optional<GalleryProvider> forLocation(
      String location, Iterable<GalleryProvider> providers, PluginDirectories searched) {
    Optional<String> scheme = scheme(location);
    if (scheme.isEmpty()) {
      return Optional.empty();
    }
    Map<String, GalleryProvider> byScheme = new TreeMap<>();
    for (GalleryProvider p : providers) {
      GalleryProvider other = byScheme.putIfAbsent(p.scheme(), p);
      if (other != null) {
        throw new IllegalStateException(
            "two gallery providers serve '" + p.scheme() + "://': " + origin(other) + " and " + origin(p));
      }
    }
    GalleryProvider found = byScheme.get(scheme.get());
    if (found == null) {
      String present = byScheme.isEmpty() ? "none" : String.join(", ", byScheme.keySet());
      String hint = KNOWN.containsKey(scheme.get()) ? "; " + KNOWN.get(scheme.get()) : "";
      throw new BadInputException(
          "no gallery provider for '"
              + location
              + "' (scheme '"
              + scheme.get()
              + "'; schemes served: "
              + present
              + "; plugin directories searched: "
              + searched.describe()
              + ")"
              + hint);
    }
    return Optional.of(found);
  }

  /** A provider's class and where it was loaded from: the class path or a plugin. */
  private static String origin(GalleryProvider p) {
    ClassLoader loader = p.getClass().getClassLoader();
    String where = loader instanceof PluginClassLoader ? loader.getName() : "class path";
    return p.getClass().getName() + " (" + where + ")";
  }

  private static List<GalleryProvider> installed;

  /**
   * The providers of this process: the class path's, then each installed plugin's in {@code
   * directories}. Loaded on first use and kept, with the plugins' class loaders, for the life of the
   * process; a plugin that fails to load fails every lookup, naming itself.
   */
  private static synchronized List<GalleryProvider> installed(PluginDirectories directories) {
    if (installed == null) {
      ClassLoader host = GalleryProviders.class.getClassLoader();
      List<GalleryProvider> all = new ArrayList<>();
      ServiceLoader.load(GalleryProvider.class, host).forEach(all::add);
      for (Path dir : directories.plugins()) {
        all.addAll(GalleryPlugin.load(dir, host).providers());
      }
      installed = List.copyOf(all);
    }
    return installed;
  }
}
