package org.likeness.train;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A small trainable map from a backbone's unit embeddings ({@code d}-dimensional) to new unit
 * embeddings ({@code k}-dimensional): {@link HeadArchitecture#LINEAR} or {@link
 * HeadArchitecture#MLP}, both ending in an L2 normalization. The forward and backward passes are
 * written by hand on row-major double arrays; a batch is an array of rows.
 *
 * <p>Parameters, in the order {@link #parameters()} and the gradients use:
 *
 * <ul>
 *   <li>linear: {@code W} ({@code k x d}), {@code b} ({@code k});
 *   <li>MLP: {@code W1} ({@code h x d}), {@code b1} ({@code h}), {@code W2} ({@code k x h}), {@code
 *       b2} ({@code k}), with {@code h = 2d}.
 * </ul>
 *
 * <p>Instances are mutated only by the trainer in this package; everything public reads.
 */
public final class EmbeddingHead {
  private final HeadArchitecture architecture;
  private final int inputDims;
  private final int hiddenDims;
  private final int outputDims;
  private final double[][] params;

  EmbeddingHead(HeadArchitecture architecture, int inputDims, int outputDims, double[][] params) {
    if (architecture == null) {
      throw new IllegalArgumentException("head architecture must be given");
    }
    if (inputDims < 1 || outputDims < 1) {
      throw new IllegalArgumentException(
          "head dimensions must be positive, got " + inputDims + " -> " + outputDims);
    }
    this.architecture = architecture;
    this.inputDims = inputDims;
    this.hiddenDims = architecture.hiddenDims(inputDims);
    this.outputDims = outputDims;
    int[] sizes = parameterSizes(architecture, inputDims, outputDims);
    if (params == null || params.length != sizes.length) {
      throw new IllegalArgumentException(
          architecture + " head needs " + sizes.length + " parameter tensors, got "
              + (params == null ? "none" : params.length));
    }
    for (int t = 0; t < sizes.length; t++) {
      if (params[t] == null || params[t].length != sizes[t]) {
        throw new IllegalArgumentException(
            architecture + " head " + inputDims + " -> " + outputDims + ": parameter tensor " + t
                + " needs " + sizes[t] + " values, got " + (params[t] == null ? "none" : params[t].length));
      }
      for (int i = 0; i < sizes[t]; i++) {
        if (!Double.isFinite(params[t][i])) {
          throw new IllegalArgumentException(
              "head parameter tensor " + t + " has a non-finite value " + params[t][i] + " at " + i);
        }
      }
    }
    this.params = params;
  }

  /** The sizes of the parameter tensors, in order, for a head of this shape. */
  static int[] parameterSizes(HeadArchitecture architecture, int inputDims, int outputDims) {
    int h = architecture.hiddenDims(inputDims);
    return switch (architecture) {
      case LINEAR -> new int[] {outputDims * inputDims, outputDims};
      case MLP -> new int[] {h * inputDims, h, outputDims * h, outputDims};
    };
  }

  /**
   * A head that starts close to useful: before any training its output is the backbone's embedding,
   * or a distance-preserving projection of it, rather than noise.
   *
   * <ul>
   *   <li>The projection {@code P} ({@code k x d}) is the identity when {@code k == d}, so an
   *       untrained head reproduces the backbone's distances exactly. Otherwise it is a random
   *       partial isometry: orthonormal rows when {@code k < d} (a random orthogonal projection,
   *       which by Johnson-Lindenstrauss roughly keeps cosine distances), orthonormal columns when
   *       {@code k > d} (an exact isometry). Training then only has to learn a correction.
   *   <li>Linear: {@code W = P}, {@code b = 0}.
   *   <li>MLP: {@code W1 = [I; -I]}, {@code b1 = 0}, {@code W2 = [P, -P]}, {@code b2 = 0}. Since
   *       {@code relu(x) - relu(-x) = x}, it computes exactly {@code P x} at the start, with every
   *       hidden unit alive.
   * </ul>
   */
  public static EmbeddingHead initial(
      HeadArchitecture architecture, int inputDims, int outputDims, SplittableRandom random) {
    if (inputDims < 1 || outputDims < 1) {
      throw new IllegalArgumentException(
          "head dimensions must be positive, got " + inputDims + " -> " + outputDims);
    }
    double[] p = projection(outputDims, inputDims, random);
    return switch (architecture) {
      case LINEAR -> new EmbeddingHead(architecture, inputDims, outputDims, new double[][] {p, new double[outputDims]});
      case MLP -> {
        int d = inputDims;
        int h = 2 * d;
        double[] w1 = new double[h * d];
        for (int i = 0; i < d; i++) {
          w1[i * d + i] = 1;
          w1[(d + i) * d + i] = -1;
        }
        double[] w2 = new double[outputDims * h];
        for (int r = 0; r < outputDims; r++) {
          for (int c = 0; c < d; c++) {
            w2[r * h + c] = p[r * d + c];
            w2[r * h + d + c] = -p[r * d + c];
          }
        }
        yield new EmbeddingHead(
            architecture, inputDims, outputDims, new double[][] {w1, new double[h], w2, new double[outputDims]});
      }
    };
  }

  /** A {@code rows x cols} row-major matrix: identity when square, else a random partial isometry. */
  static double[] projection(int rows, int cols, SplittableRandom random) {
    double[] m = new double[rows * cols];
    if (rows == cols) {
      for (int i = 0; i < rows; i++) {
        m[i * cols + i] = 1;
      }
      return m;
    }
    // Orthonormalize min(rows, cols) Gaussian vectors of length max(rows, cols).
    int count = Math.min(rows, cols);
    int length = Math.max(rows, cols);
    double[][] q = new double[count][length];
    for (int i = 0; i < count; i++) {
      double norm;
      do {
        for (int j = 0; j < length; j++) {
          q[i][j] = gaussian(random);
        }
        for (int prev = 0; prev < i; prev++) {
          double dot = dot(q[i], 0, q[prev], 0, length);
          for (int j = 0; j < length; j++) {
            q[i][j] -= dot * q[prev][j];
          }
        }
        norm = Math.sqrt(dot(q[i], 0, q[i], 0, length));
      } while (norm < 1e-6);
      for (int j = 0; j < length; j++) {
        q[i][j] /= norm;
      }
    }
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        m[r * cols + c] = rows < cols ? q[r][c] : q[c][r];
      }
    }
    return m;
  }

  static double gaussian(SplittableRandom random) {
    // Box-Muller; SplittableRandom has no nextGaussian in Java 17.
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  public HeadArchitecture architecture() {
    return architecture;
  }

  public int inputDims() {
    return inputDims;
  }

  /** Hidden units; 0 for the linear head. */
  public int hiddenDims() {
    return hiddenDims;
  }

  public int outputDims() {
    return outputDims;
  }

  /** Total number of trainable values. */
  public int parameterCount() {
    int n = 0;
    for (double[] t : params) {
      n += t.length;
    }
    return n;
  }

  /** The live parameter tensors, for the optimizer, the file writer and tests in this package. */
  double[][] parameters() {
    return params;
  }

  /** A deep copy. */
  public EmbeddingHead copy() {
    double[][] c = new double[params.length][];
    for (int t = 0; t < params.length; t++) {
      c[t] = params[t].clone();
    }
    return new EmbeddingHead(architecture, inputDims, outputDims, c);
  }

  /**
   * The head applied to one raw backbone output: the input is L2-normalized first (the backbone's
   * own embedding), and the result is a unit vector.
   */
  public float[] apply(float[] backboneOutput) {
    if (backboneOutput.length != inputDims) {
      throw new IllegalArgumentException(
          "head takes " + inputDims + "-d backbone outputs, got a " + backboneOutput.length + "-d vector");
    }
    double[] x = new double[inputDims];
    for (int i = 0; i < inputDims; i++) {
      x[i] = backboneOutput[i];
    }
    normalizeInPlace(x, "backbone output");
    double[] y = forward(new double[][] {x})[0];
    float[] out = new float[outputDims];
    for (int i = 0; i < outputDims; i++) {
      out[i] = (float) y[i];
    }
    return out;
  }

  /** The unit outputs for a batch of inputs (rows of {@code d} values, normally unit vectors). */
  public double[][] forward(double[][] inputs) {
    return forwardPass(inputs).output;
  }

  /** What the backward pass needs from the forward pass. */
  static final class Pass {
    final double[][] input;
    final double[][] preActivation; // MLP only: W1 x + b1
    final double[][] hidden; // MLP only: relu(preActivation)
    final double[] norm; // ||z|| per row
    final double[][] output; // z / ||z||

    Pass(double[][] input, double[][] preActivation, double[][] hidden, double[] norm, double[][] output) {
      this.input = input;
      this.preActivation = preActivation;
      this.hidden = hidden;
      this.norm = norm;
      this.output = output;
    }

    double[][] output() {
      return output;
    }
  }

  Pass forwardPass(double[][] inputs) {
    int n = inputs.length;
    for (double[] row : inputs) {
      if (row.length != inputDims) {
        throw new IllegalArgumentException(
            "head takes " + inputDims + "-d inputs, got a " + row.length + "-d row");
      }
    }
    double[][] pre = null;
    double[][] hidden = null;
    double[][] z;
    if (architecture == HeadArchitecture.LINEAR) {
      z = affine(inputs, params[0], params[1], outputDims, inputDims);
    } else {
      pre = affine(inputs, params[0], params[1], hiddenDims, inputDims);
      hidden = new double[n][hiddenDims];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < hiddenDims; j++) {
          hidden[i][j] = Math.max(pre[i][j], 0);
        }
      }
      z = affine(hidden, params[2], params[3], outputDims, hiddenDims);
    }
    double[] norm = new double[n];
    double[][] y = new double[n][];
    for (int i = 0; i < n; i++) {
      norm[i] = Math.sqrt(dot(z[i], 0, z[i], 0, outputDims));
      if (!(norm[i] > 0) || !Double.isFinite(norm[i])) {
        throw new IllegalStateException(
            "head output of row " + i + " has norm " + norm[i] + "; cannot normalize it (has training diverged?)");
      }
      y[i] = z[i];
      for (int j = 0; j < outputDims; j++) {
        y[i][j] /= norm[i];
      }
    }
    return new Pass(inputs, pre, hidden, norm, y);
  }

  /**
   * Gradients of a scalar objective with respect to every parameter, given its gradient with
   * respect to the unit outputs of {@code pass}; same layout as {@link #parameters()}.
   */
  double[][] backward(Pass pass, double[][] outputGradient) {
    int n = pass.output.length;
    // Through the L2 normalization y = z / |z|: dz = (dy - y (y . dy)) / |z|.
    double[][] dz = new double[n][outputDims];
    for (int i = 0; i < n; i++) {
      double[] y = pass.output[i];
      double[] dy = outputGradient[i];
      double yDotDy = dot(y, 0, dy, 0, outputDims);
      for (int j = 0; j < outputDims; j++) {
        dz[i][j] = (dy[j] - y[j] * yDotDy) / pass.norm[i];
      }
    }
    if (architecture == HeadArchitecture.LINEAR) {
      double[] dw = new double[outputDims * inputDims];
      double[] db = new double[outputDims];
      accumulateAffine(dz, pass.input, dw, db, outputDims, inputDims);
      return new double[][] {dw, db};
    }
    double[] dw2 = new double[outputDims * hiddenDims];
    double[] db2 = new double[outputDims];
    accumulateAffine(dz, pass.hidden, dw2, db2, outputDims, hiddenDims);
    // dh = dz W2, then through the ReLU.
    double[] w2 = params[2];
    double[][] dpre = new double[n][hiddenDims];
    for (int i = 0; i < n; i++) {
      double[] dh = dpre[i];
      for (int r = 0; r < outputDims; r++) {
        double g = dz[i][r];
        if (g != 0) {
          int off = r * hiddenDims;
          for (int c = 0; c < hiddenDims; c++) {
            dh[c] += g * w2[off + c];
          }
        }
      }
      double[] pre = pass.preActivation[i];
      for (int c = 0; c < hiddenDims; c++) {
        if (pre[c] <= 0) {
          dh[c] = 0;
        }
      }
    }
    double[] dw1 = new double[hiddenDims * inputDims];
    double[] db1 = new double[hiddenDims];
    accumulateAffine(dpre, pass.input, dw1, db1, hiddenDims, inputDims);
    return new double[][] {dw1, db1, dw2, db2};
  }

  /** {@code x W^T + b} for a batch: rows of {@code cols} in, rows of {@code rows} out. */
  private static double[][] affine(double[][] x, double[] w, double[] b, int rows, int cols) {
    double[][] out = new double[x.length][rows];
    for (int i = 0; i < x.length; i++) {
      double[] xi = x[i];
      double[] oi = out[i];
      for (int r = 0; r < rows; r++) {
        oi[r] = b[r] + dot(w, r * cols, xi, 0, cols);
      }
    }
    return out;
  }

  /** {@code dW += dOut^T x}, {@code db += sum of dOut rows}. */
  private static void accumulateAffine(double[][] dOut, double[][] x, double[] dw, double[] db, int rows, int cols) {
    for (int i = 0; i < dOut.length; i++) {
      double[] xi = x[i];
      for (int r = 0; r < rows; r++) {
        double g = dOut[i][r];
        if (g == 0) {
          continue;
        }
        db[r] += g;
        int off = r * cols;
        for (int c = 0; c < cols; c++) {
          dw[off + c] += g * xi[c];
        }
      }
    }
  }

  static double dot(double[] a, int offA, double[] b, int offB, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += a[offA + i] * b[offB + i];
    }
    return s;
  }

  /** Scales {@code v} to unit length; refuses a zero or non-finite vector, naming {@code what}. */
  static void normalizeInPlace(double[] v, String what) {
    double norm = Math.sqrt(dot(v, 0, v, 0, v.length));
    if (!(norm > 0) || !Double.isFinite(norm)) {
      throw new IllegalArgumentException("cannot normalize a " + v.length + "-d " + what + " of norm " + norm);
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= norm;
    }
  }

  @Override
  public String toString() {
    return "EmbeddingHead[" + architecture + " " + inputDims + " -> "
        + (hiddenDims > 0 ? hiddenDims + " -> " : "") + outputDims + ", " + parameterCount() + " parameters]";
  }

  /** Whether both heads have the same shape and exactly the same parameters. */
  boolean sameAs(EmbeddingHead other) {
    return architecture == other.architecture && inputDims == other.inputDims && outputDims == other.outputDims
        && Arrays.deepEquals(params, other.params);
  }
}
