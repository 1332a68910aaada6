package org.likeness.gallery.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.error.BadInputException;

/**
 * A plugin built here from source: a provider of {@code stub://} plus its own copy of a library
 * class the host also has ({@code org.sqlite.JDBC}, on likeness-gallery's class path), loaded the
 * way {@link GalleryProviders} loads installed plugins.
 */
class GalleryPluginTest {
  private static final String PROVIDER =
      """
      package org.likeness.stub;
      import org.likeness.gallery.GallerySpec;
      import org.likeness.gallery.PersonGallery;
      import org.likeness.gallery.spi.GalleryLayout;
      import org.likeness.gallery.spi.GalleryProvider;
      public final class StubProvider implements GalleryProvider {
        public String scheme() { return "stub"; }
        public String galleryName(String location) { return "stub"; }
        public PersonGallery open(String location) { throw new UnsupportedOperationException(); }
        public PersonGallery openOrCreate(String l, GallerySpec s, GalleryLayout g) {
          throw new UnsupportedOperationException();
        }
      }
      """;

  /** The plugin's own org.sqlite.JDBC, which must shadow the host's inside the plugin. */
  private static final String SHADOW = "package org.sqlite; public final class JDBC { public static final int PLUGIN = 1; }";

  @TempDir Path tmp;

  @Test
  void providerIsDefinedByThePluginAndSharesOnlyTheHostsLikenessPackages() throws Exception {
    Path dir = plugin("stub", Map.of("org/likeness/stub/StubProvider.java", PROVIDER, "org/sqlite/JDBC.java", SHADOW), true);
    ClassLoader host = getClass().getClassLoader();
    try (GalleryPlugin plugin = GalleryPlugin.load(dir, host)) {
      assertEquals("stub", plugin.name());
      GalleryProvider p = plugin.providers().get(0);
      assertEquals("stub", p.scheme());
      assertSame(plugin.classLoader(), p.getClass().getClassLoader());
      // The SPI is the host's, so the provider is a GalleryProvider here at all.
      assertSame(GalleryProvider.class, plugin.classLoader().loadClass(GalleryProvider.class.getName()));
      // A library both hold: the plugin sees its own copy, child-first.
      Class<?> hostSqlite = host.loadClass("org.sqlite.JDBC");
      Class<?> pluginSqlite = plugin.classLoader().loadClass("org.sqlite.JDBC");
      assertNotSame(hostSqlite, pluginSqlite);
      assertSame(plugin.classLoader(), pluginSqlite.getClassLoader());
      // A library only the host holds is invisible to the plugin.
      assertThrows(ClassNotFoundException.class, () -> plugin.classLoader().loadClass("org.apache.lucene.index.IndexWriter"));
      assertEquals(Optional.of(p), GalleryProviders.forLocation("stub://x/y", plugin.providers()));
    }
  }

  @Test
  void pluginsAreTheSubdirectoriesOfEachRootInOrder() throws IOException {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Files.createDirectories(a.resolve("solr"));
    Files.createDirectories(a.resolve("other"));
    Path missing = tmp.resolve("missing");
    PluginDirectories dirs =
        PluginDirectories.of(Optional.of(a + File.pathSeparator + missing), Optional.of(a.toString()));
    assertEquals(List.of(a, missing), dirs.roots());
    assertEquals(List.of(a.resolve("other"), a.resolve("solr")), dirs.plugins());
    assertEquals(a + ", " + missing + " (missing)", dirs.describe());
  }

  @Test
  void pluginHoldingACopyOfTheSpiIsRefusedNamingTheJar() throws Exception {
    String spiCopy = "package org.likeness.gallery.spi; public final class Smuggled {}";
    Path dir = plugin("bad", Map.of("org/likeness/gallery/spi/Smuggled.java", spiCopy), false);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> GalleryPlugin.load(dir, getClass().getClassLoader()));
    assertTrue(e.getMessage().contains("plugin 'bad' holds its own copy of the host package org.likeness.gallery.spi"), e.getMessage());
    assertTrue(e.getMessage().contains("bad.jar"), e.getMessage());
  }

  @Test
  void directoryWithoutAProviderIsRefusedNamingIt() throws Exception {
    Path dir = plugin("empty", Map.of("org/sqlite/JDBC.java", SHADOW), false);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> GalleryPlugin.load(dir, getClass().getClassLoader()));
    assertTrue(e.getMessage().contains("plugin directory " + dir + " offers no gallery provider"), e.getMessage());
  }

  @Test
  void schemeMissingEverywhereStillNamesTheSearchedDirectories() {
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> GalleryProviders.forLocation("stub://x", List.of(), new PluginDirectories(List.of(tmp))));
    assertTrue(e.getMessage().contains("plugin directories searched: " + tmp + ")"), e.getMessage());
  }

  /** Compiles {@code sources} against this module's classes into {@code tmp/plugins/NAME/NAME.jar}. */
  private Path plugin(String name, Map<String, String> sources, boolean withService) throws IOException, URISyntaxException {
    Path src = Files.createDirectories(tmp.resolve("src-" + name));
    Path classes = Files.createDirectories(tmp.resolve("classes-" + name));
    List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", hostClassPath()));
    for (var e : sources.entrySet()) {
      Path f = src.resolve(e.getKey());
      Files.createDirectories(f.getParent());
      Files.writeString(f, e.getValue());
      args.add(f.toString());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)), "compiling the test plugin");
    Path dir = Files.createDirectories(tmp.resolve("plugins").resolve(name));
    try (OutputStream out = Files.newOutputStream(dir.resolve(name + ".jar"));
        JarOutputStream jar = new JarOutputStream(out);
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        jar.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
        jar.write(Files.readAllBytes(f));
      }
      if (withService) {
        jar.putNextEntry(new JarEntry("META-INF/services/" + GalleryProvider.class.getName()));
        jar.write("org.likeness.stub.StubProvider\n".getBytes(StandardCharsets.UTF_8));
      }
    }
    return dir;
  }

  /** likeness-gallery's and likeness-core's classes, which the SPI's types come from. */
  private static String hostClassPath() throws URISyntaxException {
    return Path.of(GalleryProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        + File.pathSeparator
        + Path.of(BadInputException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
