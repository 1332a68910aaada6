package org.likeness.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.likeness.error.BadInputException;
import org.likeness.image.RgbImage;
import org.likeness.models.Sha256;
import org.likeness.pipeline.FaceEncoding;

/**
 * Encodes image files on several threads, one {@link Likeness} per thread, and hands each result to
 * the caller's thread as it completes. The caller can then write results (to a gallery, say) from
 * one thread while decoding and inference use every core.
 */
public final class ParallelEncoder {
  private ParallelEncoder() {}

  /** Encodes {@code files}, calling {@code sink} on this thread once per file, in completion order. */
  public static void encode(List<Path> files, Supplier<Likeness> opener, int threads, Consumer<EncodedImage> sink) {
    encode(files, opener, threads, false, sink);
  }

  /**
   * As {@link #encode(List, Supplier, int, Consumer)}; with {@code keepChips}, each found face's
   * aligned chip comes too (see {@link Likeness#chip}), for an enrollment to store.
   */
  public static void encode(
      List<Path> files, Supplier<Likeness> opener, int threads, boolean keepChips, Consumer<EncodedImage> sink) {
    if (threads < 1) {
      throw new IllegalArgumentException("need at least one thread, got " + threads);
    }
    BlockingQueue<Object> done = new ArrayBlockingQueue<>(Math.max(16, threads * 4));
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Likeness> opened = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        pool.execute(() -> {
          Likeness face = null;
          try {
            for (int i; (i = next.getAndIncrement()) < files.size(); ) {
              if (face == null) {
                face = opener.get();
                synchronized (opened) {
                  opened.add(face);
                }
              }
              done.put(encodeOne(face, files.get(i), keepChips));
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (RuntimeException | Error e) {
            try {
              done.put(e);
            } catch (InterruptedException ie) {
              Thread.currentThread().interrupt();
            }
          }
        });
      }
      for (int received = 0; received < files.size(); received++) {
        Object r = done.take();
        if (r instanceof RuntimeException e) {
          throw e;
        }
        if (r instanceof Error e) {
          throw e;
        }
        sink.accept((EncodedImage) r);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while encoding", e);
    } finally {
      pool.shutdownNow();
      try {
        pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (opened) {
        opened.forEach(Likeness::close);
      }
    }
  }

  private static EncodedImage encodeOne(Likeness face, Path file, boolean keepChips) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      return EncodedImage.refused(file, file + ": cannot be read (" + e.getMessage() + ")");
    }
    try {
      RgbImage image = face.decode(bytes, file.toString());
      FaceEncoding encoding = face.encode(image);
      return new EncodedImage(file, Optional.of(Sha256.of(bytes)), Optional.of(encoding), Optional.empty(),
          keepChips ? face.chip(image, encoding) : Optional.empty());
    } catch (BadInputException e) {
      return EncodedImage.refused(file, e.getMessage());
    }
  }
}
