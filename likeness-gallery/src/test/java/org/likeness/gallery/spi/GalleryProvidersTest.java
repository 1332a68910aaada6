package org.likeness.gallery.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.likeness.error.BadInputException;
import org.likeness.gallery.GallerySpec;
import org.likeness.gallery.PersonGallery;

class GalleryProvidersTest {
  /** A provider that only answers to its scheme; opening is not what these tests are about. */
  private record Stub(String scheme) implements GalleryProvider {
    @Override
    public String galleryName(String location) {
      return "stub";
    }

    @Override
    public PersonGallery open(String location) {
      throw new UnsupportedOperationException();
    }

    @Override
    public PersonGallery openOrCreate(String location, GallerySpec spec, GalleryLayout layout) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void directoriesHaveNoProvider() {
    for (String dir : List.of("/var/galleries/office", "office", "./a://b", "C://galleries", "/srv/solr")) {
      assertTrue(GalleryProviders.isDirectory(dir), dir);
      assertEquals(Optional.empty(), GalleryProviders.forLocation(dir), dir);
    }
  }

  @Test
  void unknownSchemeFailsNamingSchemeAndWhatIsOnTheClassPath() {
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> GalleryProviders.forLocation("s3://bucket/office", List.of(new Stub("solr"))));
    assertTrue(e.getMessage().contains("'s3://bucket/office'"), e.getMessage());
    assertTrue(e.getMessage().contains("scheme 's3'"), e.getMessage());
    assertTrue(e.getMessage().contains("schemes served: solr"), e.getMessage());
  }

  @Test
  void solrWithoutItsPluginSaysHowToInstallIt() {
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () ->
                GalleryProviders.forLocation(
                    "solr://zk:2181/office",
                    List.of(),
                    new PluginDirectories(List.of(Path.of("/nowhere/lib/plugins")))));
    assertTrue(
        e.getMessage()
            .startsWith(
                "no gallery provider for 'solr://zk:2181/office' (scheme 'solr'; schemes served: none;"
                    + " plugin directories searched: /nowhere/lib/plugins (missing)); SolrCloud galleries"
                    + " need the solr plugin: in a source checkout run `mvn -B -DskipTests package -pl"
                    + " likeness-solr -am`"),
        e.getMessage());
    assertTrue(e.getMessage().contains("lib/plugins/solr/"), e.getMessage());
  }

  @Test
  void solrOnThisClassPathWithoutPluginsIsMissingToo() {
    // likeness-gallery's own class path has no provider at all, and its tests set no plugin root.
    BadInputException e =
        assertThrows(BadInputException.class, () -> GalleryProviders.forLocation("solr://zk:2181/office"));
    assertTrue(e.getMessage().contains("schemes served: none"), e.getMessage());
  }

  @Test
  void findsTheProviderOfTheLocationsScheme() {
    Stub solr = new Stub("solr");
    assertSame(
        solr,
        GalleryProviders.forLocation("solr://zk:2181/office", List.of(new Stub("s3"), solr)).orElseThrow());
    assertEquals(Optional.of("solr"), GalleryProviders.scheme("solr://zk:2181/office"));
    assertFalse(GalleryProviders.isDirectory("solr://zk:2181/office"));
  }

  @Test
  void twoProvidersOfOneSchemeAreRefusedNamingBoth() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> GalleryProviders.forLocation("solr://zk:2181/office", List.of(new Stub("solr"), new Stub("solr"))));
    assertTrue(e.getMessage().contains("'solr://'"), e.getMessage());
  }

  @Test
  void layoutNeedsAShardAndAReplicaAndNamesWhatItGot() {
    assertEquals(new GalleryLayout(1, 1), GalleryLayout.single());
    BadInputException e = assertThrows(BadInputException.class, () -> new GalleryLayout(0, 2));
    assertTrue(e.getMessage().contains("0 shards x 2 replicas"), e.getMessage());
  }
}
