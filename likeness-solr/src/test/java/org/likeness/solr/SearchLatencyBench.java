package org.likeness.solr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.likeness.detect.Box;
import org.likeness.embed.Embedding;
import org.likeness.embed.ModelId;
import org.likeness.gallery.Enrollment;
import org.likeness.gallery.GallerySpec;
import org.likeness.gallery.Match;
import org.likeness.gallery.Template;
import org.likeness.gallery.TestVectors;

/**
 * Benchmark, not a test: SolrCloud identify latency at 100k synthetic templates. Starts a 2-node
 * MiniSolrCloudCluster in this JVM, bulk-indexes {@code PEOPLE x TEMPLATES_PER_PERSON} random
 * 192-d unit templates into a collection of 2 shards x 1 replica, then times
 * {@link SolrGallery#search} (over-fetch, fetch the candidates' templates, score people) one query
 * at a time and prints a table:
 *
 * <pre>java ... org.likeness.solr.SearchLatencyBench [PEOPLE] [QUERIES] [SHARDS] [REPLICAS]</pre>
 */
public final class SearchLatencyBench {
  static final int DIMENSIONS = 192;
  static final int TEMPLATES_PER_PERSON = 4;
  static final int BATCH = 1000;
  static final int WARM_UP = 100;
  static final int TOP_K = 5;
  /** Per-component noise of a template around its person, and of a probe: cosine about 0.8 to the person. */
  static final double SIGMA = 0.05;
  static final long SEED = 20261130L;
  static final ModelId MODEL = new ModelId("synthetic-192", "ef".repeat(32));

  private SearchLatencyBench() {}

  public static void main(String[] args) throws Exception {
    int people = args.length > 0 ? Integer.parseInt(args[0]) : 25_000;
    int queries = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    CollectionLayout layout = new CollectionLayout(
        args.length > 2 ? Integer.parseInt(args[2]) : 2, args.length > 3 ? Integer.parseInt(args[3]) : 1);
    Random r = new Random(SEED);
    float[][] faces = new float[people][];
    for (int p = 0; p < people; p++) {
      faces[p] = TestVectors.randomUnit(r, DIMENSIONS);
    }
    Path dir = Files.createTempDirectory("likeness-solr-bench");
    long t0 = System.nanoTime();
    try (SolrCluster solr = new SolrCluster(2, dir.resolve("solr"))) {
      System.out.printf(Locale.ROOT, "2-node SolrCloud started in %.1f s%n", (System.nanoTime() - t0) / 1e9);
      GallerySpec spec = GallerySpec.cosine("bench", MODEL, DIMENSIONS);
      try (SolrGallery g = SolrGallery.create(solr.uri("bench"), spec, layout, SolrGalleryOptions.defaults())) {
        t0 = System.nanoTime();
        Instant now = Instant.now();
        byte[] sha = new byte[32];
        List<Enrollment> batch = new ArrayList<>(BATCH);
        for (int p = 0; p < people; p++) {
          for (int t = 0; t < TEMPLATES_PER_PERSON; t++) {
            r.nextBytes(sha);
            Template template = new Template(new Embedding(TestVectors.noisyCopy(r, faces[p], SIGMA), MODEL),
                HexFormat.of().formatHex(sha), new Box(10, 20, 110, 140), 0.97f, now);
            batch.add(new Enrollment("person " + p, template));
            if (batch.size() == BATCH) {
              g.enrollAll(batch);
              batch.clear();
            }
          }
        }
        if (!batch.isEmpty()) {
          g.enrollAll(batch);
        }
        double indexing = (System.nanoTime() - t0) / 1e9;
        int size = g.size();
        System.out.printf(Locale.ROOT, "indexed %d templates of %d people in %.1f s = %.0f templates/s (batches of %d, one"
            + " soft commit each)%n", size, people, indexing, size / indexing, BATCH);

        double[] ms = new double[queries];
        int right = 0;
        for (int q = -WARM_UP; q < queries; q++) {
          int who = r.nextInt(people);
          Embedding probe = new Embedding(TestVectors.noisyCopy(r, faces[who], SIGMA), MODEL);
          long s = System.nanoTime();
          List<Match> top = g.search(probe, TOP_K);
          double elapsed = (System.nanoTime() - s) / 1e6;
          if (q >= 0) {
            ms[q] = elapsed;
            right += top.get(0).identity().equals("person " + who) ? 1 : 0;
          }
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%d templates, %s, top-%d, %d queries one at a time after %d warm-up:%n",
            size, layout, TOP_K, queries, WARM_UP);
        System.out.println("| p50 ms | p90 ms | p99 ms | max ms | mean ms | rank-1 right |");
        System.out.println("|---|---|---|---|---|---|");
        System.out.printf(Locale.ROOT, "| %.1f | %.1f | %.1f | %.1f | %.1f | %d/%d |%n", percentile(sorted, 0.50),
            percentile(sorted, 0.90), percentile(sorted, 0.99), sorted[queries - 1], Arrays.stream(ms).average().orElseThrow(),
            right, queries);
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** The nearest-rank percentile of sorted values. */
  static double percentile(double[] sorted, double q) {
    return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
  }
}
