package org.likeness.server;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.likeness.detect.Box;
import org.likeness.gallery.Gallery;
import org.likeness.image.JpegWriter;
import org.likeness.image.RgbImage;

/**
 * Small JPEGs of enrolled faces, so the admin page can show who is enrolled without the service
 * keeping the photos. At enrollment the face box, widened by a margin and made square, is cut out
 * and scaled to {@value #SIZE}x{@value #SIZE}; the rest of the photo is not kept. Files are named
 * by template id under one directory per gallery.
 */
final class Thumbnails {
  /** Width and height of a thumbnail, in pixels. */
  static final int SIZE = 112;

  /** How much wider than the face box the crop is, on each side, as a fraction of the box. */
  static final float MARGIN = 0.25f;

  private final Path dir;

  Thumbnails(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  /** The thumbnails of {@code gallery}'s faces, under the service's data directory. */
  static Thumbnails of(Path dataDir, Gallery gallery) {
    return new Thumbnails(dataDir.resolve("thumbnails").resolve(gallery.info().id().toString()));
  }

  /** Writes the thumbnail of template {@code id}: the region of {@code box} in {@code image}. */
  void save(long id, RgbImage image, Box box) {
    write(id, jpeg(crop(image, box)));
  }

  /** Writes {@code jpeg} as template {@code id}'s thumbnail, replacing any (atomically). */
  void write(long id, byte[] jpeg) {
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".thumb", ".tmp");
      try {
        Files.write(tmp, jpeg);
        Files.move(tmp, file(id), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write face thumbnail " + file(id) + ": " + e.getMessage(), e);
    }
  }

  /** Whether template {@code id} has a thumbnail. */
  boolean has(long id) {
    return Files.isRegularFile(file(id));
  }

  /** The JPEG of template {@code id}, or empty when none was stored. */
  Optional<byte[]> read(long id) {
    try {
      return Optional.of(Files.readAllBytes(file(id)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read face thumbnail " + file(id) + ": " + e.getMessage(), e);
    }
  }

  /** Removes template {@code id}'s thumbnail, if there is one. */
  void delete(long id) {
    try {
      Files.deleteIfExists(file(id));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete face thumbnail " + file(id) + ": " + e.getMessage(), e);
    }
  }

  private Path file(long id) {
    return dir.resolve(id + ".jpg");
  }

  /** The square around {@code box}, widened by {@link #MARGIN}, clipped to the image, scaled to {@link #SIZE}. */
  static BufferedImage crop(RgbImage image, Box box) {
    float side = Math.max(box.width(), box.height()) * (1 + 2 * MARGIN);
    int x0 = clamp(Math.round(box.centerX() - side / 2), 0, image.width() - 1);
    int y0 = clamp(Math.round(box.centerY() - side / 2), 0, image.height() - 1);
    int x1 = clamp(Math.round(box.centerX() + side / 2), x0 + 1, image.width());
    int y1 = clamp(Math.round(box.centerY() + side / 2), y0 + 1, image.height());
    int w = x1 - x0;
    int h = y1 - y0;
    BufferedImage region = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] row = new int[w];
    byte[] px = image.pixels();
    for (int y = 0; y < h; y++) {
      int src = ((y0 + y) * image.width() + x0) * 3;
      for (int x = 0; x < w; x++, src += 3) {
        row[x] = (px[src] & 0xFF) << 16 | (px[src + 1] & 0xFF) << 8 | (px[src + 2] & 0xFF);
      }
      region.setRGB(0, y, w, 1, row, 0, w);
    }
    BufferedImage out = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      // Keep the aspect ratio of a crop clipped at the image edge: fit it, centred, on grey.
      g.setColor(new java.awt.Color(0x2b, 0x2f, 0x36));
      g.fillRect(0, 0, SIZE, SIZE);
      float scale = (float) SIZE / Math.max(w, h);
      int dw = Math.max(1, Math.round(w * scale));
      int dh = Math.max(1, Math.round(h * scale));
      g.drawImage(region, (SIZE - dw) / 2, (SIZE - dh) / 2, dw, dh, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  static byte[] jpeg(BufferedImage image) {
    return JpegWriter.encode(image, 85);
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
