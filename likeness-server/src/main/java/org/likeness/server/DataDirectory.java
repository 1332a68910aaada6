package org.likeness.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The service's data directory holds the keys, the audit log and face thumbnails, all personal or
 * secret, so a new one is made readable by its owner only (mode 700). An existing directory is left
 * as the user set it.
 */
final class DataDirectory {
  private DataDirectory() {}

  /** Makes {@code dir} (owner-only) and its parents when missing; returns it. */
  static Path create(Path dir) {
    if (Files.isDirectory(dir)) {
      return dir;
    }
    try {
      Path parent = dir.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (Files.getFileAttributeView(parent, PosixFileAttributeView.class) != null) {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectory(dir);
      }
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw new UncheckedIOException("data directory " + dir + " exists but is not a directory", e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data directory " + dir + ": " + e.getMessage(), e);
    }
    return dir;
  }
}
