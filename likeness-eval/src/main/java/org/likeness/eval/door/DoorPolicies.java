package org.likeness.eval.door;

import java.util.List;
import org.likeness.engine.Likeness;

/** The policies the door benchmark compares: how Likeness decided before the door work, and now. */
public final class DoorPolicies {
  private DoorPolicies() {}

  public static List<OpenSetPolicy> forModel(Likeness engine) {
    return List.of(new FixedThreshold(engine.thresholds()), new ShippedDecision(engine));
  }
}
