package org.likeness.onnx;

import java.nio.file.Path;
import java.util.Set;
import org.likeness.detect.Box;
import org.likeness.detect.Landmarks;
import org.likeness.detect.LandmarkDetector;
import org.likeness.image.RgbImage;
import org.likeness.models.ModelSpec;

/**
 * The 68-point landmark network ({@code fr_landmark.onnx}) on a square grayscale crop around the
 * face box, reduced to the five alignment points.
 */
public final class OnnxLandmarkDetector implements LandmarkDetector {
  private final ModelSpec spec;
  private final OrtModel model;
  private final float[] input;

  public OnnxLandmarkDetector(ModelSpec spec, Path file, OrtSettings settings) {
    this.spec = spec;
    this.model = new OrtModel(spec.name(), file, settings, "input", Set.of("output"));
    this.input = new float[spec.inputWidth() * spec.inputHeight()];
  }

  @Override
  public Landmarks locate(RgbImage image, Box face) {
    Box crop = squareCrop(face);
    int size = spec.inputWidth();
    RgbImage patch = Tensors.resizeRegion(image, crop.x1(), crop.y1(), crop.width(), crop.height(), size, size);
    Tensors.packGray(patch, spec.mean()[0], spec.std()[0], input, 0);
    float[] out = model.run(input, new long[] {1, 1, size, size}, "output")[0];
    return toImage(out, crop);
  }

  /** The square the network sees: the box's height, centred on the box. */
  static Box squareCrop(Box face) {
    float side = face.height();
    float cx = face.centerX();
    float cy = face.centerY();
    return new Box(cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2);
  }

  /** Maps the network's 68 normalized (x, y) pairs back to image pixels. */
  static Landmarks toImage(float[] out, Box crop) {
    if (out.length != 136) {
      throw new IllegalStateException("landmark network should return 136 values, got " + out.length);
    }
    float[] xs = new float[68];
    float[] ys = new float[68];
    for (int i = 0; i < 68; i++) {
      xs[i] = crop.x1() + out[2 * i] * crop.width();
      ys[i] = crop.y1() + out[2 * i + 1] * crop.height();
    }
    return Landmarks.fromIbug68(xs, ys);
  }

  @Override
  public void close() {
    model.close();
  }
}
