package org.likeness.onnx;

import org.likeness.detect.Box;
import org.likeness.image.RgbImage;

/**
 * The face tensor Human (github.com/vladmandic/human 3.x) feeds its liveness and antispoof
 * networks, rebuilt from a Likeness face box so the converted models see what they saw in Human.
 * Human's steps, each followed here:
 *
 * <ol>
 *   <li>{@code src/face/blazeface.ts}: the detector box is enlarged about its centre by {@code
 *       config.face.detector.scale} (default 1.4, {@code util.enlargeBox}) and made square on its
 *       longer side with corners rounded to whole pixels ({@code util.squarifyBox}).
 *   <li>{@code src/face/facemeshutil.ts cutAndResize}: {@code tf.image.cropAndResize} of that box,
 *       given as fractions of the image size, to the face-mesh input size (192x192, the {@code
 *       facemesh.json} input; mesh is on by default), bilinear, zero outside the image; then divided
 *       by 255.
 *   <li>{@code src/face/liveness.ts} and {@code src/face/antispoof.ts}: {@code
 *       tf.image.resizeBilinear(face, [size, size], false)} to the network's input (32 for liveness,
 *       128 for antispoof), then {@code model.execute} on the NHWC tensor.
 * </ol>
 *
 * <p>Two choices are left open. {@code enlarge}: Human's 1.4 was tuned for BlazeFace boxes; the
 * scorers pick it per network (see {@link HumanLivenessScorer}). {@code order}: Human feeds RGB,
 * but a network trained from OpenCV images may expect BGR, so the order can be swapped for
 * measurement.
 *
 * @param enlarge factor applied to the face box's width and height before squaring; 1 keeps it tight
 * @param size the network's input side in pixels
 * @param order the channel order of the tensor (Human's is {@link ChannelOrder#RGB})
 */
public record HumanFaceCrop(double enlarge, int size, ChannelOrder order) {
  /** Channel order of the network input. */
  public enum ChannelOrder {
    /** Red, green, blue: what Human feeds. */
    RGB,
    /** Blue, green, red: what OpenCV's {@code imread} gives a training script. */
    BGR
  }

  /** Human's default {@code config.face.detector.scale}. */
  public static final double HUMAN_ENLARGE = 1.4;

  /** Side of Human's intermediate face tensor: the input of {@code facemesh.json}. */
  public static final int FACE_TENSOR_SIZE = 192;

  public HumanFaceCrop {
    if (!(enlarge > 0) || !Double.isFinite(enlarge)) {
      throw new IllegalArgumentException("enlarge must be a positive finite factor, got " + enlarge);
    }
    if (size < 1) {
      throw new IllegalArgumentException("network input size must be positive, got " + size);
    }
    if (order == null) {
      throw new IllegalArgumentException("a channel order must be given");
    }
  }

  /** Human's crop with {@code enlarge}, in Human's RGB order. */
  public HumanFaceCrop(double enlarge, int size) {
    this(enlarge, size, ChannelOrder.RGB);
  }

  /** The squared, enlarged box in whole pixels: {@code [x1, y1, x2, y2]}, as Human's squarifyBox. */
  long[] square(Box box) {
    double half = Math.max(enlarge * box.width(), enlarge * box.height()) / 2;
    double cx = (box.x1() + box.x2()) / 2.0;
    double cy = (box.y1() + box.y2()) / 2.0;
    // JavaScript's Math.round rounds halves up, as Java's does.
    return new long[] {Math.round(cx - half), Math.round(cy - half), Math.round(cx + half), Math.round(cy + half)};
  }

  /**
   * The network input for {@code box} in {@code image}: {@code size * size * 3} floats in [0, 1],
   * NHWC, channels in {@link #order()}.
   *
   * @throws IllegalArgumentException when the box lies wholly outside the image
   */
  public float[] tensor(RgbImage image, Box box) {
    if (box.x2() <= 0 || box.y2() <= 0 || box.x1() >= image.width() || box.y1() >= image.height()) {
      throw new IllegalArgumentException(
          "face box " + box + " lies wholly outside the " + image.width() + "x" + image.height() + " image");
    }
    long[] s = square(box);
    float[] face = cropAndResize(image, s, FACE_TENSOR_SIZE);
    float[] out = resizeBilinear(face, FACE_TENSOR_SIZE, size);
    for (int i = 0; i < out.length; i++) {
      out[i] /= 255f;
    }
    if (order == ChannelOrder.BGR) {
      for (int i = 0; i < out.length; i += 3) {
        float red = out[i];
        out[i] = out[i + 2];
        out[i + 2] = red;
      }
    }
    return out;
  }

  /**
   * {@code tf.image.cropAndResize} of one box to {@code crop x crop}, bilinear, 0 outside the
   * image, on 0..255 values. TensorFlow maps normalized box corners to {@code y1 * (h - 1)} and
   * steps {@code (y2 - y1) * (h - 1) / (crop - 1)}.
   */
  static float[] cropAndResize(RgbImage image, long[] square, int crop) {
    int w = image.width();
    int h = image.height();
    double y1 = (double) square[1] / h;
    double x1 = (double) square[0] / w;
    double y2 = (double) square[3] / h;
    double x2 = (double) square[2] / w;
    double yStep = crop > 1 ? (y2 - y1) * (h - 1) / (crop - 1) : 0;
    double xStep = crop > 1 ? (x2 - x1) * (w - 1) / (crop - 1) : 0;
    byte[] px = image.pixels();
    float[] out = new float[crop * crop * 3];
    for (int y = 0; y < crop; y++) {
      double inY = crop > 1 ? y1 * (h - 1) + y * yStep : 0.5 * (y1 + y2) * (h - 1);
      if (inY < 0 || inY > h - 1) {
        continue; // extrapolation value 0
      }
      int top = (int) Math.floor(inY);
      int bottom = (int) Math.ceil(inY);
      double yLerp = inY - top;
      for (int x = 0; x < crop; x++) {
        double inX = crop > 1 ? x1 * (w - 1) + x * xStep : 0.5 * (x1 + x2) * (w - 1);
        if (inX < 0 || inX > w - 1) {
          continue;
        }
        int left = (int) Math.floor(inX);
        int right = (int) Math.ceil(inX);
        double xLerp = inX - left;
        for (int c = 0; c < 3; c++) {
          double tl = px[(top * w + left) * 3 + c] & 0xFF;
          double tr = px[(top * w + right) * 3 + c] & 0xFF;
          double bl = px[(bottom * w + left) * 3 + c] & 0xFF;
          double br = px[(bottom * w + right) * 3 + c] & 0xFF;
          double upper = tl + (tr - tl) * xLerp;
          double lower = bl + (br - bl) * xLerp;
          out[(y * crop + x) * 3 + c] = (float) (upper + (lower - upper) * yLerp);
        }
      }
    }
    return out;
  }

  /**
   * {@code tf.image.resizeBilinear(x, [out, out], alignCorners = false)} of a square 3-channel
   * NHWC image without half-pixel centres: source index {@code dst * in / out}, the next row and
   * column clamped to the edge.
   */
  static float[] resizeBilinear(float[] in, int inSize, int outSize) {
    float[] out = new float[outSize * outSize * 3];
    double ratio = (double) inSize / outSize;
    for (int y = 0; y < outSize; y++) {
      double srcY = y * ratio;
      int top = (int) Math.floor(srcY);
      int bottom = Math.min(inSize - 1, (int) Math.ceil(srcY));
      double yLerp = srcY - top;
      for (int x = 0; x < outSize; x++) {
        double srcX = x * ratio;
        int left = (int) Math.floor(srcX);
        int right = Math.min(inSize - 1, (int) Math.ceil(srcX));
        double xLerp = srcX - left;
        for (int c = 0; c < 3; c++) {
          double tl = in[(top * inSize + left) * 3 + c];
          double tr = in[(top * inSize + right) * 3 + c];
          double bl = in[(bottom * inSize + left) * 3 + c];
          double br = in[(bottom * inSize + right) * 3 + c];
          double upper = tl + (tr - tl) * xLerp;
          double lower = bl + (br - bl) * xLerp;
          out[(y * outSize + x) * 3 + c] = (float) (upper + (lower - upper) * yLerp);
        }
      }
    }
    return out;
  }
}
