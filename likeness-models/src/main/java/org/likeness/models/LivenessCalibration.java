package org.likeness.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.likeness.liveness.LivenessThreshold;

/**
 * A presentation-attack model's shipped operating point, chosen on development sets only (see
 * {@code likeness evaluate liveness --calibrate}) and refused for other weights.
 *
 * @param model the model id
 * @param modelSha256 the weights it was measured with
 * @param maxAttackScore the threshold: a score at or above it is an attack
 * @param gate whether the check refuses faces by default; true only when, at this threshold, the
 *     sets not used to choose showed APCER <= 10% and BPCER <= 10%, and live LFW photos BPCER <= 10%
 * @param bpcer the share of live faces refused at the threshold on the development sets
 * @param apcer the share of attacks accepted at the threshold on the development sets
 * @param chosenOn how and on what the threshold was chosen
 */
public record LivenessCalibration(String model, String modelSha256, double maxAttackScore, boolean gate,
    double bpcer, double apcer, String chosenOn) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public LivenessCalibration {
    if (model == null || modelSha256 == null || chosenOn == null) {
      throw new IllegalArgumentException("incomplete liveness calibration for " + model);
    }
    if (!Double.isFinite(maxAttackScore)) {
      throw new IllegalArgumentException("liveness calibration of " + model + " has threshold " + maxAttackScore);
    }
  }

  /** The threshold this calibration ships. */
  public LivenessThreshold threshold() {
    return new LivenessThreshold(maxAttackScore, gate, chosenOn);
  }

  /** The calibration shipped in the jar for {@code spec}, if any; one made for other weights is refused. */
  public static Optional<LivenessCalibration> shipped(ModelSpec spec) {
    String resource = "liveness/" + spec.name() + ".json";
    try (InputStream in = LivenessCalibration.class.getResourceAsStream(resource)) {
      if (in == null) {
        return Optional.empty();
      }
      LivenessCalibration c = JSON.readValue(in, LivenessCalibration.class);
      if (!c.model().equals(spec.name()) || !c.modelSha256().equals(spec.sha256())) {
        throw new IllegalStateException("shipped liveness calibration " + resource + " was made for " + c.model()
            + "@" + c.modelSha256().substring(0, 12) + " but the model is " + spec.name() + "@"
            + spec.sha256().substring(0, 12));
      }
      return Optional.of(c);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read shipped liveness calibration " + resource, e);
    }
  }

  /** This calibration as JSON, for the resource file. */
  public String toJson() {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
