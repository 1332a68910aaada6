package org.likeness.restore;

import java.util.Locale;
import org.likeness.image.RgbImage;
import org.likeness.quality.FaceQuality;

/**
 * What is done to an aligned chip before it is embedded, by the face's measured quality (never by
 * knowing how the photo was taken): a face darker than {@code brightenBelowExposure} is lightly
 * denoised and brought to {@code targetExposure} by a gamma curve; a face softer than {@code
 * sharpenBelowSharpness} is sharpened by an unsharp mask. A face that triggers neither is embedded
 * as it is, so clean photos are not changed. Enrollment and probe photos go through the same steps.
 *
 * @param brightenBelowExposure mean face luma (0..255, {@link FaceQuality#exposure()}) under which a
 *     face is brightened; 0 turns brightening off
 * @param targetExposure the mean face luma the gamma curve aims at, above {@code
 *     brightenBelowExposure}
 * @param denoiseSigma112 sigma, in pixels of a 112 px chip, of the Gaussian blur applied to a dim face
 *     before it is brightened (the gamma curve amplifies its noise); 0 for none
 * @param sharpenBelowSharpness {@link FaceQuality#sharpness()} under which a face is sharpened; 0
 *     turns sharpening off
 * @param sharpenAmount how much of the detail (chip minus its blur) is added back
 * @param sharpenSigma112 sigma, in pixels of a 112 px chip, of the unsharp mask's blur
 */
public record ChipRestoration(
    double brightenBelowExposure,
    double targetExposure,
    double denoiseSigma112,
    double sharpenBelowSharpness,
    double sharpenAmount,
    double sharpenSigma112) {

  /** Chips are embedded as aligned. */
  public static final ChipRestoration NONE = new ChipRestoration(0, 0, 0, 0, 0, 0);

  /** The chip size the sigmas are given for; larger chips scale them. */
  static final int REFERENCE_SIZE = 112;

  /** The strongest brightening: a gamma under this would turn the darkest faces' noise into texture. */
  static final double MIN_GAMMA = 0.35;

  public ChipRestoration {
    double[] all = {brightenBelowExposure, targetExposure, denoiseSigma112, sharpenBelowSharpness, sharpenAmount,
        sharpenSigma112};
    for (double v : all) {
      if (!Double.isFinite(v) || v < 0) {
        throw new IllegalArgumentException(
            "chip restoration settings must be finite and not negative, got " + java.util.Arrays.toString(all));
      }
    }
    if (brightenBelowExposure > 0 && !(targetExposure > brightenBelowExposure && targetExposure < 255)) {
      throw new IllegalArgumentException("target exposure " + targetExposure + " must lie above the brightening bound "
          + brightenBelowExposure + " and under 255");
    }
    if (sharpenBelowSharpness > 0 && (sharpenAmount == 0 || sharpenSigma112 == 0)) {
      throw new IllegalArgumentException("sharpening below " + sharpenBelowSharpness
          + " needs a positive amount and sigma, got " + sharpenAmount + " and " + sharpenSigma112);
    }
  }

  /** Whether {@code q}'s face is brightened. */
  public boolean brightens(FaceQuality q) {
    return q.exposure() < brightenBelowExposure;
  }

  /** Whether {@code q}'s face is sharpened. */
  public boolean sharpens(FaceQuality q) {
    return q.sharpness() < sharpenBelowSharpness;
  }

  /** Whether anything is done to {@code q}'s face. */
  public boolean changes(FaceQuality q) {
    return brightens(q) || sharpens(q);
  }

  /**
   * The chip to embed for a face of quality {@code q}: {@code chip} itself when nothing is to be
   * done, else a restored copy.
   */
  public RgbImage apply(RgbImage chip, FaceQuality q) {
    RgbImage out = chip;
    double scale = (double) chip.width() / REFERENCE_SIZE;
    if (brightens(q)) {
      if (denoiseSigma112 > 0) {
        out = ChipFilters.gaussian(out, denoiseSigma112 * scale);
      }
      out = ChipFilters.gamma(out, gamma(q.exposure()));
    }
    if (sharpens(q)) {
      out = ChipFilters.unsharp(out, sharpenSigma112 * scale, sharpenAmount);
    }
    return out;
  }

  /**
   * The gamma that maps a mean luma of {@code exposure} onto {@code targetExposure}, (x/255)^gamma,
   * no stronger than {@link #MIN_GAMMA}.
   */
  double gamma(double exposure) {
    double mean = Math.max(1, exposure) / 255;
    return Math.max(MIN_GAMMA, Math.log(targetExposure / 255) / Math.log(mean));
  }

  /** A short name of these settings, for caches of embeddings to key on. */
  public String label() {
    if (equals(NONE)) {
      return "raw";
    }
    return String.format(Locale.ROOT, "b%.0f-%.0f-d%.2f-s%.2f-%.2f-%.2f", brightenBelowExposure, targetExposure,
        denoiseSigma112, sharpenBelowSharpness, sharpenAmount, sharpenSigma112);
  }

  /**
   * Settings from {@code brighten=BELOW:TARGET,denoise=SIGMA,sharpen=BELOW:AMOUNT:SIGMA} (any part may be
   * left out, and is then off), or {@code none}.
   */
  public static ChipRestoration parse(String s) {
    if (s.equals("none")) {
      return NONE;
    }
    double[] v = new double[6];
    for (String part : s.split(",")) {
      String[] kv = part.split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("chip restoration part '" + part + "' is not NAME=VALUES in '" + s + "'");
      }
      String[] n = kv[1].split(":");
      try {
        switch (kv[0]) {
          case "brighten" -> {
            requireCount(part, n, 2);
            v[0] = Double.parseDouble(n[0]);
            v[1] = Double.parseDouble(n[1]);
          }
          case "denoise" -> {
            requireCount(part, n, 1);
            v[2] = Double.parseDouble(n[0]);
          }
          case "sharpen" -> {
            requireCount(part, n, 3);
            v[3] = Double.parseDouble(n[0]);
            v[4] = Double.parseDouble(n[1]);
            v[5] = Double.parseDouble(n[2]);
          }
          default -> throw new IllegalArgumentException(
              "unknown chip restoration '" + kv[0] + "' in '" + s + "'; known: brighten, denoise, sharpen");
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("chip restoration part '" + part + "' holds a value that is not a number");
      }
    }
    return new ChipRestoration(v[0], v[1], v[2], v[3], v[4], v[5]);
  }

  private static void requireCount(String part, String[] values, int n) {
    if (values.length != n) {
      throw new IllegalArgumentException("chip restoration part '" + part + "' needs " + n + " values, got "
          + values.length);
    }
  }
}
