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
 * @param calibration the model's active calibration, if any, for the flip state faces are embedded with
 */
public record Thresholds(ModelSpec spec, Optional<Double> explicit, Optional<Double> far, Optional<Calibration> calibration) {
  /** The share of strangers an identify decision may let in by default: 1 in 100. */
  public static final double STRANGER_RATE = 0.01;

  /**
   * How far a gallery's strangers may sit closer together than the calibration's before the
   * thresholds follow them, as a share of the gap between the calibration's mean stranger distance
   * and its best-accuracy threshold (so one number serves every model's distance scale: 0.030 for
   * MobileFaceNet, 0.0055 for dlib). Chosen on LFW DevTrain door variants (likeness evaluate door
   * --split dev-train): MobileFaceNet galleries enrolled from tight, 40 px, grey, dim and JPEG photos
   * sat up to 0.056 of that gap closer than clean LFW without letting more strangers in.
   */
  public static final double GALLERY_SHIFT_TOLERANCE = 0.07;

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
    if (calibration.isPresent() && !calibration.get().flip()) {
      // The catalog's maxDistance is the best-accuracy threshold with the flip trick on; without it the
      // same pairs put that threshold elsewhere (0.585 against 0.546 for MobileFaceNet on DevTrain).
      Calibration c = calibration.get();
      return new DecisionThreshold(c.bestAccuracyDistance(), Optional.empty(), "best accuracy on " + c.source()
          + ", flip off");
    }
    return new DecisionThreshold(spec.maxDistance(), Optional.empty(), "best accuracy on " + spec.calibration());
  }

  /**
   * The threshold for a 1:K decision against a gallery of {@code people} people with one template
   * each; see {@link #identify(GalleryStatistics)}.
   */
  public DecisionThreshold identify(int people) {
    return identify(GalleryStatistics.ofPeople(people));
  }

  /**
   * The threshold for a 1:K decision against {@code gallery}: the calibrated one for a pair rate of
   * {@link #STRANGER_RATE} / templates, moved closer when the gallery's strangers sit closer together
   * than the calibration's (see the class comment). An explicit distance or rate wins unchanged.
   */
  public DecisionThreshold identify(GalleryStatistics gallery) {
    if (explicit.isPresent() || far.isPresent() || calibration.isEmpty()) {
      return verify();
    }
    Calibration c = calibration.get();
    int comparisons = Math.max(1, gallery.templates());
    double wanted = STRANGER_RATE / comparisons;
    // Between calibrated points the threshold is interpolated, so it stands for the wanted rate itself.
    Calibration.Point p = c.interpolated(wanted);
    String why = p.far() <= wanted * (1 + 1e-9)
        ? String.format(Locale.ROOT, "%s; open set: pair FAR %.1e so that at most %.0f%% of strangers match one of %d"
            + " templates (%d people)", c.source(), p.far(), 100 * STRANGER_RATE, comparisons, gallery.people())
        : String.format(Locale.ROOT, "%s; open set: %d templates need pair FAR %.1e but the calibration reaches only"
            + " %.1e, so up to %.1f%% of strangers may match: calibrate on more pairs", c.source(), comparisons, wanted,
            p.far(), 100 * Math.min(1, p.far() * comparisons));
    return shiftedFor(gallery, new DecisionThreshold(p.maxDistance(), Optional.of(p.far()), why));
  }

  /**
   * The threshold for a 1:1 decision against a person enrolled in {@code gallery}: {@link #verify()},
   * moved closer when the gallery's people sit closer together than the calibration's strangers.
   */
  public DecisionThreshold verify(GalleryStatistics gallery) {
    DecisionThreshold plain = verify();
    return explicit.isPresent() ? plain : shiftedFor(gallery, plain);
  }

  private DecisionThreshold shiftedFor(GalleryStatistics gallery, DecisionThreshold t) {
    if (gallery.strangerMeanDistance().isEmpty() || calibration.flatMap(Calibration::impostorMean).isEmpty()) {
      return t;
    }
    Calibration c = calibration.get();
    double closer = c.impostorMean().get() - gallery.strangerMeanDistance().get();
    double gap = c.impostorMean().get() - c.bestAccuracyDistance();
    double shift = closer - GALLERY_SHIFT_TOLERANCE * Math.max(0, gap);
    if (shift <= 0) {
      return t;
    }
    return new DecisionThreshold(Math.max(0, t.maxDistance() - shift), t.far(), t.source() + String.format(Locale.ROOT,
        "; the gallery's people are %.3f closer to each other than the calibration's strangers, so the threshold"
            + " moves %.3f closer", closer, shift));
  }
}
