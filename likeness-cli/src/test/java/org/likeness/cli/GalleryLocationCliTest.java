package org.likeness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The CLI picks a gallery store by the {@code --gallery} value's scheme through the gallery
 * provider lookup, with likeness-solr on its test class path (the command itself loads it as a
 * plugin; see likeness-it's SolrPluginTest); none of these needs a model or a cluster.
 */
class GalleryLocationCliTest {
  @Test
  void unknownSchemeIsRefusedNamingItAndTheSchemesServed() {
    CliRun.Result r = CliRun.run("people", "list", "--gallery", "s3://bucket/office");
    assertEquals(2, r.code(), r.out() + r.err());
    String line = r.err().strip();
    assertEquals(1, line.lines().count(), line);
    assertTrue(line.contains("'s3://bucket/office'") && line.contains("scheme 's3'"), line);
    assertTrue(line.contains("schemes served: solr"), line);
  }

  @Test
  void malformedSolrLocationGetsSolrsOwnMessage() {
    CliRun.Result r = CliRun.run("people", "list", "--gallery", "solr://zk:2181");
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(
        r.err().contains("'solr://zk:2181' must look like solr://zk-host:2181[/chroot]/collection"), r.err());
  }

  @Test
  void migrateRefusesAGalleryThatIsNotADirectory() {
    CliRun.Result r =
        CliRun.run("gallery", "migrate", "--gallery", "solr://zk:2181/office", "--to", "dlib-resnet-128");
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("migrate works on gallery directories"), r.err());
    assertTrue(r.err().contains("solr://zk:2181/office is a solr:// gallery"), r.err());
  }
}
