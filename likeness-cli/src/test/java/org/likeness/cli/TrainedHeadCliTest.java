package org.likeness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code likeness train} end to end on a small LFW subset, and the head it writes used as a model
 * variant ({@code mobilefacenet-192+head.bin}) by verify, enroll, identify and evaluate. A gallery
 * enrolled through the head refuses the bare backbone.
 */
@Tag("model")
class TrainedHeadCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BACKBONE = "mobilefacenet-192";

  @TempDir Path dir;

  @Test
  void trainWritesAHeadThatEveryCommandAcceptsAsAModel() throws IOException {
    Path lfw = CliRun.lfwImage().getParent().getParent();
    Path data = Files.createDirectory(dir.resolve("people"));
    List<Path> people;
    try (Stream<Path> s = Files.list(lfw)) {
      people = s.sorted().filter(p -> count(p) >= 6).limit(16).toList();
    }
    for (Path person : people) {
      Path mine = Files.createDirectory(data.resolve(person.getFileName()));
      try (Stream<Path> s = Files.list(person)) {
        for (Path image : s.sorted().limit(5).toList()) {
          Files.createSymbolicLink(mine.resolve(image.getFileName()), image);
        }
      }
    }
    Path head = dir.resolve("head.bin");

    CliRun.Result train = CliRun.run("train", "--data", data.toString(), "--model", BACKBONE,
        "--out", head.toString(), "--epochs", "3", "--batch-people", "6", "--batch-images", "3", "--seed", "7",
        "--validation-split", "0.25", "--json");
    assertEquals(0, train.code(), train.err());
    JsonNode summary = JSON.readTree(train.out());
    assertEquals(16, summary.get("people").asInt());
    assertEquals(4, summary.get("validationPeople").asInt(), "a quarter of the people, never a share of photos");
    assertEquals(3, summary.get("epochs").size());
    double before = summary.get("validationAccuracyBefore").asDouble();
    double after = summary.get("validationAccuracyAfter").asDouble();
    assertTrue(before > 0.8 && after > 0.8, "held-out pairs of real faces: before " + before + ", after " + after);
    assertTrue(Files.size(head) > 1000, "head file written");
    assertTrue(Files.isRegularFile(Path.of(summary.get("lossCurve").asText())), "loss curve PNG written");

    String variant = BACKBONE + "+" + head;
    Path alice = people.get(0);
    Path bob = people.get(1);
    Path a1 = photo(alice, 1);
    Path a6 = photo(alice, 6);
    Path b1 = photo(bob, 1);

    CliRun.Result same = CliRun.run("verify", "--model", variant, a1.toString(), a6.toString());
    assertEquals(0, same.code(), same.err());
    assertTrue(same.out().contains("match: true"), same.out());
    CliRun.Result different = CliRun.run("verify", "--model", variant, a1.toString(), b1.toString());
    assertEquals(0, different.code(), different.err());
    assertTrue(different.out().contains("match: false"), different.out());

    Path gallery = dir.resolve("gallery");
    for (Path person : List.of(alice, bob)) {
      CliRun.Result enroll = CliRun.run("enroll", "--gallery", gallery.toString(), "--model", variant,
          person.getFileName().toString(), photo(person, 1).toString(), photo(person, 2).toString());
      assertEquals(0, enroll.code(), enroll.err());
    }
    CliRun.Result who = CliRun.run("identify", "--gallery", gallery.toString(), "--model", variant, "--json",
        a6.toString());
    assertEquals(0, who.code(), who.err());
    assertEquals(alice.getFileName().toString(), JSON.readTree(who.out()).get("identity").asText(), who.out());

    CliRun.Result bare = CliRun.run("identify", "--gallery", gallery.toString(), "--model", BACKBONE,
        a6.toString());
    assertEquals(2, bare.code(), bare.out());
    assertTrue(bare.err().contains(BACKBONE) && bare.err().contains("head-"), "names both models: " + bare.err());
    CliRun.Result unnamed = CliRun.run("identify", "--gallery", gallery.toString(), a6.toString());
    assertEquals(2, unnamed.code(), unnamed.out());
    assertTrue(unnamed.err().contains("--model"), "tells how to name the head: " + unnamed.err());

    Path pairs = smallView2(lfw.getParent().resolve("pairs.txt"));
    CliRun.Result evaluate = CliRun.run("evaluate", "lfw", "--model", variant, "--pairs", pairs.toString(),
        "--images", lfw.toString(), "--cache", dir.resolve("cache").toString(), "--out", dir.resolve("report").toString(),
        "--json");
    assertEquals(0, evaluate.code(), evaluate.err());
    JsonNode report = JSON.readTree(evaluate.out());
    assertTrue(report.get("accuracy").asDouble() > 0.8, evaluate.out());
  }

  /** The first two matched and two mismatched pairs of each of View 2's ten folds: 40 pairs. */
  private Path smallView2(Path view2) throws IOException {
    List<String> lines = Files.readAllLines(view2);
    List<String> out = new ArrayList<>(List.of("10\t2"));
    for (int fold = 0; fold < 10; fold++) {
      int start = 1 + fold * 600;
      out.addAll(lines.subList(start, start + 2));
      out.addAll(lines.subList(start + 300, start + 302));
    }
    return Files.write(dir.resolve("pairs-small.txt"), out);
  }

  private static Path photo(Path person, int n) {
    return person.resolve(String.format(java.util.Locale.ROOT, "%s_%04d.jpg", person.getFileName(), n));
  }

  private static long count(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
