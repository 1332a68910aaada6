package org.likeness.models.convert;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives faceplugin's UltraFace detector ({@code fr_detect.onnx}, version-RFB at 320x240) another
 * input size. Its convolutions work at any size; what ties it to 320x240 are the anchor priors the
 * graph decodes its boxes with, stored as constants: their centres and their sizes, one row per
 * anchor. This rewrite first checks that UltraFace's own generator (strides 8, 16, 32 and 64,
 * minimum boxes 10/16/24, 32/48, 64/96 and 128/192/256 pixels, centres spread evenly over each
 * feature map) reproduces the file's 320x240 priors exactly, refusing a graph whose constants are
 * not those priors; then it puts in priors for the new size and states the new input and output
 * shapes.
 *
 * <p>The new priors are centred where each cell of the feature map actually looks ({@link
 * Centres#RECEPTIVE_FIELD}), not spread evenly over it: the two differ where the input is not a
 * multiple of the stride (120 rows at strides 16, 32 and 64, 160 columns at 64), and there the even spread moves every
 * box by up to half a cell. On LFW DevTrain, MobileFaceNet with flip through the 160x120 detector
 * matched 99.73% of pairs with centred priors and 98.86% with evenly spread ones (99.68% at
 * 320x240).
 */
public final class UltraFaceInputSize {
  private UltraFaceInputSize() {}

  /** The input size the file was made for. */
  public static final int ORIGINAL_WIDTH = 320;
  public static final int ORIGINAL_HEIGHT = 240;

  private static final int[] STRIDES = {8, 16, 32, 64};
  private static final float[][] MIN_BOXES = {{10, 16, 24}, {32, 48}, {64, 96}, {128, 192, 256}};
  private static final float TOLERANCE = 1e-6f;

  /** The anchors of a {@code width} x {@code height} input, as centres and sizes, each [anchor][2]. */
  record Priors(float[] centres, float[] sizes) {
    int count() {
      return centres.length / 2;
    }
  }

  /** Where each anchor's centre is put. */
  enum Centres {
    /**
     * Evenly over the feature map: {@code (i + 0.5) / cells}, as UltraFace's training code does. Where
     * the input is not a multiple of the stride this is not where the cell looks.
     */
    FEATURE_MAP,
    /** At the centre of the input pixels each cell stands for: {@code (i + 0.5) * stride / size}. */
    RECEPTIVE_FIELD
  }

  static Priors priors(int width, int height) {
    return priors(width, height, Centres.FEATURE_MAP);
  }

  static Priors priors(int width, int height, Centres where) {
    List<float[]> rows = new ArrayList<>();
    for (int s = 0; s < STRIDES.length; s++) {
      int fw = (int) Math.ceil((double) width / STRIDES[s]);
      int fh = (int) Math.ceil((double) height / STRIDES[s]);
      for (int j = 0; j < fh; j++) {
        for (int i = 0; i < fw; i++) {
          float cx = where == Centres.FEATURE_MAP ? (i + 0.5f) / fw : (i + 0.5f) * STRIDES[s] / width;
          float cy = where == Centres.FEATURE_MAP ? (j + 0.5f) / fh : (j + 0.5f) * STRIDES[s] / height;
          for (float box : MIN_BOXES[s]) {
            rows.add(new float[] {clip(cx), clip(cy), clip(box / width), clip(box / height)});
          }
        }
      }
    }
    float[] centres = new float[rows.size() * 2];
    float[] sizes = new float[rows.size() * 2];
    for (int a = 0; a < rows.size(); a++) {
      float[] r = rows.get(a);
      centres[a * 2] = r[0];
      centres[a * 2 + 1] = r[1];
      sizes[a * 2] = r[2];
      sizes[a * 2 + 1] = r[3];
    }
    return new Priors(centres, sizes);
  }

  private static float clip(float v) {
    return Math.max(0f, Math.min(1f, v));
  }

  /**
   * {@code model} (faceplugin's detector at 320x240) for a {@code width} x {@code height} input.
   *
   * @throws IllegalArgumentException if the size is not a positive multiple of 8 or the graph does
   *     not hold UltraFace's 320x240 priors as constants
   */
  public static OnnxModel resize(OnnxModel model, int width, int height) {
    if (width <= 0 || height <= 0 || width % 8 != 0 || height % 8 != 0) {
      throw new IllegalArgumentException("UltraFace input " + width + "x" + height + " is not a positive multiple of 8 each way");
    }
    Priors original = priors(ORIGINAL_WIDTH, ORIGINAL_HEIGHT);
    Priors resized = priors(width, height, Centres.RECEPTIVE_FIELD);
    List<OnnxModel.Node> nodes = new ArrayList<>();
    int centres = 0;
    int sizes = 0;
    for (OnnxModel.Node n : model.nodes()) {
      OnnxModel.Tensor value = n.opType().equals("Constant") ? constantValue(n) : null;
      if (value == null || value.dataType() != OnnxModel.FLOAT || value.raw().length != original.centres().length * Float.BYTES) {
        nodes.add(n);
        continue;
      }
      float[] v = value.floats();
      float[] replacement;
      if (same(v, original.centres())) {
        replacement = resized.centres();
        centres++;
      } else if (same(v, original.sizes())) {
        replacement = resized.sizes();
        sizes++;
      } else {
        throw new IllegalArgumentException(
            "constant '" + n.outputs().get(0) + "' has one value per anchor but is neither UltraFace's prior centres nor sizes");
      }
      long[] dims = value.dims().clone();
      dims[dims.length - 2] = resized.count();
      nodes.add(constant(n, new OnnxModel.Tensor(value.name(), OnnxModel.FLOAT, dims, floats(replacement))));
    }
    if (centres != 1 || sizes < 1) {
      throw new IllegalArgumentException(
          "graph '" + model.graphName() + "' holds " + centres + " prior-centre and " + sizes
              + " prior-size constants; UltraFace's decoder has one and at least one");
    }
    if (model.inputs().size() != 1 || model.outputs().size() != 2) {
      throw new IllegalArgumentException("graph '" + model.graphName() + "' is not a one-input, two-output detector");
    }
    List<OnnxModel.ValueInfo> outputs = new ArrayList<>();
    for (OnnxModel.ValueInfo o : model.outputs()) {
      long last = switch (o.name()) {
        case "scores" -> 2;
        case "boxes" -> 4;
        default -> throw new IllegalArgumentException("detector output '" + o.name() + "' is neither 'scores' nor 'boxes'");
      };
      outputs.add(float32(o.name(), 1, resized.count(), last));
    }
    return new OnnxModel(model.irVersion(), model.producerName(), model.opsets(), model.graphName(), nodes,
        model.initializers(), List.of(float32(model.inputs().get(0).name(), 1, 3, height, width)), outputs, List.of());
  }

  private static boolean same(float[] a, float[] b) {
    for (int i = 0; i < a.length; i++) {
      if (Math.abs(a[i] - b[i]) > TOLERANCE) {
        return false;
      }
    }
    return true;
  }

  private static OnnxModel.Tensor constantValue(OnnxModel.Node n) {
    for (byte[] a : n.attributes()) {
      byte[] tensor = null;
      String name = null;
      for (ProtoReader.Field f : ProtoReader.fields(a)) {
        if (f.number() == 1) {
          name = f.string();
        } else if (f.number() == 5) {
          tensor = f.requireBytes();
        }
      }
      if ("value".equals(name) && tensor != null) {
        return OnnxModel.tensor(tensor);
      }
    }
    return null;
  }

  private static OnnxModel.Node constant(OnnxModel.Node n, OnnxModel.Tensor t) {
    ProtoWriter tensor = new ProtoWriter();
    for (long d : t.dims()) {
      tensor.int64(1, d);
    }
    tensor.int64(2, t.dataType()).string(8, t.name()).bytes(9, t.raw());
    byte[] attribute = new ProtoWriter().string(1, "value").message(5, tensor).int64(20, ATTR_TENSOR).toByteArray();
    return new OnnxModel.Node(n.name(), n.opType(), n.domain(), n.inputs(), n.outputs(), List.of(attribute));
  }

  private static final int ATTR_TENSOR = 4;

  private static byte[] floats(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      b.putFloat(f);
    }
    return b.array();
  }

  /** A float32 value info of fixed shape {@code dims}. */
  private static OnnxModel.ValueInfo float32(String name, long... dims) {
    ProtoWriter shape = new ProtoWriter();
    for (long d : dims) {
      shape.message(1, new ProtoWriter().int64(1, d));
    }
    ProtoWriter tensorType = new ProtoWriter().int64(1, OnnxModel.FLOAT).message(2, shape);
    ProtoWriter type = new ProtoWriter().message(1, tensorType);
    return new OnnxModel.ValueInfo(name, new ProtoWriter().string(1, name).message(2, type).toByteArray());
  }
}
