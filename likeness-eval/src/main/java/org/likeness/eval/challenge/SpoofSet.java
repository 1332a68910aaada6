package org.likeness.eval.challenge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One shared spoof set: {@code <root>/<name>/real/N.png} are numbered frames of videos of a live
 * person (tight face crops), {@code fake/N.png} frames of attacks. Numbers run in video order; a gap
 * in the numbering starts a new run of consecutive frames.
 */
record SpoofSet(String name, List<List<Path>> realRuns, List<Path> fake) {
  SpoofSet {
    realRuns = realRuns.stream().map(List::copyOf).toList();
    fake = List.copyOf(fake);
  }

  /** {@code spoof/} next to the LFW folder ({@code ../shared/data/spoof} unless {@code likeness.lfw} moves LFW). */
  static Path defaultRoot() {
    return org.likeness.eval.LfwPairs.defaultRoot().resolveSibling("spoof");
  }

  static SpoofSet read(Path root, String name) {
    List<Path> real = numbered(root.resolve(name).resolve("real"));
    List<List<Path>> runs = new ArrayList<>();
    List<Path> run = new ArrayList<>();
    int previous = Integer.MIN_VALUE;
    for (Path p : real) {
      int n = number(p);
      if (n != previous + 1 && !run.isEmpty()) {
        runs.add(run);
        run = new ArrayList<>();
      }
      run.add(p);
      previous = n;
    }
    if (!run.isEmpty()) {
      runs.add(run);
    }
    return new SpoofSet(name, runs, numbered(root.resolve(name).resolve("fake")));
  }

  int realFrames() {
    return realRuns.stream().mapToInt(List::size).sum();
  }

  private static List<Path> numbered(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new UncheckedIOException(new IOException("spoof set folder " + dir + " does not exist"));
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().matches("\\d+\\.png"))
          .sorted(Comparator.comparingInt(SpoofSet::number)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static int number(Path p) {
    String f = p.getFileName().toString();
    return Integer.parseInt(f.substring(0, f.length() - 4));
  }
}
