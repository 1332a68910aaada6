package org.likeness.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes images as baseline JPEG in memory, as a camera or a browser would save them: the door
 * service's thumbnails, the door benchmark's photos, the training experiments' degraded chips.
 */
public final class JpegWriter {
  private JpegWriter() {}

  /** {@code image} as a JPEG of {@code quality} (1-100). */
  public static byte[] encode(RgbImage image, int quality) {
    BufferedImage bi = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_3BYTE_BGR);
    byte[] dst = ((DataBufferByte) bi.getRaster().getDataBuffer()).getData();
    byte[] src = image.pixels();
    for (int i = 0; i < src.length; i += 3) {
      dst[i] = src[i + 2];
      dst[i + 1] = src[i + 1];
      dst[i + 2] = src[i];
    }
    return encode(bi, quality);
  }

  /** {@code image} as a JPEG of {@code quality} (1-100). */
  public static byte[] encode(BufferedImage image, int quality) {
    if (quality < 1 || quality > 100) {
      throw new IllegalArgumentException("JPEG quality must be 1-100, got " + quality);
    }
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    if (!writers.hasNext()) {
      throw new IllegalStateException("this JVM has no ImageIO JPEG writer");
    }
    ImageWriter writer = writers.next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality / 100f);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot JPEG-encode a " + image.getWidth() + "x" + image.getHeight()
          + " image in memory", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
