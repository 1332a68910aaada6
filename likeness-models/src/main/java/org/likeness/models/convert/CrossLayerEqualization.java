package org.likeness.models.convert;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.likeness.models.convert.TfliteModel.Activation;
import org.likeness.models.convert.TfliteModel.Operator;
import org.likeness.models.convert.TfliteModel.Options;
import org.likeness.models.convert.TfliteModel.Tensor;
import org.likeness.models.convert.TfliteModel.TensorType;

/**
 * Cross-layer equalization (Nagel et al. 2019, "Data-Free Quantization Through Weight
 * Equalization and Bias Correction") of a TensorFlow Lite network's convolution pairs joined by a
 * per-channel PReLU, done on the weights before translation so the int8 model's per-tensor
 * activation scales fit every channel better.
 *
 * <p>For a convolution {@code A}, TOCO's PReLU idiom on its output and a convolution {@code B}
 * reading only the PReLU's output, output channel {@code c} of {@code A} (weights and bias) is
 * divided by {@code s_c > 0} and input channel {@code c} of {@code B} multiplied by it. PReLU is
 * positively homogeneous per channel ({@code PReLU(x / s) = PReLU(x) / s}, the slope unchanged), so
 * the float network computes the same function up to float rounding. {@code s_c} is chosen so the
 * channel's range on both sides meets in the middle: {@code s_c = sqrt(r1_c / r2_c)} with {@code
 * r2_c} the largest |weight| of {@code B} on input channel {@code c} and {@code r1_c} the largest
 * |weight| of {@code A} on output channel {@code c} ({@link Ranging#WEIGHTS}, the paper's choice),
 * or that times the channel's largest PReLU slope magnitude when above 1 ({@link
 * Ranging#WEIGHTS_TIMES_SLOPE}: a slope of -6 makes the negative side six times the input's
 * range). A depthwise convolution between two pairs is scaled on both sides, so the pass sweeps
 * over all pairs until the scales stop moving.
 */
final class CrossLayerEqualization {
  /** How a channel's range on {@code A}'s side is estimated. */
  enum Ranging {
    /** The largest |weight| of {@code A}'s output channel, as in the paper. */
    WEIGHTS,
    /** That times {@code max(1, |slope|)} of the channel's PReLU, whose output it bounds. */
    WEIGHTS_TIMES_SLOPE
  }

  /** Sweeps stop when no scale of a sweep moves by more than this factor from 1. */
  static final double CONVERGED = 1e-4;

  /** Most sweeps before the pass gives up converging (and keeps what it has). */
  static final int MAX_SWEEPS = 200;

  /**
   * One equalized pair: operators {@code first} and {@code second} (indices in the model's
   * execution order) and the PReLU slope tensor between them, already scaled to the slope itself.
   */
  record Pair(int first, int second, float[] slope) {}

  /** What the pass did: the pairs it found and the sweeps it took. */
  record Report(List<Pair> pairs, int sweeps) {}

  private final TfliteModel model;
  private final Map<Integer, Operator> producer = new HashMap<>();
  private final Map<Integer, List<Operator>> consumers = new HashMap<>();
  private final Map<Integer, Integer> uses = new HashMap<>();
  private final Map<Integer, float[]> data = new HashMap<>();

  private CrossLayerEqualization(TfliteModel model) {
    this.model = model;
    for (Operator op : model.operators()) {
      for (int out : op.outputs()) {
        producer.put(out, op);
      }
      for (int in : op.inputs()) {
        if (in >= 0) {
          consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(op);
          uses.merge(in, 1, Integer::sum);
        }
      }
    }
    for (int out : model.outputs()) {
      uses.merge(out, 1, Integer::sum);
      consumers.computeIfAbsent(out, k -> new ArrayList<>());
    }
  }

  /** The convolution pairs of {@code model} joined by a TOCO PReLU that the pass would equalize. */
  static List<Pair> pairs(TfliteModel model) {
    return new CrossLayerEqualization(model).findPairs();
  }

  /**
   * {@code model} with every pair equalized; tensors other than the pairs' weights and biases are
   * the same objects.
   */
  static TfliteModel equalize(TfliteModel model, Ranging ranging) {
    return equalizeWithReport(model, ranging).model();
  }

  /** The equalized model and what the pass did. */
  record Result(TfliteModel model, Report report) {}

  static Result equalizeWithReport(TfliteModel model, Ranging ranging) {
    CrossLayerEqualization pass = new CrossLayerEqualization(model);
    List<Pair> pairs = pass.findPairs();
    int sweeps = 0;
    double moved = Double.MAX_VALUE;
    while (moved > CONVERGED && sweeps < MAX_SWEEPS) {
      moved = 0;
      for (Pair p : pairs) {
        moved = Math.max(moved, pass.equalize(p, ranging));
      }
      sweeps++;
    }
    List<Tensor> tensors = new ArrayList<>(model.tensors());
    for (Map.Entry<Integer, float[]> e : pass.data.entrySet()) {
      Tensor t = tensors.get(e.getKey());
      ByteBuffer raw =
          ByteBuffer.allocate(e.getValue().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      raw.asFloatBuffer().put(e.getValue());
      tensors.set(t.index(), new Tensor(t.index(), t.name(), t.type(), t.shape(), raw));
    }
    TfliteModel equalized =
        new TfliteModel(
            model.description(),
            List.copyOf(tensors),
            model.operators(),
            model.inputs(),
            model.outputs());
    return new Result(equalized, new Report(List.copyOf(pairs), sweeps));
  }

  /** Equalizes one pair once; returns the largest |log s_c| applied. */
  private double equalize(Pair p, Ranging ranging) {
    Operator a = model.operators().get(p.first());
    Operator b = model.operators().get(p.second());
    int channels = outChannels(a);
    double moved = 0;
    for (int c = 0; c < channels; c++) {
      double r1 = outRange(a, c);
      if (ranging == Ranging.WEIGHTS_TIMES_SLOPE) {
        r1 *= Math.max(1, Math.abs(p.slope()[p.slope().length == 1 ? 0 : c]));
      }
      double r2 = inRange(b, c);
      if (!(r1 > 0) || !(r2 > 0)) {
        continue;
      }
      double s = Math.sqrt(r1 / r2);
      scaleOut(a, c, (float) (1 / s));
      scaleIn(b, c, (float) s);
      moved = Math.max(moved, Math.abs(Math.log(s)));
    }
    return moved;
  }

  private List<Pair> findPairs() {
    List<Pair> pairs = new ArrayList<>();
    for (Operator a : model.operators()) {
      if (!isPlainConv(a)) {
        continue;
      }
      int x = a.outputs()[0];
      float[] slope = preluSlope(x);
      if (slope == null) {
        continue;
      }
      int y = preluOutput(x);
      List<Operator> readers = consumers.getOrDefault(y, List.of());
      if (uses.getOrDefault(y, 0) != 1 || readers.size() != 1) {
        continue;
      }
      Operator b = readers.get(0);
      if (!isConv(b) || b.inputs()[0] != y) {
        continue;
      }
      int channels = outChannels(a);
      if (inChannels(b) != channels || (slope.length != 1 && slope.length != channels)) {
        continue;
      }
      pairs.add(new Pair(a.index(), b.index(), slope));
    }
    return pairs;
  }

  /**
   * The slope of the TOCO PReLU {@code relu(x) + alpha * (x - |x|)} (slope {@code 2 * alpha}) that
   * is the only reader of {@code x}, or null if {@code x} has other readers or another shape.
   */
  private float[] preluSlope(int x) {
    List<Operator> readers = consumers.getOrDefault(x, List.of());
    if (readers.size() != 3 || uses.getOrDefault(x, 0) != 3) {
      return null;
    }
    Operator relu = only(readers, TfliteOperators.RELU);
    Operator abs = only(readers, TfliteOperators.ABS);
    Operator sub = only(readers, TfliteOperators.SUB);
    if (relu == null || abs == null || sub == null) {
      return null;
    }
    int absOut = abs.outputs()[0];
    if (sub.inputs().length != 2 || sub.inputs()[0] != x || sub.inputs()[1] != absOut) {
      return null;
    }
    Operator mul = soleReader(sub.outputs()[0], TfliteOperators.MUL);
    Operator add = soleReader(relu.outputs()[0], TfliteOperators.ADD);
    if (mul == null || add == null || soleReader(absOut, TfliteOperators.SUB) != sub) {
      return null;
    }
    if (!noActivation(sub) || !noActivation(mul) || !noActivation(add)) {
      return null;
    }
    int alpha = mul.inputs()[0] == sub.outputs()[0] ? mul.inputs()[1] : mul.inputs()[0];
    if (soleReader(mul.outputs()[0], TfliteOperators.ADD) != add || alpha < 0) {
      return null;
    }
    Tensor slope = model.tensors().get(alpha);
    if (!slope.isConstant() || slope.type() != TensorType.FLOAT32) {
      return null;
    }
    float[] values = slope.floats();
    for (int i = 0; i < values.length; i++) {
      values[i] *= 2;
    }
    return values;
  }

  /** The PReLU's output, for an {@code x} whose {@link #preluSlope} is known. */
  private int preluOutput(int x) {
    Operator relu = only(consumers.get(x), TfliteOperators.RELU);
    return soleReader(relu.outputs()[0], TfliteOperators.ADD).outputs()[0];
  }

  private Operator soleReader(int tensor, int code) {
    List<Operator> readers = consumers.getOrDefault(tensor, List.of());
    if (readers.size() != 1 || uses.getOrDefault(tensor, 0) != 1) {
      return null;
    }
    Operator op = readers.get(0);
    return op.builtinCode() == code && op.outputs().length == 1 ? op : null;
  }

  private static Operator only(List<Operator> ops, int code) {
    Operator found = null;
    for (Operator op : ops) {
      if (op.builtinCode() == code) {
        if (found != null) {
          return null;
        }
        found = op;
      }
    }
    return found;
  }

  private static boolean noActivation(Operator op) {
    return !(op.options() instanceof Options.Arithmetic a) || a.activation() == Activation.NONE;
  }

  /**
   * A convolution whose output is not activated by the operator itself and whose float32 weights
   * (and bias, if any) no other operator reads.
   */
  private boolean isPlainConv(Operator op) {
    if (!isConv(op)) {
      return false;
    }
    Activation activation =
        op.options() instanceof Options.Conv2d o
            ? o.activation()
            : ((Options.DepthwiseConv2d) op.options()).activation();
    return activation == Activation.NONE;
  }

  private boolean isConv(Operator op) {
    boolean conv =
        (op.builtinCode() == TfliteOperators.CONV_2D && op.options() instanceof Options.Conv2d)
            || (op.builtinCode() == TfliteOperators.DEPTHWISE_CONV_2D
                && op.options() instanceof Options.DepthwiseConv2d);
    if (!conv || op.inputs().length < 2 || op.outputs().length != 1) {
      return false;
    }
    for (int i = 1; i < op.inputs().length; i++) {
      int t = op.inputs()[i];
      if (t < 0) {
        continue;
      }
      Tensor tensor = model.tensors().get(t);
      if (!tensor.isConstant()
          || tensor.type() != TensorType.FLOAT32
          || uses.getOrDefault(t, 0) != 1) {
        return false;
      }
    }
    Tensor w = model.tensors().get(op.inputs()[1]);
    return w.shape().length == 4
        && (op.builtinCode() == TfliteOperators.CONV_2D || w.shape()[0] == 1);
  }

  private boolean depthwise(Operator op) {
    return op.builtinCode() == TfliteOperators.DEPTHWISE_CONV_2D;
  }

  /** Output channels: {@code O} of CONV_2D's {@code [O, H, W, I]}, {@code C*m} of depthwise's {@code [1, H, W, C*m]}. */
  private int outChannels(Operator op) {
    int[] s = model.tensors().get(op.inputs()[1]).shape();
    return depthwise(op) ? s[3] : s[0];
  }

  /** Input channels: {@code I} of CONV_2D, the input tensor's last axis for depthwise. */
  private int inChannels(Operator op) {
    if (depthwise(op)) {
      int[] x = model.tensors().get(op.inputs()[0]).shape();
      return x[x.length - 1];
    }
    return model.tensors().get(op.inputs()[1]).shape()[3];
  }

  private float[] weights(Operator op) {
    return values(op.inputs()[1]);
  }

  private float[] values(int tensor) {
    return data.computeIfAbsent(tensor, t -> model.tensors().get(t).floats());
  }

  private double outRange(Operator op, int c) {
    float[] w = weights(op);
    int out = outChannels(op);
    double max = 0;
    if (depthwise(op)) {
      for (int i = c; i < w.length; i += out) {
        max = Math.max(max, Math.abs(w[i]));
      }
    } else {
      int per = w.length / out;
      for (int i = c * per; i < (c + 1) * per; i++) {
        max = Math.max(max, Math.abs(w[i]));
      }
    }
    return max;
  }

  private double inRange(Operator op, int c) {
    float[] w = weights(op);
    double max = 0;
    if (depthwise(op)) {
      int out = outChannels(op);
      int multiplier = out / inChannels(op);
      for (int k = c * multiplier; k < (c + 1) * multiplier; k++) {
        for (int i = k; i < w.length; i += out) {
          max = Math.max(max, Math.abs(w[i]));
        }
      }
    } else {
      int in = inChannels(op);
      for (int i = c; i < w.length; i += in) {
        max = Math.max(max, Math.abs(w[i]));
      }
    }
    return max;
  }

  /** Multiplies output channel {@code c} of {@code op}, weights and bias, by {@code f}. */
  private void scaleOut(Operator op, int c, float f) {
    float[] w = weights(op);
    int out = outChannels(op);
    if (depthwise(op)) {
      for (int i = c; i < w.length; i += out) {
        w[i] *= f;
      }
    } else {
      int per = w.length / out;
      for (int i = c * per; i < (c + 1) * per; i++) {
        w[i] *= f;
      }
    }
    if (op.inputs().length > 2 && op.inputs()[2] >= 0) {
      values(op.inputs()[2])[c] *= f;
    }
  }

  /** Multiplies every weight of {@code op} that reads input channel {@code c} by {@code f}. */
  private void scaleIn(Operator op, int c, float f) {
    float[] w = weights(op);
    if (depthwise(op)) {
      int out = outChannels(op);
      int multiplier = out / inChannels(op);
      for (int k = c * multiplier; k < (c + 1) * multiplier; k++) {
        for (int i = k; i < w.length; i += out) {
          w[i] *= f;
        }
      }
    } else {
      int in = inChannels(op);
      for (int i = c; i < w.length; i += in) {
        w[i] *= f;
      }
    }
  }
}
