package org.likeness.models.convert;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.likeness.error.BadInputException;
import org.likeness.models.convert.OnnxGraphBuilder.Dim;
import org.likeness.models.convert.TfjsWeights.Tensor;

/**
 * Converts face-api's quantized dlib ResNet face-descriptor weights (a tfjs manifest plus one
 * {@code .bin}) into an ONNX model, so Likeness runs dlib's 128-d face embeddings through ONNX
 * Runtime without TensorFlow.js.
 *
 * <p>The network is face-api's {@code FaceRecognitionNet}: a 7x7 stride-2 stem and max pool, then
 * 13 residual blocks (four of them downsampling), a global average pool and a 256x128 linear layer.
 * Each tfjs conv layer, {@code scale(conv(x) + bias)}, becomes one ONNX Conv with the scale folded
 * into its filters and bias.
 *
 * <p>Graph contract, which the rest of Likeness relies on:
 *
 * <ul>
 *   <li>input {@value #INPUT_NAME}: float32 {@code [N, 150, 150, 3]}, NHWC, RGB, already normalized
 *       as {@code (pixel - mean) / 255} with the means {@link #MEAN_RED}, {@link #MEAN_GREEN} and
 *       {@link #MEAN_BLUE} ({@code N} is dynamic);
 *   <li>output {@value #OUTPUT_NAME}: float32 {@code [N, 128]}, raw (not L2-normalized).
 * </ul>
 */
public final class DlibResnetConverter {
  /** Name of the graph input. */
  public static final String INPUT_NAME = "input";

  /** Name of the graph output. */
  public static final String OUTPUT_NAME = "embedding";

  /** Side of the square input crop, in pixels. */
  public static final int INPUT_SIZE = 150;

  /** Length of the output embedding. */
  public static final int EMBEDDING_DIMENSIONS = 128;

  /** Mean of the red channel (0..255 scale) subtracted before dividing by {@link #PIXEL_SCALE}. */
  public static final float MEAN_RED = 122.782f;

  /** Mean of the green channel (0..255 scale). */
  public static final float MEAN_GREEN = 117.001f;

  /** Mean of the blue channel (0..255 scale). */
  public static final float MEAN_BLUE = 104.298f;

  /** Divisor applied after subtracting the channel mean. */
  public static final float PIXEL_SCALE = 255f;

  static final String PRODUCER = "likeness-models DlibResnetConverter";

  /** A residual block of face-api's FaceRecognitionNet, in network order. */
  private record Block(String name, int inChannels, int outChannels, boolean down) {}

  private static final int STEM_KERNEL = 7;
  private static final int STEM_CHANNELS = 32;
  private static final String STEM = "conv32_down";
  private static final String FC = "fc";

  private static final List<Block> BLOCKS =
      List.of(
          new Block("conv32_1", 32, 32, false),
          new Block("conv32_2", 32, 32, false),
          new Block("conv32_3", 32, 32, false),
          new Block("conv64_down", 32, 64, true),
          new Block("conv64_1", 64, 64, false),
          new Block("conv64_2", 64, 64, false),
          new Block("conv64_3", 64, 64, false),
          new Block("conv128_down", 64, 128, true),
          new Block("conv128_1", 128, 128, false),
          new Block("conv128_2", 128, 128, false),
          new Block("conv256_down", 128, 256, true),
          new Block("conv256_1", 256, 256, false),
          new Block("conv256_2", 256, 256, false),
          new Block("conv256_down_out", 256, 256, true));

  private DlibResnetConverter() {}

  /**
   * Converts the weights to a serialized ONNX model (opset 13) following the graph contract above.
   *
   * @param manifestJson face-api's {@code face_recognition_model-weights_manifest.json}
   * @param weightsBin the {@code face_recognition_model.bin} it describes
   * @return the ONNX model bytes, identical for identical weights
   * @throws org.likeness.error.BadInputException if the manifest or weights do not describe this
   *     network; the message names the file or tensor and the numbers that disagree
   * @throws IOException if either file cannot be read
   */
  public static byte[] convert(Path manifestJson, Path weightsBin) throws IOException {
    Map<String, Tensor> weights = TfjsWeights.read(manifestJson, weightsBin);
    checkTensors(manifestJson, weights);
    return new GraphWriter(weights).write();
  }

  /**
   * Converts the weights and writes the model to {@code onnxFile}, creating its directory. The file
   * appears complete or not at all: bytes go to a temporary file beside it that is then moved into
   * place.
   */
  public static void convertToFile(Path manifestJson, Path weightsBin, Path onnxFile)
      throws IOException {
    byte[] model = convert(manifestJson, weightsBin);
    Path target = onnxFile.toAbsolutePath();
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

  /** Every tensor the network reads, with its tfjs shape, in manifest order. */
  static Map<String, int[]> expectedShapes() {
    Map<String, int[]> shapes = new LinkedHashMap<>();
    putConvLayer(shapes, STEM, STEM_KERNEL, 3, STEM_CHANNELS);
    for (Block block : BLOCKS) {
      putConvLayer(shapes, block.name() + "/conv1", 3, block.inChannels(), block.outChannels());
      putConvLayer(shapes, block.name() + "/conv2", 3, block.outChannels(), block.outChannels());
    }
    shapes.put(FC, new int[] {lastChannels(), EMBEDDING_DIMENSIONS});
    return shapes;
  }

  private static void putConvLayer(
      Map<String, int[]> shapes, String layer, int k, int in, int out) {
    shapes.put(layer + "/conv/filters", new int[] {k, k, in, out});
    shapes.put(layer + "/conv/bias", new int[] {out});
    shapes.put(layer + "/scale/weights", new int[] {out});
    shapes.put(layer + "/scale/biases", new int[] {out});
  }

  private static int lastChannels() {
    return BLOCKS.get(BLOCKS.size() - 1).outChannels();
  }

  private static void checkTensors(Path manifestJson, Map<String, Tensor> weights) {
    Map<String, int[]> expected = expectedShapes();
    List<String> problems = new ArrayList<>();
    expected.forEach(
        (name, shape) -> {
          Tensor tensor = weights.get(name);
          if (tensor == null) {
            problems.add("tensor '" + name + "' " + Arrays.toString(shape) + " is missing");
          } else if (!Arrays.equals(tensor.shape(), shape)) {
            problems.add(
                "tensor '"
                    + name
                    + "' has shape "
                    + Arrays.toString(tensor.shape())
                    + ", expected "
                    + Arrays.toString(shape));
          }
        });
    for (String name : weights.keySet()) {
      if (!expected.containsKey(name)) {
        problems.add("tensor '" + name + "' is not part of the dlib ResNet");
      }
    }
    if (!problems.isEmpty()) {
      throw new BadInputException(
          "weights manifest "
              + manifestJson
              + " does not describe face-api's dlib ResNet: "
              + String.join("; ", problems));
    }
  }

  /** Emits the graph for one set of checked weights, tracking the spatial size as it goes. */
  private static final class GraphWriter {
    private final Map<String, Tensor> weights;
    private final OnnxGraphBuilder graph = new OnnxGraphBuilder("dlib_resnet_face_descriptor");
    private int size = INPUT_SIZE;

    GraphWriter(Map<String, Tensor> weights) {
      this.weights = weights;
    }

    byte[] write() {
      Dim batch = Dim.symbolic("N");
      graph.input(INPUT_NAME, batch, Dim.of(INPUT_SIZE), Dim.of(INPUT_SIZE), Dim.of(3));
      String x = graph.transpose("input_nchw", INPUT_NAME, 0, 3, 1, 2);

      x = convDown(STEM, x, STEM_KERNEL);
      size = downsampled(size, STEM_KERNEL);
      x = graph.maxPool(STEM + "/max_pool", x, 3, 2);
      size = downsampled(size, 3);

      for (Block block : BLOCKS) {
        x = block.down() ? residualDown(block, x) : residual(block, x);
      }

      x = graph.reduceMean("global_avg_pool", x, 2, 3);
      String fc =
          graph.initializer(FC, weights.get(FC).values(), lastChannels(), EMBEDDING_DIMENSIONS);
      graph.matMul(OUTPUT_NAME, x, fc);
      graph.output(OUTPUT_NAME, batch, Dim.of(EMBEDDING_DIMENSIONS));
      return graph.build(
          PRODUCER,
          "dlib ResNet face descriptor converted from @vladmandic/face-api 1.7.15 weights. Input"
              + " 'input' [N,150,150,3] NHWC RGB, (pixel - (122.782, 117.001, 104.298)) / 255."
              + " Output 'embedding' [N,128], not L2-normalized.");
    }

    /** relu(convNoRelu(conv(x)) + x). */
    private String residual(Block block, String x) {
      String main = conv(block.name() + "/conv1", x);
      main = convNoRelu(block.name() + "/conv2", main);
      String sum = graph.add(block.name() + "/add", main, x);
      return graph.relu(block.name(), sum);
    }

    /**
     * relu(main + shortcut): main is a stride-2 valid conv then a same conv; the shortcut is a 2x2
     * average pool, zero-padded with new channels after the old ones. When the pool keeps one more
     * row and column than the strided conv, main gets a zero row at the bottom and a zero column at
     * the right, as face-api concatenates them.
     */
    private String residualDown(Block block, String x) {
      String main = convDown(block.name() + "/conv1", x, 3);
      main = convNoRelu(block.name() + "/conv2", main);
      int mainSize = downsampled(size, 3);
      int pooledSize = size / 2;

      String shortcut = graph.averagePool(block.name() + "/avg_pool", x, 2, 2);
      int newChannels = block.outChannels() - block.inChannels();
      if (newChannels > 0) {
        shortcut =
            graph.pad(block.name() + "/pad_channels", shortcut, 0, 0, 0, 0, 0, newChannels, 0, 0);
      }
      if (pooledSize == mainSize + 1) {
        main = graph.pad(block.name() + "/pad_spatial", main, 0, 0, 0, 0, 0, 0, 1, 1);
      } else if (pooledSize != mainSize) {
        throw new IllegalStateException(
            block.name() + ": pooled size " + pooledSize + " vs conv size " + mainSize);
      }
      size = pooledSize;
      String sum = graph.add(block.name() + "/add", main, shortcut);
      return graph.relu(block.name(), sum);
    }

    /** face-api's {@code conv}: 3x3, stride 1, 'same' padding, then ReLU. */
    private String conv(String layer, String x) {
      return graph.relu(layer, convLayer(layer, x, 3, 1, 1));
    }

    /** face-api's {@code convNoRelu}: 3x3, stride 1, 'same' padding. */
    private String convNoRelu(String layer, String x) {
      return convLayer(layer, x, 3, 1, 1);
    }

    /** face-api's {@code convDown}: stride 2, 'valid' (no) padding, then ReLU. */
    private String convDown(String layer, String x, int kernel) {
      return graph.relu(layer, convLayer(layer, x, kernel, 2, 0));
    }

    /**
     * One face-api conv layer, {@code scale(conv2d(x) + bias)}, as a single ONNX Conv whose filters
     * and bias have the per-channel scale folded in.
     */
    private String convLayer(String layer, String x, int kernel, int stride, int pad) {
      float[] filters = weights.get(layer + "/conv/filters").values();
      float[] bias = weights.get(layer + "/conv/bias").values();
      float[] scale = weights.get(layer + "/scale/weights").values();
      float[] shift = weights.get(layer + "/scale/biases").values();
      int out = bias.length;
      int in = filters.length / (kernel * kernel * out);

      float[] onnxFilters = new float[filters.length];
      for (int o = 0; o < out; o++) {
        for (int i = 0; i < in; i++) {
          for (int y = 0; y < kernel; y++) {
            for (int xk = 0; xk < kernel; xk++) {
              // tfjs [kh, kw, in, out] -> ONNX [out, in, kh, kw]
              float w = filters[((y * kernel + xk) * in + i) * out + o];
              onnxFilters[((o * in + i) * kernel + y) * kernel + xk] =
                  (float) ((double) w * scale[o]);
            }
          }
        }
      }
      float[] onnxBias = new float[out];
      for (int o = 0; o < out; o++) {
        onnxBias[o] = (float) ((double) bias[o] * scale[o] + shift[o]);
      }
      String w = graph.initializer(layer + "/weight", onnxFilters, out, in, kernel, kernel);
      String b = graph.initializer(layer + "/bias", onnxBias, out);
      return graph.conv(layer + "/conv", x, w, b, kernel, stride, pad);
    }

    private static int downsampled(int size, int kernel) {
      return (size - kernel) / 2 + 1;
    }
  }
}
