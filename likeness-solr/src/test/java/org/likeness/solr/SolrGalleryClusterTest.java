package org.likeness.solr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.impl.Http2SolrClient;
import org.apache.solr.common.cloud.DocCollection;
import org.apache.solr.common.cloud.Replica;
import org.apache.solr.embedded.JettySolrRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.detect.Box;
import org.likeness.embed.Embedding;
import org.likeness.embed.ModelId;
import org.likeness.error.BadInputException;
import org.likeness.gallery.EnrollOutcome;
import org.likeness.gallery.Enrollment;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.GalleryFormatException;
import org.likeness.gallery.GalleryOptions;
import org.likeness.gallery.GallerySpec;
import org.likeness.gallery.Match;
import org.likeness.gallery.ModelMismatchException;
import org.likeness.gallery.PersonDetails;
import org.likeness.gallery.PersonSummary;
import org.likeness.gallery.Template;
import org.likeness.gallery.TestVectors;

/**
 * The SolrCloud gallery on a real two-node cluster (Jetty nodes and ZooKeeper in this JVM), each
 * collection 2 shards x 2 replicas so that either node holds a full copy. One cluster serves every
 * test; each test uses its own collection. Tests tagged {@code model} use real LFW faces.
 */
class SolrGalleryClusterTest {
  static final int SHARDS = 2;
  static final int REPLICAS = 2;
  static final CollectionLayout LAYOUT = new CollectionLayout(SHARDS, REPLICAS);
  static final long SEED = 20261130L;
  static final ModelId SYNTHETIC = new ModelId("synthetic-64", "ab".repeat(32));
  static final ModelId OTHER = new ModelId("other-64", "cd".repeat(32));

  @TempDir static Path tmp;
  static SolrCluster solr;

  @BeforeAll
  static void startCluster() throws Exception {
    long start = System.nanoTime();
    solr = new SolrCluster(2, tmp.resolve("solr"));
    System.out.printf(Locale.ROOT, "2-node SolrCloud started in %.1f s%n", (System.nanoTime() - start) / 1e9);
  }

  @AfterAll
  static void stopCluster() {
    LfwFaces.closeGalleries();
    if (solr != null) {
      solr.close();
    }
  }

  static Template template(Random r, float[] v, ModelId model) {
    byte[] sha = new byte[32];
    r.nextBytes(sha);
    return new Template(
        new Embedding(v, model), HexFormat.of().formatHex(sha), new Box(10, 20, 110, 140), 0.97f,
        Instant.parse("2026-11-30T03:00:00Z").plusNanos(r.nextInt(1_000_000_000)));
  }

  @Test
  void enrollsListsSearchesAndRemovesLikeTheEmbeddedGallery() throws Exception {
    Random r = new Random(SEED);
    GallerySpec spec = GallerySpec.cosine("synthetic", SYNTHETIC, 64);
    List<Enrollment> batch = new ArrayList<>();
    List<float[]> faces = new ArrayList<>();
    for (int p = 0; p < 40; p++) {
      float[] face = TestVectors.randomUnit(r, 64);
      faces.add(face);
      for (int t = 0; t < 3; t++) {
        batch.add(new Enrollment("person " + p, template(r, TestVectors.noisyCopy(r, face, 0.08), SYNTHETIC)));
      }
    }
    try (SolrGallery cloud = SolrGallery.create(solr.uri("synthetic"), spec, LAYOUT, SolrGalleryOptions.defaults());
        Gallery local = Gallery.create(tmp.resolve("synthetic"), spec, GalleryOptions.defaults())) {
      List<EnrollOutcome> outcomes = cloud.enrollAll(batch);
      local.enrollAll(batch);
      assertTrue(outcomes.stream().allMatch(EnrollOutcome::added));
      assertEquals(120, cloud.size());
      assertEquals(40, cloud.personCount());

      List<PersonSummary> people = cloud.people();
      assertEquals(local.people().stream().map(PersonSummary::name).toList(), people.stream().map(PersonSummary::name).toList());
      assertTrue(people.stream().allMatch(s -> s.templates() == 3));

      PersonDetails seven = cloud.person("person 7").orElseThrow();
      assertEquals(3, seven.templates().size());
      for (int i = 0; i < 3; i++) {
        Template sent = batch.get(21 + i).template();
        assertTrue(seven.templates().stream().anyMatch(t ->
            t.template().imageSha256().equals(sent.imageSha256())
                && t.template().enrolledAt().equals(sent.enrolledAt())
                && t.template().box().equals(sent.box())
                && java.util.Arrays.equals(t.template().embedding().vector(), sent.embedding().vector())));
      }

      for (int p = 0; p < faces.size(); p++) {
        Embedding probe = new Embedding(TestVectors.noisyCopy(r, faces.get(p), 0.08), SYNTHETIC);
        List<Match> c = cloud.search(probe, 5);
        List<Match> l = local.search(probe, 5);
        assertEquals(l.stream().map(Match::identity).toList(), c.stream().map(Match::identity).toList(), "probe of person " + p);
        for (int i = 0; i < l.size(); i++) {
          assertEquals(l.get(i).distance(), c.get(i).distance(), 1e-5);
          assertEquals(l.get(i).templates(), c.get(i).templates());
        }
        assertEquals("person " + p, c.get(0).identity());
      }

      long firstOfSeven = seven.templates().get(0).id();
      assertTrue(cloud.removeTemplate(firstOfSeven));
      assertFalse(cloud.removeTemplate(firstOfSeven));
      assertEquals(2, cloud.person("person 7").orElseThrow().templates().size());
      assertTrue(cloud.removePerson("person 7"));
      assertFalse(cloud.removePerson("person 7"));
      assertTrue(cloud.person("person 7").isEmpty());
      assertEquals(117, cloud.size());
      assertEquals(39, cloud.personCount());
      Embedding probeSeven = new Embedding(faces.get(7), SYNTHETIC);
      assertTrue(cloud.search(probeSeven, 39).stream().noneMatch(m -> m.identity().equals("person 7")));
    }
    try (SolrGallery reopened = SolrGallery.open(solr.uri("synthetic"), SolrGalleryOptions.defaults())) {
      assertEquals(spec, reopened.spec());
      assertEquals(117, reopened.size());
    }
  }

  @Test
  void refusesAnotherModelsEmbeddingsNamingBothModels() {
    Random r = new Random(SEED + 1);
    GallerySpec spec = GallerySpec.cosine("provenance", SYNTHETIC, 64);
    try (SolrGallery g = SolrGallery.create(solr.uri("provenance"), spec, LAYOUT, SolrGalleryOptions.defaults())) {
      g.enroll("Ada", template(r, TestVectors.randomUnit(r, 64), SYNTHETIC));
      ModelMismatchException search = assertThrows(ModelMismatchException.class,
          () -> g.search(new Embedding(TestVectors.randomUnit(r, 64), OTHER), 1));
      assertTrue(search.getMessage().contains(SYNTHETIC.toString()) && search.getMessage().contains(OTHER.toString()), search.getMessage());
      ModelMismatchException enroll = assertThrows(ModelMismatchException.class,
          () -> g.enroll("Bob", template(r, TestVectors.randomUnit(r, 64), OTHER)));
      assertTrue(enroll.getMessage().contains(OTHER.toString()), enroll.getMessage());
      assertEquals(1, g.size());
    }
    ModelMismatchException reopen = assertThrows(ModelMismatchException.class,
        () -> SolrGallery.openOrCreate(solr.uri("provenance"), GallerySpec.cosine("provenance", OTHER, 64), LAYOUT,
            SolrGalleryOptions.defaults()));
    assertTrue(reopen.getMessage().contains(SYNTHETIC.toString()) && reopen.getMessage().contains(OTHER.toString()), reopen.getMessage());
    BadInputException twice = assertThrows(BadInputException.class,
        () -> SolrGallery.create(solr.uri("provenance"), spec, LAYOUT, SolrGalleryOptions.defaults()));
    assertTrue(twice.getMessage().contains("already exists"), twice.getMessage());
    GalleryFormatException missing = assertThrows(GalleryFormatException.class,
        () -> SolrGallery.open(solr.uri("nobody-made-this"), SolrGalleryOptions.defaults()));
    assertTrue(missing.getMessage().contains("nobody-made-this"), missing.getMessage());
    assertTrue(SolrGallery.drop(solr.uri("provenance")));
    assertFalse(SolrGallery.drop(solr.uri("provenance")));
    assertThrows(GalleryFormatException.class, () -> SolrGallery.open(solr.uri("provenance"), SolrGalleryOptions.defaults()));
  }

  @Test
  void sameImageAgainIsAlreadyEnrolledAndForSomeoneElseIsRefused() {
    Random r = new Random(SEED + 2);
    try (SolrGallery g = SolrGallery.create(solr.uri("duplicates"), GallerySpec.cosine("duplicates", SYNTHETIC, 64),
        LAYOUT, SolrGalleryOptions.defaults())) {
      Template t = template(r, TestVectors.randomUnit(r, 64), SYNTHETIC);
      EnrollOutcome first = g.enroll("Ada", t);
      EnrollOutcome again = g.enroll("Ada", t);
      assertEquals(EnrollOutcome.Status.ENROLLED, first.status());
      assertEquals(EnrollOutcome.Status.ALREADY_ENROLLED, again.status());
      assertEquals(first.templateId(), again.templateId());
      BadInputException other = assertThrows(BadInputException.class, () -> g.enroll("Bob", t));
      assertTrue(other.getMessage().contains("'Ada'") && other.getMessage().contains("'Bob'"), other.getMessage());
      assertEquals(1, g.size());
      assertEquals(List.of("Ada"), g.people().stream().map(PersonSummary::name).toList());
    }
  }

  /** A batch of 1000 is checked for duplicates in slices: one real-time get of 1000 ids overflowed Jetty's 8 KiB header. */
  @Test
  void enrollsAThousandTemplatesInOneBatchAndRecognisesThemAsEnrolledAgain() {
    Random r = new Random(SEED + 3);
    List<Enrollment> batch = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      batch.add(new Enrollment("person " + (i / 4), template(r, TestVectors.randomUnit(r, 64), SYNTHETIC)));
    }
    try (SolrGallery g = SolrGallery.create(solr.uri("thousand"), GallerySpec.cosine("thousand", SYNTHETIC, 64),
        LAYOUT, SolrGalleryOptions.defaults())) {
      assertTrue(g.enrollAll(batch).stream().allMatch(EnrollOutcome::added));
      assertEquals(1000, g.size());
      assertEquals(250, g.personCount());
      assertTrue(g.enrollAll(batch).stream().noneMatch(EnrollOutcome::added), "the same 1000 photos again");
      assertEquals(1000, g.size());
    }
    assertTrue(SolrGallery.drop(solr.uri("thousand")));
  }

  /** (a) The same LFW faces give the same first identity in SolrCloud as in the embedded store. */
  @Test
  @Tag("model")
  void lfwTopOneIdentityAgreesWithTheEmbeddedStore() {
    LfwFaces lfw = LfwFaces.get();
    SolrGallery cloud = LfwFaces.cloudGallery(solr);
    try (Gallery local = Gallery.create(tmp.resolve("lfw-local"), lfw.spec(), GalleryOptions.defaults())) {
      local.enrollAll(lfw.enrollments());
      assertEquals(local.size(), cloud.size());
      int agree = 0;
      int cloudRight = 0;
      int localRight = 0;
      long searchNanos = 0;
      for (LfwFaces.Probe p : lfw.probes()) {
        long t0 = System.nanoTime();
        String c = cloud.search(p.embedding(), 1).get(0).identity();
        searchNanos += System.nanoTime() - t0;
        String l = local.search(p.embedding(), 1).get(0).identity();
        agree += c.equals(l) ? 1 : 0;
        cloudRight += c.equals(p.person()) ? 1 : 0;
        localRight += l.equals(p.person()) ? 1 : 0;
      }
      int n = lfw.probes().size();
      double agreement = (double) agree / n;
      System.out.printf(Locale.ROOT,
          "LFW %d people, %d templates, %d probes: top-1 agreement %.4f; rank-1 SolrCloud %.4f, embedded %.4f; "
              + "SolrCloud search mean %.1f ms%n",
          lfw.people(), local.size(), n, agreement, (double) cloudRight / n, (double) localRight / n,
          searchNanos / 1e6 / n);
      assertTrue(agreement >= 0.99, "top-1 agreement " + agreement);
    }
  }

  /** (b) Stopping a node in the middle of a query loop changes no answer and fails no query. */
  @Test
  @Tag("model")
  void queriesKeepTheirAnswersWhileANodeStops() throws Exception {
    LfwFaces lfw = LfwFaces.get();
    SolrGallery cloud = LfwFaces.cloudGallery(solr);
    List<LfwFaces.Probe> probes = lfw.probes().subList(0, Math.min(150, lfw.probes().size()));
    List<List<String>> before = new ArrayList<>();
    for (LfwFaces.Probe p : probes) {
      before.add(cloud.search(p.embedding(), 3).stream().map(Match::identity).toList());
    }
    JettySolrRunner stopped = null;
    int changed = 0;
    long stopMillis = 0;
    long slowest = 0;
    try {
      for (int i = 0; i < probes.size(); i++) {
        if (i == probes.size() / 3) {
          long t0 = System.nanoTime();
          stopped = solr.stopLeaderNode(LfwFaces.COLLECTION);
          stopMillis = (System.nanoTime() - t0) / 1_000_000;
        }
        long t0 = System.nanoTime();
        List<String> now = cloud.search(probes.get(i).embedding(), 3).stream().map(Match::identity).toList();
        slowest = Math.max(slowest, (System.nanoTime() - t0) / 1_000_000);
        changed += now.equals(before.get(i)) ? 0 : 1;
      }
    } finally {
      if (stopped != null) {
        long t0 = System.nanoTime();
        solr.restart(stopped, LfwFaces.COLLECTION, SHARDS, REPLICAS);
        System.out.printf(Locale.ROOT, "node %s back and all replicas active after %.1f s%n",
            stopped.getNodeName(), (System.nanoTime() - t0) / 1e9);
      }
    }
    System.out.printf(Locale.ROOT,
        "%d queries, node stopped after %d (took %d ms): %d answers changed, slowest query %d ms%n",
        probes.size(), probes.size() / 3, stopMillis, changed, slowest);
    assertTrue(stopped != null);
    assertEquals(0, changed, "top-3 answers that changed after the node stopped");
  }

  /** (c) Templates enrolled while a node is down are all there, on every replica, once it is back. */
  @Test
  @Tag("model")
  void enrollmentsWhileANodeIsDownAreNotLost() throws Exception {
    LfwFaces lfw = LfwFaces.get();
    List<Enrollment> all = lfw.enrollments();
    List<Enrollment> early = all.subList(0, all.size() / 2);
    List<Enrollment> late = all.subList(all.size() / 2, all.size());
    String collection = "lfw-node-down";
    try (SolrGallery g = SolrGallery.create(solr.uri(collection), lfw.spec(), LAYOUT, SolrGalleryOptions.defaults())) {
      g.enrollAll(early);
      JettySolrRunner stopped = solr.stopLeaderNode(collection);
      long t0 = System.nanoTime();
      solr.awaitLeaders(collection);
      long electedMillis = (System.nanoTime() - t0) / 1_000_000;
      for (int i = 0; i < late.size(); i += 50) {
        g.enrollAll(late.subList(i, Math.min(late.size(), i + 50)));
      }
      String removed = late.get(late.size() - 1).person();
      assertTrue(g.removePerson(removed));
      int expected = (int) all.stream().filter(e -> !e.person().equals(removed)).count();
      assertEquals(expected, g.size(), "templates while the node is down");
      t0 = System.nanoTime();
      solr.restart(stopped, collection, SHARDS, REPLICAS);
      System.out.printf(Locale.ROOT,
          "node down: leaders re-elected in %d ms, %d templates enrolled meanwhile; back and recovered in %.1f s%n",
          electedMillis, late.size(), (System.nanoTime() - t0) / 1e9);

      assertEquals(expected, g.size());
      assertEquals(expected, replicaTotal(collection) / REPLICAS, "templates per copy of the index");
      assertTrue(g.person(removed).isEmpty());
      for (Enrollment e : late) {
        if (!e.person().equals(removed)) {
          assertEquals(e.person(), g.search(e.template().embedding(), 1).get(0).identity());
        }
      }
    }
  }

  /** Templates counted on every replica alone (no distributed search), summed. */
  private static long replicaTotal(String collection) throws Exception {
    DocCollection c = solr.cluster.getZkStateReader().getClusterState().getCollection(collection);
    long total = 0;
    for (var slice : c.getSlices()) {
      long shardCount = -1;
      for (Replica replica : slice.getReplicas()) {
        try (Http2SolrClient direct = new Http2SolrClient.Builder(replica.getBaseUrl()).build()) {
          SolrQuery q = new SolrQuery("doc_type:template").setRows(0);
          q.set("distrib", false);
          long n = direct.query(replica.getCoreName(), q).getResults().getNumFound();
          if (shardCount >= 0) {
            assertEquals(shardCount, n, "replica " + replica.getName() + " of " + slice.getName() + " differs");
          }
          shardCount = n;
          total += n;
        }
      }
    }
    return total;
  }
}
