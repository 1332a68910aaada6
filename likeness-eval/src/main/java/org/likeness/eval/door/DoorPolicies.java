package org.likeness.eval.door;

import java.util.ArrayList;
import java.util.List;
import org.likeness.engine.Likeness;
import org.likeness.quality.QualityFloor;

/** The policies the door benchmark compares: how Likeness decided before the door work, and now. */
public final class DoorPolicies {
  private DoorPolicies() {}

  public static List<OpenSetPolicy> forModel(Likeness engine) {
    return List.of(new FixedThreshold(engine.thresholds()), new ShippedDecision(engine));
  }

  /**
   * The two policies, and the shipped one again with each quality floor of {@code floors} instead of
   * the engine's (labelled by the floor's changes): how a floor bound is chosen on DevTrain.
   */
  public static DoorBenchmark.Policies withFloors(List<String> floors) {
    return engine -> {
      List<OpenSetPolicy> all = new ArrayList<>(forModel(engine));
      for (String f : floors) {
        all.add(new ShippedDecision(engine, "shipped " + f, floor(engine.qualityFloor(), f)));
      }
      return all;
    };
  }

  /**
   * {@code base} with the bounds {@code min-width=PX+min-sharpness=S+min-exposure=L+min-contrast=C}
   * (any of them) changed.
   */
  static QualityFloor floor(QualityFloor base, String changes) {
    QualityFloor f = base;
    for (String part : changes.split("\\+")) {
      String[] kv = part.split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("floor change '" + part + "' is not NAME=VALUE in '" + changes + "'");
      }
      double v;
      try {
        v = Double.parseDouble(kv[1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("floor change '" + part + "' has a value that is not a number");
      }
      f = switch (kv[0]) {
        case "min-width" -> f.withMinFaceWidthPx(v);
        case "min-sharpness" -> new QualityFloor(f.minFaceWidthPx(), v, f.minExposure(), f.maxExposure(),
            f.minContrast(), f.maxAbsYawDegrees(), f.maxAbsPitchDegrees(), f.minDetectorScore());
        case "min-exposure" -> new QualityFloor(f.minFaceWidthPx(), f.minSharpness(), v, f.maxExposure(),
            f.minContrast(), f.maxAbsYawDegrees(), f.maxAbsPitchDegrees(), f.minDetectorScore());
        case "min-contrast" -> new QualityFloor(f.minFaceWidthPx(), f.minSharpness(), f.minExposure(),
            f.maxExposure(), v, f.maxAbsYawDegrees(), f.maxAbsPitchDegrees(), f.minDetectorScore());
        default -> throw new IllegalArgumentException("unknown floor bound '" + kv[0]
            + "'; known: min-width, min-sharpness, min-exposure, min-contrast");
      };
    }
    return f;
  }
}
