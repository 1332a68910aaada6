package org.likeness.models;

import java.util.Locale;
import java.util.Optional;
import org.likeness.error.BadInputException;

/**
 * How a model decides, for both questions a door asks. Verification (1:1, "is this the claimed
 * person?") compares one pair, so a pair threshold applies as it is. Identification (1:K, "who is
 * this?") compares a stranger with every enrolled person, so a pair false-accept rate {@code f}
 * lets in about {@code K * f} of strangers; by default the identify threshold is therefore the
 * calibrated one for a pair rate of {@link #STRANGER_RATE} / K, and it tightens as the gallery grows.
 *
 * @param spec the model
 * @param explicit a distance the user gave ({@code --max-distance}); it wins for both questions
 * @param far a pair false-accept rate the user chose ({@code --far}); it wins for both questions
 * @param calibration the model's active calibration, if any
 */
public record Thresholds(ModelSpec spec, Optional<Double> explicit, Optional<Double> far, Optional<Calibration> calibration) {
  /** The share of strangers an identify decision may let in by default: 1 in 100. */
  public static final double STRANGER_RATE = 0.01;

  public Thresholds {
    if (far.isPresent()) {
      // Fail at start, not at the first decision, when the rate was never calibrated.
      calibration
          .orElseThrow(() -> new BadInputException(
              "model " + spec.name() + " has no calibration; run: likeness calibrate --model " + spec.name()))
          .at(far.get());
    }
  }

  /** The threshold for a 1:1 decision. */
  public DecisionThreshold verify() {
    if (explicit.isPresent()) {
      return new DecisionThreshold(explicit.get(), Optional.empty(), "--max-distance");
    }
    if (far.isPresent()) {
      Calibration.Point p = calibration.orElseThrow().at(far.get());
      return new DecisionThreshold(p.maxDistance(), Optional.of(p.far()), calibration.get().source());
    }
    return new DecisionThreshold(spec.maxDistance(), Optional.empty(), "best accuracy on " + spec.calibration());
  }

  /** The threshold for a 1:K decision against a gallery of {@code people} people. */
  public DecisionThreshold identify(int people) {
    if (explicit.isPresent() || far.isPresent() || calibration.isEmpty()) {
      return verify();
    }
    Calibration c = calibration.get();
    double wanted = STRANGER_RATE / Math.max(1, people);
    Calibration.Point p = c.strictestWithin(wanted);
    String why = p.far() <= wanted
        ? String.format(Locale.ROOT, "%s; open set: pair FAR %.1e so that at most %.0f%% of strangers match one of %d people",
            c.source(), p.far(), 100 * STRANGER_RATE, people)
        : String.format(Locale.ROOT, "%s; open set: %d people need pair FAR %.1e but the calibration reaches only %.1e,"
            + " so up to %.1f%% of strangers may match: calibrate on more pairs", c.source(), people, wanted, p.far(),
            100 * Math.min(1, p.far() * people));
    return new DecisionThreshold(p.maxDistance(), Optional.of(p.far()), why);
  }
}
