package org.likeness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.engine.Likeness;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.GalleryOptions;
import org.likeness.gallery.Match;
import org.likeness.gallery.PersonGallery;
import org.likeness.models.DecisionThreshold;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;
import org.likeness.pipeline.FaceEncoding;
import org.likeness.solr.SolrGallery;
import org.likeness.solr.SolrGalleryOptions;
import org.likeness.solr.SolrGalleryUri;

/**
 * Batch enrollment started the way Spark users start jobs: {@code org.apache.spark.deploy.SparkSubmit}
 * (what the {@code spark-submit} script runs), in a child JVM on Spark's own jars from Maven Central
 * (likeness-spark/spark-submit), submits {@code likeness-spark.jar} with {@code --master local[2]}
 * on 200 LFW photos, once into a gallery directory and once into a SolrCloud collection (2 shards x
 * 2 replicas) reached through the gallery provider SPI inside the jar. Both galleries then hold the
 * same people and templates, and on the held-out photos {@code likeness identify --json} on the
 * directory gallery gives the same answer as a search of the SolrCloud gallery, and mostly the
 * right one.
 *
 * <p>The jar is packaged before these tests by the README's {@code mvn -P model-tests verify} (the
 * reactor packages likeness-spark before likeness-it), or by {@code mvn -DskipTests package -pl
 * likeness-spark -am} after a {@code mvn test}; the test fails when it is missing or older than the
 * sources of a module inside it. Surefire passes its path, Spark's class path and the JVM
 * flags Spark needs.
 */
@Tag("model")
@ExtendWith(SharedSolrCloud.class)
class SparkSubmitEnrollTest {
  static final ModelSpec MODEL = ModelCatalog.MOBILEFACENET_192;
  static final int PHOTOS = 200;
  static final int ENROLLED_PER_PERSON = 3;
  /** Every eighth LFW person with at least four photos, so that the people spread over the alphabet. */
  static final int PERSON_STRIDE = 8;
  static final int PARTITIONS = 4;
  static final long SUBMIT_TIMEOUT_SECONDS = 240;
  static final double MIN_AGREEMENT = 0.99;
  static final double MIN_RIGHT = 0.9;
  static final Pattern SUMMARY = Pattern.compile("(\\d+) images in [^:]*: (\\d+) embedded, (\\d+) failed");
  static final String BUILD_JAR = "mvn -B -DskipTests package -pl likeness-spark -am";
  static final Pattern LOADED = Pattern.compile("gallery \\S+: (\\d+) enrolled, (\\d+) already enrolled; now (\\d+) people, (\\d+) templates");

  @TempDir Path tmp;

  record Probe(String person, Path photo) {}

  /** What one spark-submit printed: images embedded and refused, and what the gallery then held. */
  record Submitted(int embedded, int failed, int enrolled, int people, int templates) {}

  @Test
  void sparkSubmitEnrollsLfwIntoADirectoryAndASolrCloudGalleryThatAnswerAlike() throws Exception {
    Path root = tmp.resolve("photos");
    List<Probe> probes = photoTree(root);
    Path dir = tmp.resolve("gallery");
    String solr = SharedSolrCloud.gallery("spark-submit-lfw-200");
    SolrGalleryUri solrUri = SolrGalleryUri.parse(solr);
    try {
      Submitted intoDir = submit(root, tmp.resolve("dir.parquet"), dir.toString());
      Submitted intoSolr = submit(root, tmp.resolve("solr.parquet"), solr, "--shards", "2", "--replicas", "2");
      System.out.printf(Locale.ROOT, "spark-submit into a directory: %s; into SolrCloud: %s%n", intoDir, intoSolr);
      // LFW has group photos, which enrollment refuses (it wants one face); nothing else may fail.
      assertTrue(intoDir.failed() < PHOTOS / 4, intoDir.failed() + " of " + PHOTOS + " photos refused");
      assertEquals(intoDir.embedded(), intoDir.enrolled(), "every embedded photo enrolled: " + intoDir);
      assertEquals(intoDir, intoSolr, "both submits embed the same photos and load the same gallery");

      List<JsonNode> cli = identifyWithTheCli(dir, probes);
      try (Gallery local = Gallery.open(dir, GalleryOptions.defaults());
          SolrGallery cloud = SolrGallery.open(solrUri, SolrGalleryOptions.defaults());
          Likeness face = Likeness.open(MODEL)) {
        assertEquals(intoDir.templates(), local.size());
        assertEquals(intoDir.templates(), cloud.size());
        assertEquals(local.personCount(), cloud.personCount());
        DecisionThreshold threshold = face.thresholds().identify(Likeness.statistics(local));
        int agree = 0;
        int right = 0;
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < probes.size(); i++) {
          Probe p = probes.get(i);
          JsonNode answer = cli.get(i);
          assertEquals(p.photo().toString(), answer.get("image").asText());
          String byCli = answer.get("identity").isNull() ? "unknown" : answer.get("identity").asText();
          String byCloud = decide(face, cloud, face.encode(p.photo()), threshold);
          agree += byCli.equals(byCloud) ? 1 : 0;
          right += byCli.equals(p.person()) ? 1 : 0;
          if (!byCli.equals(byCloud)) {
            disagreements.add(p.photo().getFileName() + ": cli on the directory " + byCli + ", solr " + byCloud);
          }
        }
        int n = probes.size();
        System.out.printf(Locale.ROOT, "%d held-out photos of %d people (threshold %.4f): the CLI on the directory"
                + " gallery agrees with SolrCloud on %d (%.4f) and is right on %d (%.4f)%n", n, local.personCount(),
            threshold.maxDistance(), agree, agree / (double) n, right, right / (double) n);
        assertTrue(agree >= MIN_AGREEMENT * n, agree + " of " + n + " agree: " + disagreements);
        assertTrue(right >= MIN_RIGHT * n, "the CLI named " + right + " of " + n + " held-out photos rightly");
      }
    } finally {
      SolrGallery.drop(solrUri);
    }
  }

  /**
   * Runs {@code SparkSubmit --master local[2] --class org.likeness.spark.EnrollApplication
   * likeness-spark.jar ...} in a child JVM and reads what it printed.
   */
  Submitted submit(Path photos, Path parquet, String gallery, String... more) throws Exception {
    Path jar = Path.of(property("likeness.spark.jar")).toAbsolutePath().normalize();
    assertTrue(Files.isRegularFile(jar), "no " + jar + "; build it first: " + BUILD_JAR);
    requireUpToDate(jar);
    Path classpath = Path.of(property("likeness.spark.classpath")).toAbsolutePath().normalize();
    assertTrue(Files.isRegularFile(classpath), "no " + classpath + "; mvn builds it with the likeness-spark-submit module");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    cmd.addAll(Arrays.asList(property("likeness.spark.opens").trim().split("\\s+")));
    cmd.addAll(List.of("-cp", Files.readString(classpath).strip(), "org.apache.spark.deploy.SparkSubmit",
        "--master", "local[2]", "--conf", "spark.ui.enabled=false",
        "--class", "org.likeness.spark.EnrollApplication", jar.toString(),
        "--from-folder", photos.toString(), "--out", parquet.toString(), "--gallery", gallery,
        "--partitions", Integer.toString(PARTITIONS), "--model", MODEL.name()));
    cmd.addAll(List.of(more));
    Path log = Files.createTempFile(tmp, "spark-submit", ".log");
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(SUBMIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("spark-submit ran over " + SUBMIT_TIMEOUT_SECONDS + " s:\n" + tail(log));
    }
    String out = Files.readString(log);
    assertEquals(0, p.exitValue(), "spark-submit into " + gallery + " failed:\n" + tail(log));
    System.out.printf(Locale.ROOT, "spark-submit into %s: %.1f s, JVM start to exit%n", gallery, (System.nanoTime() - t0) / 1e9);
    Matcher summary = SUMMARY.matcher(out);
    Matcher loaded = LOADED.matcher(out);
    assertTrue(summary.find() && loaded.find(), "no summary from spark-submit:\n" + tail(log));
    assertEquals(PHOTOS, Integer.parseInt(summary.group(1)), summary.group());
    int embedded = Integer.parseInt(summary.group(2));
    int failed = Integer.parseInt(summary.group(3));
    assertEquals(PHOTOS, embedded + failed, summary.group());
    assertEquals(0, Integer.parseInt(loaded.group(2)), "a new gallery has nothing enrolled already: " + loaded.group());
    return new Submitted(embedded, failed, Integer.parseInt(loaded.group(1)), Integer.parseInt(loaded.group(3)),
        Integer.parseInt(loaded.group(4)));
  }

  /**
   * Fails when a source file of a module inside {@code jar} (each of ours leaves
   * {@code META-INF/maven/org.likeness/<module>/} there) changed after the jar was built, so that
   * the test never passes on a stale jar.
   */
  static void requireUpToDate(Path jar) throws IOException {
    FileTime built = Files.getLastModifiedTime(jar);
    Path repo = jar.toAbsolutePath().normalize().getParent().getParent().getParent();
    Set<String> modules = new TreeSet<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Pattern module = Pattern.compile("META-INF/maven/org\\.likeness/([^/]+)/pom\\.properties");
      zip.stream().map(e -> module.matcher(e.getName())).filter(Matcher::matches).forEach(m -> modules.add(m.group(1)));
    }
    assertTrue(modules.contains("likeness-spark"), jar + " holds none of our modules: " + modules);
    for (String m : modules) {
      Path main = repo.resolve(m).resolve("src").resolve("main");
      if (!Files.isDirectory(main)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(main)) {
        Optional<Path> newer = files.filter(Files::isRegularFile)
            .filter(f -> modifiedAfter(f, built)).findFirst();
        assertTrue(newer.isEmpty(), jar + " is older than " + newer.map(Path::toString).orElse("") + "; rebuild it: " + BUILD_JAR);
      }
    }
  }

  static boolean modifiedAfter(Path f, FileTime t) {
    try {
      return Files.getLastModifiedTime(f).compareTo(t) > 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the time of " + f, e);
    }
  }

  static String property(String name) {
    String v = System.getProperty(name);
    assertTrue(v != null && !v.isBlank(), "surefire passes " + name + "; run this test through Maven");
    return v;
  }

  static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
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
    CliRun.Result r = CliRun.run(args.toArray(String[]::new));
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
   * Links {@link #PHOTOS} LFW photos into {@code root/<person>/} (a temporary folder, never the
   * repository): the first three photos of every eighth person with at least four, and returns the
   * fourth photo of each such person as a held-out probe.
   */
  static List<Probe> photoTree(Path root) throws IOException {
    Path lfw = CliRun.lfwImage().getParent().getParent();
    List<Probe> probes = new ArrayList<>();
    int linked = 0;
    int eligible = 0;
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
        probes.add(new Probe(person, photos.get(ENROLLED_PER_PERSON).toAbsolutePath()));
      }
    }
    assertEquals(PHOTOS, linked, "LFW has too few people with four photos under " + lfw);
    return probes;
  }
}
