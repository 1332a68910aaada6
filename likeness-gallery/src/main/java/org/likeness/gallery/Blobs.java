package org.likeness.gallery;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.likeness.detect.FivePoints;
import org.likeness.detect.Point;

/**
 * Embeddings (and a chip's five landmarks, as x0 y0 .. x4 y4) as stored in the gallery:
 * little-endian IEEE-754 float32, no header.
 */
final class Blobs {
  private Blobs() {}

  static byte[] encode(float[] vector) {
    ByteBuffer buffer =
        ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(vector);
    return buffer.array();
  }

  static float[] decode(byte[] blob, int dimensions, long templateId) {
    if (blob == null || blob.length != dimensions * Float.BYTES) {
      throw new GalleryStorageException(
          "template "
              + templateId
              + " has a "
              + (blob == null ? "missing" : blob.length + "-byte")
              + " embedding, expected "
              + dimensions * Float.BYTES
              + " bytes for "
              + dimensions
              + " float32 components");
    }
    float[] vector = new float[dimensions];
    ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
    return vector;
  }

  static float[] flatten(FivePoints points) {
    float[] out = new float[10];
    int i = 0;
    for (Point p : points.asList()) {
      out[i++] = p.x();
      out[i++] = p.y();
    }
    return out;
  }

  static FivePoints fivePoints(float[] xy) {
    return new FivePoints(
        new Point(xy[0], xy[1]),
        new Point(xy[2], xy[3]),
        new Point(xy[4], xy[5]),
        new Point(xy[6], xy[7]),
        new Point(xy[8], xy[9]));
  }
}
