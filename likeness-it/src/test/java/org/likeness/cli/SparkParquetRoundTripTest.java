package org.likeness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.detect.FaceSelection;
import org.likeness.engine.Likeness;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.GalleryOptions;
import org.likeness.gallery.GallerySpec;
import org.likeness.gallery.Match;
import org.likeness.gallery.PersonGallery;
import org.likeness.models.DecisionThreshold;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;
import org.likeness.pipeline.FaceEncoding;
import org.likeness.solr.CollectionLayout;
import org.likeness.solr.SolrGallery;
import org.likeness.solr.SolrGalleryOptions;
import org.likeness.solr.SolrGalleryUri;
import org.likeness.spark.BatchEnrollment;
import org.likeness.spark.FaceRows;
import org.likeness.spark.GalleryBulkLoad;

/**
 * The batch path end to end on 500 LFW photos: Spark {@code local[2]} embeds them into Parquet,
 * the Parquet loads into an embedded gallery and into a SolrCloud collection (2 shards x 2
 * replicas), and held-out photos get the same answer from {@code likeness identify --json} on the
 * embedded gallery as from searching either loaded gallery in this JVM.
 */
@Tag("model")
@ExtendWith(SharedSolrCloud.class)
class SparkParquetRoundTripTest {
  static final ModelSpec MODEL = ModelCatalog.MOBILEFACENET_192;
  static final int PHOTOS = 500;
  static final int ENROLLED_PER_PERSON = 3;
  /** Every third LFW person with at least four photos, so that the people spread over the alphabet. */
  static final int PERSON_STRIDE = 3;
  /** Every chosen person also gives a held-out probe: their fourth photo. */
  static final int PROBE_STRIDE = 1;
  static final double MIN_AGREEMENT = 0.99;
  static final Pattern ENROLLMENT_REFUSAL = Pattern.compile("no face found|\\d+ faces; enroll a photo of ");

  @TempDir Path tmp;

  record Probe(String person, Path photo) {}

  @Test
  void parquetFromSparkLoadsIntoBothBackendsAndIdentifiesLikeTheCli() throws Exception {
    Path root = tmp.resolve("photos");
    List<Probe> probes = photoTree(root);
    Path parquet = tmp.resolve("faces.parquet");
    GallerySpec spec = new GallerySpec("lfw-500", MODEL.id(), MODEL.dimensions(), MODEL.metric());
    Path dir = tmp.resolve("gallery");
    SolrGalleryUri solrUri = SolrGalleryUri.parse(SharedSolrCloud.gallery("spark-lfw-500"));

    SparkSession spark = SparkSession.builder().master("local[2]").appName("likeness-parquet-round-trip")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    int rows;
    int failed;
    List<String> errors;
    GalleryBulkLoad.Result intoDir;
    GalleryBulkLoad.Result intoSolr;
    try {
      Dataset<Row> input = BatchEnrollment.folderTree(spark, root);
      assertEquals(PHOTOS, input.count());
      long t0 = System.nanoTime();
      new BatchEnrollment(MODEL.name(), Optional.empty(), FaceSelection.LARGEST).run(spark, input, 4, parquet);
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "Spark local[2]: %d photos in %.1f s = %.1f photos/s (models loaded in the job)%n",
          PHOTOS, seconds, PHOTOS / seconds);
      Dataset<Row> out = spark.read().parquet(parquet.toString());
      rows = (int) out.count();
      failed = (int) out.filter(functions.col(FaceRows.ERROR).isNotNull()).count();
      errors = out.filter(functions.col(FaceRows.ERROR).isNotNull()).select(FaceRows.ERROR).collectAsList().stream()
          .map(e -> e.getString(0)).toList();
      try (Gallery g = Gallery.create(dir, spec, GalleryOptions.defaults())) {
        intoDir = GalleryBulkLoad.load(spark, parquet.toString(), g, 500);
      }
      try (SolrGallery s = SolrGallery.create(solrUri, spec, new CollectionLayout(2, 2), SolrGalleryOptions.defaults())) {
        intoSolr = GalleryBulkLoad.load(spark, parquet.toString(), s, 500);
      }
    } finally {
      spark.stop();
    }
    System.out.printf(Locale.ROOT, "%d rows, %d with an error (%d group photos); embedded %s; SolrCloud %s%n", rows,
        failed, errors.stream().filter(e -> e.contains(" faces; ")).count(), intoDir, intoSolr);
    assertEquals(PHOTOS, rows, "one Parquet row per photo");
    // Enrollment refuses group photos, as the CLI's enroll does; LFW has many. Nothing else may fail.
    for (String e : errors) {
      assertTrue(ENROLLMENT_REFUSAL.matcher(e).find(), "unexpected row error: " + e);
    }
    assertTrue(failed < PHOTOS / 4, failed + " of " + PHOTOS + " LFW photos refused: " + errors);
    assertEquals(new GalleryBulkLoad.Result(PHOTOS - failed, 0, failed), intoDir);
    assertEquals(intoDir, intoSolr);

    List<JsonNode> cli = identifyWithTheCli(dir, probes);
    try (Gallery local = Gallery.open(dir, GalleryOptions.defaults());
        SolrGallery cloud = SolrGallery.open(solrUri, SolrGalleryOptions.defaults());
        Likeness face = Likeness.open(MODEL)) {
      assertEquals(PHOTOS - failed, local.size());
      assertEquals(PHOTOS - failed, cloud.size());
      assertEquals(local.personCount(), cloud.personCount());
      DecisionThreshold threshold = face.thresholds().identify(Likeness.statistics(local));
      int sameAsLocal = 0;
      int sameAsCloud = 0;
      int right = 0;
      List<String> disagreements = new ArrayList<>();
      for (int i = 0; i < probes.size(); i++) {
        Probe p = probes.get(i);
        JsonNode answer = cli.get(i);
        assertEquals(p.photo().toString(), answer.get("image").asText());
        assertEquals(threshold.maxDistance(), answer.get("threshold").asDouble(), 1e-9, "the CLI's threshold");
        String byCli = answer.get("identity").isNull() ? "unknown" : answer.get("identity").asText();
        FaceEncoding probe = face.encode(p.photo());
        String byLocal = decide(face, local, probe, threshold);
        String byCloud = decide(face, cloud, probe, threshold);
        sameAsLocal += byCli.equals(byLocal) ? 1 : 0;
        sameAsCloud += byCli.equals(byCloud) ? 1 : 0;
        right += byCli.equals(p.person()) ? 1 : 0;
        if (!byCli.equals(byLocal) || !byCli.equals(byCloud)) {
          disagreements.add(p.photo().getFileName() + ": cli " + byCli + ", embedded " + byLocal + ", solr " + byCloud);
        }
      }
      int n = probes.size();
      System.out.printf(Locale.ROOT, "%d probes of %d people (threshold %.4f): CLI agrees with the embedded gallery on %d"
              + " (%.4f), with SolrCloud on %d (%.4f); CLI right on %d (%.4f)%n", n, local.personCount(),
          threshold.maxDistance(), sameAsLocal, sameAsLocal / (double) n, sameAsCloud, sameAsCloud / (double) n, right,
          right / (double) n);
      disagreements.forEach(d -> System.out.println("  disagreement " + d));
      assertTrue(sameAsLocal >= MIN_AGREEMENT * n, sameAsLocal + " of " + n + " agree with the embedded gallery: " + disagreements);
      assertTrue(sameAsCloud >= MIN_AGREEMENT * n, sameAsCloud + " of " + n + " agree with SolrCloud: " + disagreements);
      assertTrue(right >= 0.9 * n, "the CLI named " + right + " of " + n + " held-out photos rightly");
    } finally {
      SolrGallery.drop(solrUri);
    }
  }

  /**
   * The open-set answer the CLI gives, from one encoding: unknown for no face or a face below the
   * quality floor, else the nearest person within the threshold, else unknown.
   */
  static String decide(Likeness face, PersonGallery g, FaceEncoding probe, DecisionThreshold threshold) {
    if (probe.embedding().isEmpty() || probe.quality().flatMap(face.qualityFloor()::check).isPresent()) {
      return "unknown";
    }
    List<Match> top = g.search(probe.embedding().orElseThrow(), 1);
    return !top.isEmpty() && top.get(0).distance() <= threshold.maxDistance() ? top.get(0).identity() : "unknown";
  }

  static List<JsonNode> identifyWithTheCli(Path gallery, List<Probe> probes) throws IOException {
    List<String> args = new ArrayList<>(List.of("identify", "--gallery", gallery.toString(), "--json"));
    probes.forEach(p -> args.add(p.photo().toString()));
    long t0 = System.nanoTime();
    CliRun.Result r = CliRun.run(args.toArray(String[]::new));
    System.out.printf(Locale.ROOT, "likeness identify --json: %d photos in %.1f s%n", probes.size(), (System.nanoTime() - t0) / 1e9);
    assertEquals(0, r.code(), r.err());
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> answers = new ArrayList<>();
    for (String line : r.out().strip().lines().toList()) {
      answers.add(json.readTree(line));
    }
    assertEquals(probes.size(), answers.size(), r.out());
    return answers;
  }

  /**
   * Links {@link #PHOTOS} LFW photos into {@code root/<person>/}: the first three photos of every
   * third person with at least four, and returns the fourth photo of each such person as a
   * held-out probe.
   */
  static List<Probe> photoTree(Path root) throws IOException {
    Path lfw = CliRun.lfwImage().getParent().getParent();
    List<Probe> probes = new ArrayList<>();
    int linked = 0;
    int eligible = 0;
    int chosen = 0;
    try (Stream<Path> dirs = Files.list(lfw)) {
      for (Path d : dirs.sorted().toList()) {
        if (linked == PHOTOS) {
          break;
        }
        List<Path> photos;
        try (Stream<Path> files = Files.list(d)) {
          photos = files.sorted().toList();
        }
        if (photos.size() < ENROLLED_PER_PERSON + 1 || eligible++ % PERSON_STRIDE != 0) {
          continue;
        }
        String person = d.getFileName().toString();
        Path to = Files.createDirectories(root.resolve(person));
        for (Path f : photos.subList(0, Math.min(ENROLLED_PER_PERSON, PHOTOS - linked))) {
          Files.createSymbolicLink(to.resolve(f.getFileName()), f.toAbsolutePath());
          linked++;
        }
        if (chosen++ % PROBE_STRIDE == 0) {
          probes.add(new Probe(person, photos.get(ENROLLED_PER_PERSON).toAbsolutePath()));
        }
      }
    }
    assertEquals(PHOTOS, linked, "LFW has too few people with four photos under " + lfw);
    return probes;
  }
}
