package org.likeness.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.GalleryStorageException;

/**
 * Where a gallery {@code G} that follows a new model is built and where the old one is kept, and
 * the swap between them: {@code G.MODEL} is built beside {@code G}, then {@code G} is renamed to
 * {@code G.before-MODEL} and {@code G.MODEL} to {@code G}. Each rename is atomic; a crash between
 * the two leaves {@code G} missing with both others present, which {@link #finishInterrupted}
 * recognises and completes. Used by {@code likeness gallery migrate --in-place} and by the door
 * service's migration, so that both name the directories alike.
 */
public final class GallerySwap {
  private static final String KEPT_PREFIX = ".before-";

  private GallerySwap() {}

  /** The model's name as a file-name suffix: characters other than letters, digits, '.', '_', '-' become '_'. */
  static String suffix(String modelName) {
    return modelName.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /** Where the gallery of {@code modelName} that follows {@code gallery} is built: {@code G.MODEL}. */
  public static Path built(Path gallery, String modelName) {
    return sibling(gallery, "." + suffix(modelName));
  }

  /** Where the old gallery is kept once the new one of {@code modelName} is swapped in: {@code G.before-MODEL}. */
  public static Path kept(Path gallery, String modelName) {
    return sibling(gallery, KEPT_PREFIX + suffix(modelName));
  }

  /**
   * Renames {@code G} to {@code G.before-MODEL} and {@code G.MODEL} to {@code G}. Both galleries
   * must be closed. When the second rename fails the first is undone.
   *
   * @throws GalleryStorageException when a rename fails, naming both paths
   */
  public static void swap(Path gallery, String modelName) {
    Path built = built(gallery, modelName);
    Path kept = kept(gallery, modelName);
    move(gallery, kept);
    try {
      move(built, gallery);
    } catch (GalleryStorageException e) {
      try {
        move(kept, gallery);
      } catch (GalleryStorageException undo) {
        e.addSuppressed(undo);
      }
      throw e;
    }
  }

  /**
   * Completes a swap that a crash cut between its two renames: when {@code G} holds no gallery but
   * exactly one pair {@code G.before-X}, {@code G.X} of galleries lies beside it, {@code G.X} is
   * renamed to {@code G}.
   *
   * @return the kept old gallery when a swap was completed
   * @throws GalleryStorageException when several such pairs make it unclear which swap was cut
   */
  public static Optional<Path> finishInterrupted(Path gallery) {
    Path dir = gallery.toAbsolutePath().normalize();
    if (Gallery.exists(dir) || dir.getParent() == null || !Files.isDirectory(dir.getParent())) {
      return Optional.empty();
    }
    String name = dir.getFileName().toString();
    List<Path> pairs = new ArrayList<>();
    try (Stream<Path> siblings = Files.list(dir.getParent())) {
      for (Path kept : siblings.toList()) {
        String n = kept.getFileName().toString();
        if (n.startsWith(name + KEPT_PREFIX) && Gallery.exists(kept)) {
          Path built = sibling(dir, "." + n.substring((name + KEPT_PREFIX).length()));
          if (Gallery.exists(built)) {
            pairs.add(kept);
          }
        }
      }
    } catch (IOException e) {
      throw new GalleryStorageException("cannot list " + dir.getParent() + ": " + e.getMessage(), e);
    }
    if (pairs.isEmpty()) {
      return Optional.empty();
    }
    if (pairs.size() > 1) {
      throw new GalleryStorageException("no gallery at " + dir + ", and several interrupted swaps beside it ("
          + pairs + "); rename the one to serve to " + dir);
    }
    Path kept = pairs.get(0);
    String model = kept.getFileName().toString().substring((name + KEPT_PREFIX).length());
    move(sibling(dir, "." + model), dir);
    return Optional.of(kept);
  }

  private static Path sibling(Path dir, String suffix) {
    Path abs = dir.toAbsolutePath().normalize();
    return abs.resolveSibling(abs.getFileName() + suffix);
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new GalleryStorageException("cannot rename " + from + " to " + to + ": " + e.getMessage(), e);
    }
  }
}
