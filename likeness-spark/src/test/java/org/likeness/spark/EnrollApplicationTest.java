package org.likeness.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.GalleryOptions;
import org.likeness.gallery.GallerySpec;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;

/**
 * The application's own contract, in this JVM: bad options fail with exit code 2 and a message
 * naming the bad value before Spark starts, and with no master given it runs in {@code local[*]},
 * writes Parquet and fills a gallery, and a second run into the same gallery enrolls nothing new.
 * ({@code SparkSubmitEnrollTest} in likeness-it submits the packaged jar through SparkSubmit.)
 */
class EnrollApplicationTest {
  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintWriter o = new PrintWriter(out, true, StandardCharsets.UTF_8);
        PrintWriter e = new PrintWriter(err, true, StandardCharsets.UTF_8)) {
      code = EnrollApplication.execute(args, o, e);
    }
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  Run refused(String... args) {
    Run r = run(args);
    assertEquals(EnrollApplication.BAD_INPUT, r.code(), r.err());
    assertTrue(r.err().startsWith("likeness-spark: "), r.err());
    return r;
  }

  @Test
  void refusesAGalleryLocationNoProviderServesNamingIt() throws Exception {
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    Run r = refused("--from-folder", photos.toString(), "--out", tmp.resolve("o").toString(), "--gallery", "mongo://db/x");
    assertTrue(r.err().contains("'mongo://db/x'") && r.err().contains("schemes served: solr"), r.err());
  }

  @Test
  void refusesAMissingPhotoFolderNamingIt() {
    Path missing = tmp.resolve("no-such-folder");
    Run r = refused("--from-folder", missing.toString(), "--out", tmp.resolve("o").toString());
    assertTrue(r.err().contains("--from-folder " + missing + " is not a directory"), r.err());
  }

  @Test
  void refusesBadNumbersAndNamesNamingThem() throws Exception {
    String photos = Files.createDirectories(tmp.resolve("photos")).toString();
    String out = tmp.resolve("o").toString();
    assertTrue(refused("--from-folder", photos, "--out", out, "--partitions", "0").err().contains("got 0"));
    assertTrue(refused("--from-folder", photos, "--out", out, "--shards", "0").err().contains("0 shards"));
    assertTrue(refused("--from-folder", photos, "--out", out, "--model", "resnet-9000").err().contains("'resnet-9000'"));
    assertTrue(refused("--from-folder", photos, "--out", out, "--model", "pixels").err().contains("naive baseline"));
    assertTrue(refused("--from-folder", photos, "--out", out, "--face", "BIGGEST").err().contains("'BIGGEST'"));
    assertTrue(refused("--from-folder", photos).err().contains("--out"));
  }

  @Test
  void findsTheSolrProviderThroughTheServiceLoader() {
    // A well-formed solr:// location passes the check; nothing connects until the job has run.
    new GalleryTarget("solr://127.0.0.1:1/solr/office");
    Run r = refused("--from-folder", tmp.resolve("none").toString(), "--out", tmp.resolve("o").toString(),
        "--gallery", "solr://127.0.0.1:1/solr/office");
    assertTrue(r.err().contains("is not a directory"), "the gallery was accepted, the folder refused: " + r.err());
  }

  @Test
  void withNoModelNamedAnExistingGalleryDirectoryChoosesItsOwnModel() {
    ModelSpec former = ModelCatalog.MOBILEFACENET_192;
    Path dir = tmp.resolve("office");
    try (Gallery g = Gallery.create(dir, new GallerySpec("office", former.id(), former.dimensions(), former.metric()),
        GalleryOptions.defaults())) {
      assertEquals(0, g.size());
    }
    GalleryTarget office = new GalleryTarget(dir.toString());
    assertEquals(Optional.of(former.name()), office.existingModel());
    assertEquals(former.name(), EnrollApplication.modelName(null, Optional.of(office)));
    assertEquals(ModelCatalog.DLIB_RESNET_128.name(),
        EnrollApplication.modelName(ModelCatalog.DLIB_RESNET_128.name(), Optional.of(office)));
    String fallback = ModelCatalog.DEFAULT_EMBEDDER.name();
    assertEquals(fallback, EnrollApplication.modelName(null, Optional.empty()));
    assertEquals(fallback, EnrollApplication.modelName(null, Optional.of(new GalleryTarget(tmp.resolve("new").toString()))));
    // A provider's gallery is not connected to before the job; its load refuses another model's rows.
    assertEquals(fallback,
        EnrollApplication.modelName(null, Optional.of(new GalleryTarget("solr://127.0.0.1:1/solr/office"))));
  }

  @Test
  @Tag("model")
  void enrollsAFolderTreeInLocalModeAndLoadsTheGalleryOnce() throws Exception {
    Path root = tmp.resolve("photos");
    for (String person : List.of("Hugo_Chavez", "Serena_Williams")) {
      Path dir = Files.createDirectories(root.resolve(person));
      try (Stream<Path> files = Files.list(BatchEnrollmentTest.lfw(person))) {
        for (Path f : files.sorted().limit(3).toList()) {
          Files.createSymbolicLink(dir.resolve(f.getFileName()), f.toAbsolutePath());
        }
      }
    }
    Files.writeString(Files.createDirectories(root.resolve("Nobody")).resolve("notes.jpg"), "not a photo\n");
    Path gallery = tmp.resolve("gallery");
    Path parquet = tmp.resolve("faces.parquet");

    Run first = run("--from-folder", root.toString(), "--out", parquet.toString(), "--gallery", gallery.toString(),
        "--partitions", "2");
    assertEquals(EnrollApplication.OK, first.code(), first.err());
    assertTrue(first.out().startsWith("master local[*]: 7 images in 2 partitions"), first.out());
    Matcher summary = Pattern.compile("7 images in .*: (\\d+) embedded, (\\d+) failed").matcher(first.out());
    assertTrue(summary.find(), first.out());
    int embedded = Integer.parseInt(summary.group(1));
    assertTrue(embedded >= 5 && Integer.parseInt(summary.group(2)) == 7 - embedded, first.out());
    assertTrue(first.out().contains(": " + embedded + " enrolled, 0 already enrolled; now 2 people"), first.out());
    try (Gallery g = Gallery.open(gallery, GalleryOptions.defaults())) {
      assertEquals(embedded, g.size());
      assertEquals(2, g.personCount());
      assertFalse(g.people().stream().anyMatch(p -> p.name().equals("Nobody")), "the unreadable file enrolled no one");
    }

    Run again = run("--from-folder", root.toString(), "--out", tmp.resolve("again.parquet").toString(),
        "--gallery", gallery.toString(), "--partitions", "2");
    assertEquals(EnrollApplication.OK, again.code(), again.err());
    assertTrue(again.out().contains(": 0 enrolled, " + embedded + " already enrolled"), again.out());

    Run exists = refused("--from-folder", root.toString(), "--out", parquet.toString());
    assertTrue(exists.err().contains("--out " + parquet + " exists already"), exists.err());
  }
}
