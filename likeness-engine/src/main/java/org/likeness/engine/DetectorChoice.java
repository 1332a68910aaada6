package org.likeness.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.likeness.error.BadInputException;

/**
 * Which face detector a pipeline runs, chosen explicitly (the CLI's {@code --detector}): each
 * constant says which catalog networks it loads and whether it locates the five alignment points
 * itself.
 */
public enum DetectorChoice {
  /**
   * faceplugin's UltraFace-style detector at 320x240 on every photo, then faceplugin's 68-point
   * landmark network (the default until 5 December).
   */
  ULTRAFACE(false),
  /**
   * The same detector at two scales, the default: each photo is searched at 160x120 first, and again
   * at 320x240 unless one face was found there, at least {@link Models#TWO_SCALE_MIN_FACE} pixels
   * each way (see {@link org.likeness.detect.TwoScaleDetector}). About 3.5x less detector work on
   * one near face; photos of small faces or of several are answered at 320x240
   * (docs/performance.md, "Two-scale detection").
   */
  ULTRAFACE_TWO_SCALE(false),
  /**
   * The 320x240 detector rewritten to int8 by Likeness ({@code faceplugin-detect-int8}: QDQ,
   * QLinearConv), then faceplugin's landmark network.
   */
  ULTRAFACE_INT8(false),
  /** The MTCNN cascade (P-, R- and O-Net), which gives the five points itself. */
  MTCNN(true);

  /** The detector used when none is named. */
  public static final DetectorChoice DEFAULT = ULTRAFACE_TWO_SCALE;

  private final boolean givesLandmarks;

  DetectorChoice(boolean givesLandmarks) {
    this.givesLandmarks = givesLandmarks;
  }

  /** Whether the detector locates the five points itself, so no landmark network is loaded. */
  public boolean givesLandmarks() {
    return givesLandmarks;
  }

  /** The name used on the command line, e.g. {@code mtcnn} or {@code ultraface-int8}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The choice named {@code name} (any case); the error names the value and the valid ones. */
  public static DetectorChoice parse(String name) {
    for (DetectorChoice c : values()) {
      if (c.cliName().equalsIgnoreCase(name)) {
        return c;
      }
    }
    throw new BadInputException(
        "unknown detector '" + name + "'; choose one of "
            + Arrays.stream(values()).map(DetectorChoice::cliName).collect(Collectors.joining(", ")));
  }
}
