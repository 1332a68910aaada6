package org.likeness.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one-writer rule of an append-only cache file: an exclusive lock on {@code FILE.lock}, held
 * while the cache is open. Two processes appending to one cache file interleave their buffered
 * records, which reads back as misaligned records (NaN vectors); a cache that cannot take the lock
 * reads the file and keeps its new results in memory only.
 */
public final class CacheFileLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private CacheFileLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the write lock of {@code cacheFile}; {@link #held()} is false when another cache has it. */
  public static CacheFileLock tryTake(Path cacheFile) {
    Path lockFile = cacheFile.resolveSibling(cacheFile.getFileName() + ".lock");
    try {
      FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by another cache in this process
      }
      if (lock == null) {
        System.err.println("likeness: cache " + cacheFile + " is being written by another run; this run reads it"
            + " and keeps its new results in memory only");
      }
      return new CacheFileLock(channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the lock file " + lockFile, e);
    }
  }

  /** Whether this cache may append to the file. */
  public boolean held() {
    return lock != null;
  }

  /**
   * Cuts {@code cacheFile} back to {@code soundBytes}, the end of its last sound record, when it is
   * longer, and says how much it dropped. Only the lock's holder may do so.
   */
  public void cutDamagedTail(Path cacheFile, long soundBytes) throws IOException {
    if (!held()) {
      throw new IllegalStateException("only the writer of " + cacheFile + " may cut it");
    }
    if (!Files.exists(cacheFile) || Files.size(cacheFile) <= soundBytes) {
      return;
    }
    long size = Files.size(cacheFile);
    try (FileChannel ch = FileChannel.open(cacheFile, StandardOpenOption.WRITE)) {
      ch.truncate(soundBytes);
    }
    System.err.println("likeness: cache " + cacheFile + " was damaged after byte " + soundBytes + " of " + size
        + "; the rest is dropped and will be recomputed");
  }

  @Override
  public void close() throws IOException {
    try (FileChannel c = channel) {
      if (lock != null) {
        lock.release();
      }
    }
  }
}
