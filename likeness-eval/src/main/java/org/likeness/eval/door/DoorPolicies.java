package org.likeness.eval.door;

import java.util.List;
import org.likeness.engine.Likeness;

/** The open-set policies the door benchmark compares: what Likeness did before, and what it does now. */
public final class DoorPolicies {
  private DoorPolicies() {}

  public static List<OpenSetPolicy> forModel(Likeness engine) {
    return List.of(new FixedThreshold(engine.thresholds()));
  }
}
