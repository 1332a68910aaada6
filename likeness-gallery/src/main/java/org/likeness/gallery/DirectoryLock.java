package org.likeness.gallery;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps a gallery directory to one open {@link Gallery} at a time, across processes: the in-memory
 * index and the HNSW cache would otherwise miss each other's changes. The operating system drops
 * the lock when the process dies, even by {@code kill -9}.
 */
final class DirectoryLock implements AutoCloseable {
  static final String LOCK_FILE = "gallery.lock";
  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static DirectoryLock acquire(Path directory) {
    Path file = directory.resolve(LOCK_FILE);
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new GalleryStorageException(
          "cannot open lock file '" + file + "': " + e.getMessage(), e);
    }
    try {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        throw new GalleryInUseException(
            "gallery '" + directory + "' is already open in this process", e);
      }
      if (lock == null) {
        throw new GalleryInUseException(
            "gallery '"
                + directory
                + "' is in use by another process ("
                + holder(file)
                + "); close it there first");
      }
      String me = "pid " + ProcessHandle.current().pid() + "\n";
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
      return new DirectoryLock(channel, lock);
    } catch (IOException | RuntimeException e) {
      try {
        channel.close();
      } catch (IOException c) {
        e.addSuppressed(c);
      }
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new GalleryStorageException(
          "cannot lock gallery '" + directory + "': " + e.getMessage(), e);
    }
  }

  private static String holder(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? "unknown pid" : text;
    } catch (IOException e) {
      return "unknown pid: " + e.getMessage();
    }
  }

  @Override
  public void close() {
    try {
      try {
        lock.release();
      } finally {
        channel.close();
      }
    } catch (IOException e) {
      throw new GalleryStorageException("cannot release the gallery lock: " + e.getMessage(), e);
    }
  }
}
