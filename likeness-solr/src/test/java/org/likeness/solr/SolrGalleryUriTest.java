package org.likeness.solr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.likeness.error.BadInputException;

class SolrGalleryUriTest {
  @Test
  void parsesEnsembleChrootAndCollection() {
    SolrGalleryUri u = SolrGalleryUri.parse("solr://zk1:2181,zk2:2182/solr/office");
    assertEquals(List.of("zk1:2181", "zk2:2182"), u.zkHosts());
    assertEquals(Optional.of("/solr"), u.zkChroot());
    assertEquals("office", u.collection());
    assertEquals("solr://zk1:2181,zk2:2182/solr/office", u.toString());
  }

  @Test
  void parsesSingleHostWithoutChroot() {
    SolrGalleryUri u = SolrGalleryUri.parse("solr://zk-host:2181/collection");
    assertEquals(List.of("zk-host:2181"), u.zkHosts());
    assertEquals(Optional.empty(), u.zkChroot());
    assertEquals("collection", u.collection());
  }

  @Test
  void tellsSolrLocationsFromDirectories() {
    assertTrue(SolrGalleryUri.isSolr("solr://zk:2181/g"));
    assertFalse(SolrGalleryUri.isSolr("/var/galleries/solr"));
    assertFalse(SolrGalleryUri.isSolr(null));
  }

  @Test
  void rejectsMalformedLocationsNamingThem() {
    for (String bad :
        List.of("solr://zk:2181", "solr://zk:2181/", "solr://zk/office", "solr://zk:2181/bad name", "http://zk:2181/x")) {
      BadInputException e = assertThrows(BadInputException.class, () -> SolrGalleryUri.parse(bad));
      assertTrue(
          e.getMessage().contains(bad) || e.getMessage().contains("bad name") || e.getMessage().contains("'zk'"),
          e.getMessage());
    }
  }
}
