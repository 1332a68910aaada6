package org.likeness.eval.door;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.likeness.error.BadInputException;
import org.likeness.eval.LfwPair;
import org.likeness.eval.LfwPairs;

/**
 * Which LFW people a door run uses: View 1's {@code pairsDevTrain.txt} people, on which every door
 * default is chosen, or its {@code pairsDevTest.txt} people (disjoint from them), on which the
 * benchmark reports. View 2 is never used here.
 */
public enum DoorSplit {
  /** Development: choose thresholds and floors here. */
  DEV_TRAIN("pairsDevTrain.txt"),
  /** Report here, never choose. */
  DEV_TEST("pairsDevTest.txt");

  private final String pairsFile;

  DoorSplit(String pairsFile) {
    this.pairsFile = pairsFile;
  }

  public String pairsFile() {
    return pairsFile;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static DoorSplit parse(String name) {
    String wanted = name.trim().replace('-', '_').toUpperCase(Locale.ROOT);
    for (DoorSplit s : values()) {
      if (s.name().equals(wanted)) {
        return s;
      }
    }
    throw new BadInputException("unknown split '" + name + "', expected dev-train or dev-test");
  }

  /** The split's pairs, read from {@code lfwRoot}. */
  public List<LfwPair> pairs(Path lfwRoot) {
    return LfwPairs.read(lfwRoot.resolve(pairsFile), lfwRoot.resolve("images_deepfunneled"));
  }

  /**
   * Every person named in the split's pairs with all their LFW photos, in name order, photos in
   * number order.
   */
  public List<LfwPerson> people(Path lfwRoot) {
    Set<String> names = new LinkedHashSet<>();
    for (LfwPair p : pairs(lfwRoot)) {
      names.add(p.first().getParent().getFileName().toString());
      names.add(p.second().getParent().getFileName().toString());
    }
    TreeMap<String, LfwPerson> out = new TreeMap<>();
    Path images = lfwRoot.resolve("images_deepfunneled");
    for (String name : names) {
      try (Stream<Path> files = Files.list(images.resolve(name))) {
        List<Path> photos = new ArrayList<>(files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList());
        out.put(name, new LfwPerson(name, photos));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list LFW photos of " + name + " under " + images, e);
      }
    }
    return List.copyOf(out.values());
  }

  /** One LFW person and their photos. */
  public record LfwPerson(String name, List<Path> photos) {
    public LfwPerson {
      photos = List.copyOf(photos);
      if (photos.isEmpty()) {
        throw new IllegalArgumentException("LFW person " + name + " has no photos");
      }
    }
  }
}
