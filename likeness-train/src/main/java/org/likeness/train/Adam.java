package org.likeness.train;

/**
 * The Adam optimizer (Kingma and Ba, 2015) with bias correction, updating a list of parameter
 * tensors in place.
 *
 * @param learningRate step size
 * @param beta1 decay of the first-moment estimate
 * @param beta2 decay of the second-moment estimate
 * @param epsilon added to the root of the second moment
 */
public record Adam(double learningRate, double beta1, double beta2, double epsilon) {
  public Adam {
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be positive and finite, got " + learningRate);
    }
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + beta1 + " and " + beta2);
    }
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("Adam epsilon must be positive, got " + epsilon);
    }
  }

  /** Adam with the paper's defaults (0.9, 0.999, 1e-8) and the given learning rate. */
  public static Adam withLearningRate(double learningRate) {
    return new Adam(learningRate, 0.9, 0.999, 1e-8);
  }

  /** The optimizer's moving state for one set of parameters. */
  final class State {
    private final double[][] m;
    private final double[][] v;
    private int step;

    State(double[][] params) {
      m = new double[params.length][];
      v = new double[params.length][];
      for (int t = 0; t < params.length; t++) {
        m[t] = new double[params[t].length];
        v[t] = new double[params[t].length];
      }
    }

    /** One update of {@code params} against {@code grads} (same layout). */
    void update(double[][] params, double[][] grads) {
      step++;
      double c1 = 1 - Math.pow(beta1, step);
      double c2 = 1 - Math.pow(beta2, step);
      for (int t = 0; t < params.length; t++) {
        double[] p = params[t];
        double[] g = grads[t];
        double[] mt = m[t];
        double[] vt = v[t];
        for (int i = 0; i < p.length; i++) {
          mt[i] = beta1 * mt[i] + (1 - beta1) * g[i];
          vt[i] = beta2 * vt[i] + (1 - beta2) * g[i] * g[i];
          p[i] -= learningRate * (mt[i] / c1) / (Math.sqrt(vt[i] / c2) + epsilon);
        }
      }
    }
  }

  State start(double[][] params) {
    return new State(params);
  }
}
