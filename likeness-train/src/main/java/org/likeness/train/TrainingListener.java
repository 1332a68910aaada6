package org.likeness.train;

/** Hears how training goes, for progress bars and logs; the default methods ignore everything. */
public interface TrainingListener {
  /** After each optimizer step. */
  default void onStep(int epoch, int step, int stepsPerEpoch, TripletObjective.Value batch) {}

  /** After each epoch. */
  default void onEpoch(EpochStats stats) {}

  /** A listener that ignores everything. */
  static TrainingListener none() {
    return new TrainingListener() {};
  }
}
