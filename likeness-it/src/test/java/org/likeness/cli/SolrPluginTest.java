package org.likeness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.likeness.detect.Box;
import org.likeness.embed.Embedding;
import org.likeness.embed.ModelId;
import org.likeness.gallery.GallerySpec;
import org.likeness.gallery.Match;
import org.likeness.gallery.PersonGallery;
import org.likeness.gallery.Template;
import org.likeness.gallery.spi.GalleryLayout;
import org.likeness.gallery.spi.GalleryPlugin;
import org.likeness.gallery.spi.GalleryProvider;

/**
 * The SolrCloud gallery loaded the way the command loads it: from the built plugin directory
 * (likeness-solr/target/plugins/solr), in its own class loader, against a real SolrCloud. This
 * test's class path holds likeness-solr, SolrJ and the test nodes' Jetty 10 too; the plugin must
 * use none of them.
 */
@ExtendWith(SharedSolrCloud.class)
class SolrPluginTest {
  static final Path PLUGIN = Path.of("..", "likeness-solr", "target", "plugins", "solr").toAbsolutePath().normalize();
  static final ModelId SYNTHETIC = new ModelId("synthetic-16", "ab".repeat(32));

  @Test
  void pluginProviderEnrollsAndSearchesWithItsOwnSolrJAndNoHostJetty() throws Exception {
    assertTrue(Files.isDirectory(PLUGIN), "build the plugin first: no " + PLUGIN);
    ClassLoader host = getClass().getClassLoader();
    try (GalleryPlugin plugin = GalleryPlugin.load(PLUGIN, host)) {
      GalleryProvider provider = plugin.providers().get(0);
      assertEquals("solr", provider.scheme());
      ClassLoader loader = plugin.classLoader();
      assertSame(loader, provider.getClass().getClassLoader());
      // SolrJ is the plugin's own copy, not the one on this test's class path.
      String solrClient = "org.apache.solr.client.solrj.SolrClient";
      assertNotSame(host.loadClass(solrClient), loader.loadClass(solrClient));
      assertSame(loader, loader.loadClass(solrClient).getClassLoader());
      // The host's Jetty (here the test nodes' Jetty 10; in the command, the door's Jetty 12) is out of reach.
      host.loadClass("org.eclipse.jetty.util.component.LifeCycle");
      assertThrows(ClassNotFoundException.class, () -> loader.loadClass("org.eclipse.jetty.util.component.LifeCycle"));
      // The gallery types are the host's, so the host can use what the plugin returns.
      assertSame(PersonGallery.class, loader.loadClass(PersonGallery.class.getName()));

      // The command's context class loader has no SolrJ; this test's has, so hide it as the command would.
      Thread thread = Thread.currentThread();
      ClassLoader context = thread.getContextClassLoader();
      thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
      try {
        enrollAndSearch(provider, loader);
      } finally {
        thread.setContextClassLoader(context);
      }
    }
  }

  private static void enrollAndSearch(GalleryProvider provider, ClassLoader loader) {
    String location = SharedSolrCloud.gallery("plugin-office");
    Random r = new Random(20261204L);
    float[] alice = unit(r);
    try (PersonGallery g =
        provider.openOrCreate(location, GallerySpec.cosine("plugin-office", SYNTHETIC, 16), GalleryLayout.single())) {
      assertSame(loader, g.getClass().getClassLoader());
      g.enroll("alice", template(r, alice));
      g.enroll("bob", template(r, unit(r)));
      List<Match> top = g.search(new Embedding(alice, SYNTHETIC), 1);
      assertEquals("alice", top.get(0).identity(), top.toString());
    }
    try (PersonGallery again = provider.open(location)) {
      assertEquals(2, again.personCount());
    }
  }

  private static float[] unit(Random r) {
    float[] v = new float[16];
    double norm = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
      norm += v[i] * v[i];
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }

  private static Template template(Random r, float[] v) {
    byte[] sha = new byte[32];
    r.nextBytes(sha);
    return new Template(new Embedding(v, SYNTHETIC), HexFormat.of().formatHex(sha), new Box(10, 20, 110, 140), 0.97f,
        Instant.parse("2026-12-04T03:00:00Z"));
  }
}
