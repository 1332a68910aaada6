package org.likeness.eval.liveness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.likeness.error.BadInputException;

/**
 * Reads presentation-attack sets laid out as {@code DIR/<set>/real/*} (live faces) and {@code
 * DIR/<set>/fake/*} (attacks), files in natural order ({@code 2.png} before {@code 10.png}).
 */
public final class PadData {
  /** The shared sets this project chose its thresholds on. */
  public static final List<String> DEVELOPMENT_SETS = List.of("apfol", "trickyf0x");

  private PadData() {}

  /** The names of the sets under {@code root}: folders holding both {@code real} and {@code fake}. */
  public static List<String> sets(Path root) {
    if (!Files.isDirectory(root)) {
      throw new BadInputException("no presentation-attack data at " + root + " (expected DIR/<set>/real and DIR/<set>/fake)");
    }
    try (Stream<Path> s = Files.list(root)) {
      List<String> sets = s.filter(p -> Files.isDirectory(p.resolve("real")) && Files.isDirectory(p.resolve("fake")))
          .map(p -> p.getFileName().toString()).sorted().toList();
      if (sets.isEmpty()) {
        throw new BadInputException("no set under " + root + " has both real/ and fake/ folders");
      }
      return sets;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
  }

  /** Every photo of {@code set}: live ones first, each group in natural file order. */
  public static List<PadSample> read(Path root, String set) {
    Path dir = root.resolve(set);
    if (!Files.isDirectory(dir.resolve("real")) || !Files.isDirectory(dir.resolve("fake"))) {
      throw new BadInputException("set '" + set + "' needs " + dir.resolve("real") + " and " + dir.resolve("fake"));
    }
    List<PadSample> out = new ArrayList<>();
    for (Path f : images(dir.resolve("real"))) {
      out.add(new PadSample(set, false, f));
    }
    for (Path f : images(dir.resolve("fake"))) {
      out.add(new PadSample(set, true, f));
    }
    return out;
  }

  /** The image files in {@code dir}, in natural order. */
  public static List<Path> images(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).filter(PadData::looksLikeImage).sorted(NATURAL).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static boolean looksLikeImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.matches(".*\\.(png|jpe?g|bmp|gif|webp|pgm|ppm)$");
  }

  /** Natural order: digit runs compare as numbers. */
  static final Comparator<Path> NATURAL = (a, b) -> compareNatural(a.getFileName().toString(), b.getFileName().toString());

  static int compareNatural(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (Character.isDigit(ca) && Character.isDigit(cb)) {
        int si = i;
        int sj = j;
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isDigit(b.charAt(j))) {
          j++;
        }
        String na = a.substring(si, i).replaceFirst("^0+(?=.)", "");
        String nb = b.substring(sj, j).replaceFirst("^0+(?=.)", "");
        int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
        if (c != 0) {
          return c;
        }
      } else {
        if (ca != cb) {
          return Character.compare(ca, cb);
        }
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
