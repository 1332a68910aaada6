package org.likeness.gallery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import org.likeness.detect.Box;
import org.likeness.embed.Embedding;
import org.likeness.embed.ModelId;

/** Synthetic embeddings, models and templates for gallery tests; everything derives from a seed. */
public final class TestVectors {
  public static final ModelId DLIB = model("dlib-resnet-128");
  public static final ModelId FACEPLUGIN = model("faceplugin-512");

  private TestVectors() {}

  /** A model id whose SHA-256 is the hash of its name, stable across runs. */
  public static ModelId model(String name) {
    return new ModelId(name, sha256(name));
  }

  public static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A uniformly random direction. */
  public static float[] randomUnit(Random random, int dim) {
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return normalize(v);
  }

  /**
   * {@code v} plus Gaussian noise of {@code sigma} per component, renormalized: a second photo of
   * the same face. With 128 dimensions, sigma 0.06 gives a cosine of about 0.83 to {@code v}.
   */
  public static float[] noisyCopy(Random random, float[] v, double sigma) {
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] + (float) (random.nextGaussian() * sigma);
    }
    return normalize(out);
  }

  /** Scales {@code v} to unit length in place and returns it. */
  public static float[] normalize(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += (double) x * x;
    }
    float inv = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }

  public static Embedding embedding(float[] v, ModelId model) {
    return new Embedding(v, model);
  }

  /** A template of {@code vector} from an image whose bytes are {@code imageName}. */
  public static Template template(float[] vector, ModelId model, String imageName) {
    return new Template(
        new Embedding(vector, model),
        sha256(imageName),
        new Box(10, 20, 110, 140),
        0.97f,
        Instant.parse("2025-11-28T09:15:30.123456789Z"));
  }
}
