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
   * How {@code spec} decides: {@code explicit} if given, else the calibrated threshold for {@code
   * far}, else the calibration's defaults (see {@link Thresholds}).
   */
  public Thresholds thresholds(ModelSpec spec, Optional<Double> explicit, Optional<Double> far) {
    return new Thresholds(spec, explicit, far, find(spec));
  }

  /** The 1:1 threshold: {@code thresholds(spec, explicit, far).verify()}. */
  public DecisionThreshold threshold(ModelSpec spec, Optional<Double> explicit, Optional<Double> far) {
    return thresholds(spec, explicit, far).verify();
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
