package org.likeness.gallery;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Embeddings as stored in the gallery: little-endian IEEE-754 float32, no header. */
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
}
