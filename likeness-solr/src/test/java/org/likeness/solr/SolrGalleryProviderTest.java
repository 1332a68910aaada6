package org.likeness.solr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.likeness.error.BadInputException;
import org.likeness.gallery.spi.GalleryProvider;
import org.likeness.gallery.spi.GalleryProviders;

/** The SolrCloud gallery is reachable by its scheme alone, as the CLI reaches it; no cluster needed. */
class SolrGalleryProviderTest {
  @Test
  void serviceLoaderFindsTheSolrProvider() {
    List<String> schemes =
        ServiceLoader.load(GalleryProvider.class).stream().map(p -> p.get().scheme()).toList();
    assertEquals(List.of("solr"), schemes);
    assertInstanceOf(
        SolrGalleryProvider.class,
        GalleryProviders.forLocation("solr://zk1:2181,zk2:2182/solr/office").orElseThrow());
  }

  @Test
  void namesANewGalleryAfterItsCollectionAsSolrGalleryUriParsesIt() {
    GalleryProvider p = GalleryProviders.forLocation("solr://zk:2181/x").orElseThrow();
    for (String location :
        List.of("solr://zk1:2181,zk2:2182/solr/office", "solr://zk-host:2181/collection")) {
      assertEquals(SolrGalleryUri.parse(location).collection(), p.galleryName(location), location);
    }
  }

  @Test
  void rejectsMalformedLocationsWithSolrGalleryUrisMessages() {
    GalleryProvider p = new SolrGalleryProvider();
    for (String bad :
        List.of("solr://zk:2181", "solr://zk:2181/", "solr://zk/office", "solr://zk:2181/bad name", "http://zk:2181/x")) {
      String expected = assertThrows(BadInputException.class, () -> SolrGalleryUri.parse(bad)).getMessage();
      BadInputException e = assertThrows(BadInputException.class, () -> p.galleryName(bad));
      assertEquals(expected, e.getMessage());
      assertTrue(
          assertThrows(BadInputException.class, () -> p.open(bad)).getMessage().equals(expected), bad);
    }
  }
}
