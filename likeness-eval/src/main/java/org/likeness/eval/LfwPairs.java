package org.likeness.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.likeness.error.BadInputException;

/**
 * Reads LFW pair lists: View 1 ({@code pairsDevTrain.txt}, {@code pairsDevTest.txt}, header {@code
 * N}) and View 2 ({@code pairs.txt}, header {@code folds N}), each fold being N matched lines
 * {@code name n1 n2} then N mismatched lines {@code name1 n1 name2 n2}.
 */
public final class LfwPairs {
  private LfwPairs() {}

  /** The default LFW location for development: {@code ../shared/data/lfw}, or system property {@code likeness.lfw}. */
  public static Path defaultRoot() {
    String prop = System.getProperty("likeness.lfw");
    return prop != null ? Path.of(prop) : Path.of("..", "shared", "data", "lfw");
  }

  /** Parses {@code pairsFile}, resolving image names under {@code imagesDir}. */
  public static List<LfwPair> read(Path pairsFile, Path imagesDir) {
    List<String> lines;
    try {
      lines = Files.readAllLines(pairsFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new BadInputException("cannot read LFW pairs file " + pairsFile + ": " + e.getMessage(), e);
    }
    if (lines.isEmpty()) {
      throw new BadInputException("LFW pairs file " + pairsFile + " is empty");
    }
    String[] header = lines.get(0).trim().split("\\s+");
    int folds;
    int perHalf;
    try {
      folds = header.length == 2 ? Integer.parseInt(header[0]) : 1;
      perHalf = Integer.parseInt(header[header.length - 1]);
    } catch (NumberFormatException e) {
      throw new BadInputException("LFW pairs file " + pairsFile + " has a bad header line '" + lines.get(0) + "'");
    }
    int expected = 1 + folds * perHalf * 2;
    if (lines.stream().filter(l -> !l.isBlank()).count() != expected) {
      throw new BadInputException(
          "LFW pairs file " + pairsFile + " should have " + (expected - 1) + " pairs after its header, has "
              + (lines.stream().filter(l -> !l.isBlank()).count() - 1));
    }
    List<LfwPair> pairs = new ArrayList<>(expected - 1);
    for (int i = 1; i < expected; i++) {
      String[] f = lines.get(i).trim().split("\\s+");
      int fold = (i - 1) / (2 * perHalf);
      try {
        if (f.length == 3) {
          pairs.add(new LfwPair(image(imagesDir, f[0], f[1]), image(imagesDir, f[0], f[2]), true, fold));
        } else if (f.length == 4) {
          pairs.add(new LfwPair(image(imagesDir, f[0], f[1]), image(imagesDir, f[2], f[3]), false, fold));
        } else {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw new BadInputException("line " + (i + 1) + " of " + pairsFile + " is not a pair: '" + lines.get(i) + "'");
      }
    }
    return pairs;
  }

  private static Path image(Path dir, String name, String number) {
    return dir.resolve(name).resolve(String.format(java.util.Locale.ROOT, "%s_%04d.jpg", name, Integer.parseInt(number)));
  }
}
