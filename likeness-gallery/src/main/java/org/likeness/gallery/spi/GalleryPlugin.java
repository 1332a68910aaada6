package org.likeness.gallery.spi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * One installed plugin: the jars of one plugin directory in a class loader of their own (see {@link
 * PluginClassLoader} for what it shares with the host), and the gallery providers they offer. A
 * plugin's libraries, such as SolrJ and its HTTP client, thus never meet the host's (the door
 * service's Jetty 12). Closing it closes its jars; a loaded provider must not be used afterwards.
 */
public final class GalleryPlugin implements AutoCloseable {
  private final Path dir;
  private final PluginClassLoader loader;
  private final List<GalleryProvider> providers;

  private GalleryPlugin(Path dir, PluginClassLoader loader, List<GalleryProvider> providers) {
    this.dir = dir;
    this.loader = loader;
    this.providers = providers;
  }

  /**
   * Loads the plugin in {@code dir}: every {@code *.jar} directly in it, sharing Likeness's own
   * packages with {@code host}.
   *
   * @throws IllegalStateException naming the directory when it holds no jar or no gallery provider
   */
  public static GalleryPlugin load(Path dir, ClassLoader host) {
    List<Path> jars;
    try (Stream<Path> files = Files.list(dir)) {
      jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list plugin directory " + dir, e);
    }
    if (jars.isEmpty()) {
      throw new IllegalStateException("plugin directory " + dir + " holds no .jar file");
    }
    String name = dir.getFileName().toString();
    PluginClassLoader loader = PluginClassLoader.over(name, jars, host);
    List<GalleryProvider> providers = new ArrayList<>();
    try {
      ServiceLoader.load(GalleryProvider.class, loader).forEach(providers::add);
    } catch (RuntimeException | Error e) {
      close(loader);
      throw new IllegalStateException("plugin " + dir + " failed to load its gallery provider: " + e, e);
    }
    if (providers.isEmpty()) {
      close(loader);
      throw new IllegalStateException(
          "plugin directory " + dir + " offers no gallery provider (no jar in it names one in META-INF/services/"
              + GalleryProvider.class.getName() + ")");
    }
    return new GalleryPlugin(dir, loader, List.copyOf(providers));
  }

  /** The plugin's name: its directory's, such as {@code solr}. */
  public String name() {
    return dir.getFileName().toString();
  }

  public Path dir() {
    return dir;
  }

  /** The providers the plugin's jars name, each defined by {@link #classLoader()}. */
  public List<GalleryProvider> providers() {
    return providers;
  }

  /** The class loader of the plugin's jars. */
  public ClassLoader classLoader() {
    return loader;
  }

  @Override
  public void close() {
    close(loader);
  }

  private static void close(PluginClassLoader loader) {
    try {
      loader.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the jars of " + loader.getName(), e);
    }
  }
}
