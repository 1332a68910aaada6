package org.likeness.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.likeness.error.BadInputException;

/**
 * Finds the calibration for a model: the user's own (written by {@code likeness calibrate} into
 * {@code <models dir>/calibration/}) wins over the one shipped in the jar, which was measured on LFW
 * {@code pairsDevTrain.txt}. A calibration made with other weights is refused.
 */
public final class Calibrations {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ModelStore store;

  public Calibrations(ModelStore store) {
    this.store = store;
  }

  public Path userFile(ModelSpec spec) {
    return store.dir().resolve("calibration").resolve(spec.name() + ".json");
  }

  /** The active calibration for {@code spec}, if any. */
  public Optional<Calibration> find(ModelSpec spec) {
    Path user = userFile(spec);
    if (Files.isRegularFile(user)) {
      return Optional.of(checked(spec, read(user), user.toString()));
    }
    String resource = "calibration/" + spec.name() + ".json";
    try (InputStream in = Calibrations.class.getResourceAsStream(resource)) {
      if (in == null) {
        return Optional.empty();
      }
      return Optional.of(checked(spec, JSON.readValue(in, Calibration.class), "shipped " + resource));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read shipped calibration " + resource, e);
    }
  }

  /**
   * The threshold for a decision: {@code explicit} if given, else the calibrated one for {@code
   * far}, else the model's best-accuracy default.
   */
  public DecisionThreshold threshold(ModelSpec spec, Optional<Double> explicit, Optional<Double> far) {
    if (explicit.isPresent()) {
      return new DecisionThreshold(explicit.get(), Optional.empty(), "--max-distance");
    }
    if (far.isPresent()) {
      Calibration c = find(spec).orElseThrow(() -> new BadInputException(
          "model " + spec.name() + " has no calibration; run: likeness calibrate --model " + spec.name()));
      Calibration.Point p = c.at(far.get());
      return new DecisionThreshold(p.maxDistance(), Optional.of(p.far()), c.source());
    }
    return new DecisionThreshold(spec.maxDistance(), Optional.empty(), "best accuracy on " + spec.calibration());
  }

  public void save(Calibration c, ModelSpec spec) throws IOException {
    Path f = userFile(spec);
    Files.createDirectories(f.getParent());
    ModelFetcher.writeAtomically(f, JSON.writeValueAsBytes(c));
  }

  public static String toJson(Calibration c) {
    try {
      return JSON.writeValueAsString(c);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Calibration read(Path f) {
    try {
      return JSON.readValue(f.toFile(), Calibration.class);
    } catch (IOException e) {
      throw new BadInputException("calibration file " + f + " is unreadable: " + e.getMessage(), e);
    }
  }

  private static Calibration checked(ModelSpec spec, Calibration c, String where) {
    if (!c.model().equals(spec.name()) || !c.modelSha256().equals(spec.sha256())) {
      throw new BadInputException(
          "calibration " + where + " was made for " + c.model() + "@" + c.modelSha256().substring(0, 12)
              + " but the model is " + spec.name() + "@" + spec.sha256().substring(0, 12) + "; recalibrate");
    }
    return c;
  }
}
