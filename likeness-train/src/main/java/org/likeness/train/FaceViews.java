package org.likeness.train;

/**
 * The raw backbone outputs for one photo's chosen face: the aligned chip, and its mirror image when
 * the flip trick is on. Kept apart (not summed) so a head can be trained on each view and applied
 * to each view, as {@link HeadEmbedder} is at run time.
 *
 * @param raw one or two raw output vectors of equal length
 */
public record FaceViews(float[][] raw) {
  public FaceViews {
    if (raw == null || raw.length == 0 || raw.length > 2) {
      throw new IllegalArgumentException("a face has one or two views, got " + (raw == null ? "none" : raw.length));
    }
    for (float[] v : raw) {
      if (v.length != raw[0].length) {
        throw new IllegalArgumentException("views differ in size: " + raw[0].length + " and " + v.length);
      }
    }
  }

  public int dimensions() {
    return raw[0].length;
  }

  /** Each view L2-normalized: the backbone's own embedding of that view, the head's input. */
  public double[][] unitViews() {
    double[][] out = new double[raw.length][];
    for (int i = 0; i < raw.length; i++) {
      out[i] = new double[raw[i].length];
      for (int j = 0; j < raw[i].length; j++) {
        out[i][j] = raw[i][j];
      }
      EmbeddingHead.normalizeInPlace(out[i], "backbone output");
    }
    return out;
  }

  /** What the pipeline makes from the bare backbone: the raw views summed, then normalized. */
  public float[] backboneEmbedding() {
    double[] sum = new double[dimensions()];
    for (float[] v : raw) {
      for (int j = 0; j < sum.length; j++) {
        sum[j] += v[j];
      }
    }
    return toUnitFloat(sum);
  }

  /** What the pipeline makes through {@link HeadEmbedder}: each view through the head, summed, normalized. */
  public float[] headEmbedding(EmbeddingHead head) {
    double[] sum = new double[head.outputDims()];
    for (float[] v : raw) {
      float[] y = head.apply(v);
      for (int j = 0; j < sum.length; j++) {
        sum[j] += y[j];
      }
    }
    return toUnitFloat(sum);
  }

  private static float[] toUnitFloat(double[] v) {
    EmbeddingHead.normalizeInPlace(v, "summed embedding");
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) v[i];
    }
    return out;
  }
}
