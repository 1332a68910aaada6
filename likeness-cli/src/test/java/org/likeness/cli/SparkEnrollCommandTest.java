package org.likeness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code likeness spark enroll} in local mode: a folder tree to Parquet to an embedded gallery. */
@Tag("model")
class SparkEnrollCommandTest {
  @TempDir Path tmp;

  @Test
  void enrollsAFolderTreeThroughSparkIntoAGallery() throws Exception {
    Path root = tmp.resolve("photos");
    Path lfw = CliRun.lfwImage().getParent().getParent();
    for (String person : List.of("Hugo_Chavez", "Serena_Williams")) {
      Path dir = Files.createDirectories(root.resolve(person));
      try (Stream<Path> files = Files.list(lfw.resolve(person))) {
        for (Path f : files.sorted().limit(3).toList()) {
          Files.createSymbolicLink(dir.resolve(f.getFileName()), f.toAbsolutePath());
        }
      }
    }
    Files.writeString(Files.createDirectories(root.resolve("Nobody")).resolve("notes.jpg"), "not a photo\n");
    Path gallery = tmp.resolve("gallery");
    CliRun.Result r = CliRun.run("spark", "enroll", "--from-folder", root.toString(), "--out",
        tmp.resolve("faces.parquet").toString(), "--gallery", gallery.toString(), "--model", "mobilefacenet-192",
        "--master", "local[2]", "--partitions", "2");
    assertEquals(0, r.code(), r.err());
    var summary = java.util.regex.Pattern.compile("7 images in .*: (\\d+) embedded, (\\d+) failed").matcher(r.out());
    assertTrue(summary.find(), r.out());
    int embedded = Integer.parseInt(summary.group(1));
    assertTrue(embedded >= 5 && Integer.parseInt(summary.group(2)) == 7 - embedded, r.out());
    assertTrue(r.out().contains(": " + embedded + " enrolled, 0 already enrolled"), r.out());

    CliRun.Result people = CliRun.run("people", "list", "--gallery", gallery.toString());
    assertTrue(people.out().contains("Hugo_Chavez,") && people.out().contains("Serena_Williams,"), people.out());
    assertTrue(!people.out().contains("Nobody"), people.out());
  }
}
