package org.likeness.gallery.spi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The class loader of one plugin: the JDK first, then the plugin's own jars, and the host only for
 * the packages a plugin must share with it: Likeness's own ({@code org.likeness.}, which holds this
 * SPI and the gallery types it speaks in) and the logging API ({@code org.slf4j.}, so a plugin logs
 * where the host does). Everything else the host holds (Jetty 12, Servlet 6, its Jackson) is
 * invisible to the plugin, so the plugin's libraries never meet the host's, whatever their versions.
 * A package the plugin holds itself, such as {@code org.likeness.solr}, is the plugin's. Resources,
 * service files among them, come from the JDK and the plugin only.
 */
final class PluginClassLoader extends URLClassLoader {
  /** Package prefixes that come from the host unless the plugin holds the package itself. */
  static final List<String> SHARED_PREFIXES = List.of("org.likeness.", "org.slf4j.");

  /** The host's SPI package, which a plugin must never bring a copy of. */
  static final String SPI_PACKAGE = GalleryProvider.class.getPackageName();

  static {
    registerAsParallelCapable();
  }

  private final ClassLoader host;
  private final Set<String> ownSharedPackages;

  private PluginClassLoader(String name, URL[] jars, ClassLoader host, Set<String> ownSharedPackages) {
    super("plugin:" + name, jars, ClassLoader.getPlatformClassLoader());
    this.host = host;
    this.ownSharedPackages = ownSharedPackages;
  }

  /**
   * A loader over {@code jars}, sharing Likeness's and the logging packages with {@code host}.
   *
   * @throws IllegalStateException naming the jar when a plugin jar holds a copy of the host's SPI
   */
  static PluginClassLoader over(String name, List<Path> jars, ClassLoader host) {
    Set<String> own = new TreeSet<>();
    URL[] urls = new URL[jars.size()];
    for (int i = 0; i < urls.length; i++) {
      Path jar = jars.get(i);
      for (String pkg : sharedPackagesIn(jar)) {
        if (pkg.equals(SPI_PACKAGE)) {
          throw new IllegalStateException(
              "plugin '" + name + "' holds its own copy of the host package " + pkg + " in " + jar
                  + "; a plugin directory must not contain the host's modules (likeness-gallery, likeness-core)");
        }
        own.add(pkg);
      }
      try {
        urls[i] = jar.toUri().toURL();
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("plugin jar " + jar + " has no URL: " + e.getMessage(), e);
      }
    }
    return new PluginClassLoader(name, urls, host, Set.copyOf(own));
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (fromHost(name)) {
      return host.loadClass(name);
    }
    // Parent-first against the platform loader: the JDK, then this plugin's jars.
    return super.loadClass(name, resolve);
  }

  /** True when {@code className} is loaded by the host rather than by this plugin. */
  boolean fromHost(String className) {
    int dot = className.lastIndexOf('.');
    String pkg = dot < 0 ? "" : className.substring(0, dot);
    return SHARED_PREFIXES.stream().anyMatch(className::startsWith) && !ownSharedPackages.contains(pkg);
  }

  /** The packages under {@link #SHARED_PREFIXES} that {@code jar} holds classes of. */
  private static Set<String> sharedPackagesIn(Path jar) {
    Set<String> packages = new TreeSet<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        String entry = entries.nextElement().getName();
        int slash = entry.lastIndexOf('/');
        if (!entry.endsWith(".class") || slash < 0 || entry.startsWith("META-INF/")) {
          continue;
        }
        String pkg = entry.substring(0, slash).replace('/', '.');
        if (SHARED_PREFIXES.stream().anyMatch(p -> (pkg + ".").startsWith(p))) {
          packages.add(pkg);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read plugin jar " + jar, e);
    }
    return packages;
  }
}
