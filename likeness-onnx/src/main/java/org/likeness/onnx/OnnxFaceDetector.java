package org.likeness.onnx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.likeness.detect.Box;
import org.likeness.detect.FaceBox;
import org.likeness.detect.FaceDetector;
import org.likeness.detect.NonMaxSuppression;
import org.likeness.image.RgbImage;
import org.likeness.models.ModelSpec;

/**
 * The UltraFace-style detector ({@code fr_detect.onnx}): the whole photo is resized to the network's
 * 320x240 input; it returns softmax scores and boxes already decoded to normalized corners.
 */
public final class OnnxFaceDetector implements FaceDetector {
  /** Minimum face probability kept. */
  public static final float DEFAULT_MIN_SCORE = 0.7f;
  /** Overlap above which the weaker of two boxes is dropped. */
  public static final float DEFAULT_NMS_IOU = 0.4f;

  private final ModelSpec spec;
  private final OrtModel model;
  private final float minScore;
  private final float nmsIou;
  private final float[] input;

  public OnnxFaceDetector(ModelSpec spec, Path file, OrtSettings settings) {
    this(spec, file, settings, DEFAULT_MIN_SCORE, DEFAULT_NMS_IOU);
  }

  public OnnxFaceDetector(ModelSpec spec, Path file, OrtSettings settings, float minScore, float nmsIou) {
    this.spec = spec;
    this.minScore = minScore;
    this.nmsIou = nmsIou;
    this.model = new OrtModel(spec.name(), file, settings, "input", Set.of("scores", "boxes"));
    this.input = new float[3 * spec.inputWidth() * spec.inputHeight()];
  }

  @Override
  public List<FaceBox> detect(RgbImage image) {
    int w = spec.inputWidth();
    int h = spec.inputHeight();
    RgbImage resized = Tensors.resizeRegion(image, 0, 0, image.width(), image.height(), w, h);
    Tensors.packRgb(resized, spec.layout(), spec.mean(), spec.std(), input, 0);
    float[][] out = model.run(input, new long[] {1, 3, h, w}, "scores", "boxes");
    return decode(out[0], out[1], image.width(), image.height(), minScore, nmsIou);
  }

  /**
   * What the network sees of {@code image}: the whole photo resized to the input size of {@code
   * spec}, as {@link #detect} feeds it (for calibrating the int8 detector on the same inputs).
   */
  public static RgbImage networkInput(ModelSpec spec, RgbImage image) {
    return Tensors.resizeRegion(image, 0, 0, image.width(), image.height(), spec.inputWidth(), spec.inputHeight());
  }

  /** Turns the raw outputs into boxes in image pixels, filtered and suppressed. */
  static List<FaceBox> decode(float[] scores, float[] boxes, int width, int height, float minScore, float nmsIou) {
    int anchors = scores.length / 2;
    List<FaceBox> found = new ArrayList<>();
    for (int i = 0; i < anchors; i++) {
      float score = scores[i * 2 + 1];
      if (score < minScore) {
        continue;
      }
      float x1 = clamp(boxes[i * 4]) * width;
      float y1 = clamp(boxes[i * 4 + 1]) * height;
      float x2 = clamp(boxes[i * 4 + 2]) * width;
      float y2 = clamp(boxes[i * 4 + 3]) * height;
      if (x2 - x1 < 1 || y2 - y1 < 1) {
        continue;
      }
      found.add(new FaceBox(new Box(x1, y1, x2, y2), Math.min(1f, score)));
    }
    return NonMaxSuppression.apply(found, nmsIou);
  }

  private static float clamp(float v) {
    return Math.max(0f, Math.min(1f, v));
  }

  @Override
  public void close() {
    model.close();
  }
}
