package org.likeness.server;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Small images made in memory for tests: good ones, broken ones and hostile ones. */
final class TestImages {
  private TestImages() {}

  /** A {@code width}x{@code height} JPEG of a grey gradient with a dark disc: no face in it. */
  static byte[] jpeg(int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    for (int y = 0; y < height; y++) {
      int v = 80 + 120 * y / height;
      g.setColor(new Color(v, v, v));
      g.drawLine(0, y, width, y);
    }
    g.setColor(Color.DARK_GRAY);
    g.fillOval(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "jpeg", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The first half of a JPEG: an interrupted upload. */
  static byte[] truncatedJpeg() {
    byte[] whole = jpeg(320, 240);
    return Arrays.copyOf(whole, whole.length / 2);
  }

  /**
   * A valid PNG whose header declares {@code width}x{@code height} pixels over a few hundred bytes
   * of data: a decompression bomb when the dimensions are large.
   */
  static byte[] pngBomb(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
        .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IDAT", new byte[] {0x78, (byte) 0xda, 0x63, 0x60, 0x18, 0x05, (byte) 0xa3, 0x60, 0x14, 0x0c, 0x00, 0x00});
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
