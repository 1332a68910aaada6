package org.likeness.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.likeness.error.BadInputException;
import org.likeness.models.Sha256;

/**
 * A training folder laid out as {@code ROOT/<person>/<image>}: one sub-folder per person, holding
 * that person's photos ({@code .jpg}, {@code .jpeg} or {@code .png}, any case). People with fewer
 * than two photos cannot give a positive pair and are set aside.
 *
 * @param root the folder scanned
 * @param people people with at least two photos, sorted by name, each with their photos sorted
 * @param tooFew names of the people set aside for having fewer than two photos
 */
public record PeopleFolders(Path root, List<Person> people, List<String> tooFew) {
  /**
   * One person's photos.
   *
   * @param name the folder name
   * @param images the photo files, sorted
   */
  public record Person(String name, List<Path> images) {}

  /** Scans {@code root}; refuses a missing or empty folder, naming it. */
  public static PeopleFolders scan(Path root) {
    if (!Files.isDirectory(root)) {
      throw new BadInputException("training data " + root + " is not a directory (expected ROOT/<person>/*.jpg)");
    }
    TreeMap<String, List<Path>> byName = new TreeMap<>();
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        try (Stream<Path> files = Files.list(dir)) {
          byName.put(dir.getFileName().toString(), files.filter(PeopleFolders::isImage).sorted().toList());
        }
      }
    } catch (IOException e) {
      throw new BadInputException("cannot list training data " + root + ": " + e, e);
    }
    List<Person> people = new ArrayList<>();
    List<String> tooFew = new ArrayList<>();
    byName.forEach((name, images) -> {
      if (images.size() >= 2) {
        people.add(new Person(name, images));
      } else {
        tooFew.add(name);
      }
    });
    if (byName.isEmpty()) {
      throw new BadInputException("training data " + root + " has no person folders (expected ROOT/<person>/*.jpg)");
    }
    return new PeopleFolders(root, List.copyOf(people), List.copyOf(tooFew));
  }

  static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(p) && (n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png"));
  }

  /**
   * The data hash recorded in a head: SHA-256 over the lines {@code relative/path<TAB>sha256<LF>} of
   * {@code images}, sorted by relative path (with '/' separators), so it depends on the photos'
   * names and bytes but not on where the folder lives or the order they were listed in.
   */
  public static String dataHash(Path root, Collection<Path> images) {
    TreeMap<String, Path> sorted = new TreeMap<>();
    for (Path p : images) {
      sorted.put(root.relativize(p).toString().replace('\\', '/'), p);
    }
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (var e : sorted.entrySet()) {
        md.update((e.getKey() + "\t" + Sha256.of(e.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot hash training image", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
