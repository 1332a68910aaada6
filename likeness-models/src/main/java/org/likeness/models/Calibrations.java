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
import org.likeness.pipeline.PipelineOptions;

/**
 * Finds the calibration for a model: the user's own (written by {@code likeness calibrate} into
 * {@code <models dir>/calibration/}) wins over the one shipped in the jar, which was measured on LFW
 * {@code pairsDevTrain.txt}. A calibration made with other weights is refused.
 *
 * <p>A model has one calibration for each state of the flip trick, since its distances differ with
 * it: {@code NAME.json} with flip on, {@code NAME.no-flip.json} with flip off. A file whose own
 * {@code flip} says otherwise is refused, never used for the other state.
 */
public final class Calibrations {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ModelStore store;

  public Calibrations(ModelStore store) {
    this.store = store;
  }

  /** The file name of {@code spec}'s calibration with the flip trick {@code flip}. */
  public static String fileName(ModelSpec spec, boolean flip) {
    return spec.name() + (flip ? "" : ".no-flip") + ".json";
  }

  public Path userFile(ModelSpec spec, boolean flip) {
    return store.dir().resolve("calibration").resolve(fileName(spec, flip));
  }

  /** The active calibration for {@code spec} embedded with the flip trick {@code flip}, if any. */
  public Optional<Calibration> find(ModelSpec spec, boolean flip) {
    Path user = userFile(spec, flip);
    if (Files.isRegularFile(user)) {
      return Optional.of(checked(spec, flip, read(user), user.toString()));
    }
    Path older = userFile(spec, true);
    if (!flip && Files.isRegularFile(older)) {
      // Before flip-off calibrations had their own file, `likeness calibrate --no-flip` wrote NAME.json:
      // the user's own flip-off calibration must not be passed over for the shipped one.
      if (!read(older).flip()) {
        throw new BadInputException("calibration " + older + " was made with the flip trick off; move it to "
            + user + " to use it with --no-flip");
      }
    }
    String resource = "calibration/" + fileName(spec, flip);
    try (InputStream in = Calibrations.class.getResourceAsStream(resource)) {
      if (in == null) {
        return Optional.empty();
      }
      return Optional.of(checked(spec, flip, JSON.readValue(in, Calibration.class), "shipped " + resource));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read shipped calibration " + resource, e);
    }
  }

  /**
   * How {@code spec}, embedded as {@code options} say, decides: {@code explicit} if given, else the
   * calibrated threshold for {@code far}, else the calibration's defaults (see {@link Thresholds}).
   * The calibration is the one for the flip state faces are embedded with: the flip trick asked for,
   * and a model that makes unit vectors (as {@code FacePipeline} embeds).
   */
  public Thresholds thresholds(
      ModelSpec spec, PipelineOptions options, Optional<Double> explicit, Optional<Double> far) {
    return new Thresholds(spec, explicit, far, find(spec, options.flip() && spec.unitLength()));
  }

  /** The 1:1 threshold: {@code thresholds(spec, options, explicit, far).verify()}. */
  public DecisionThreshold threshold(
      ModelSpec spec, PipelineOptions options, Optional<Double> explicit, Optional<Double> far) {
    return thresholds(spec, options, explicit, far).verify();
  }

  /** Writes {@code c} as the user's calibration of {@code spec} for the flip state it was made with. */
  public void save(Calibration c, ModelSpec spec) throws IOException {
    Path f = userFile(spec, c.flip());
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

  private static Calibration checked(ModelSpec spec, boolean flip, Calibration c, String where) {
    if (!c.model().equals(spec.name()) || !c.modelSha256().equals(spec.sha256())) {
      throw new BadInputException(
          "calibration " + where + " was made for " + c.model() + "@" + c.modelSha256().substring(0, 12)
              + " but the model is " + spec.name() + "@" + spec.sha256().substring(0, 12) + "; recalibrate");
    }
    if (c.flip() != flip) {
      throw new BadInputException("calibration " + where + " was made with the flip trick " + onOff(c.flip())
          + " but faces are embedded with it " + onOff(flip) + "; a calibration with flip " + onOff(c.flip())
          + " belongs in " + fileName(spec, c.flip()) + ", or recalibrate: likeness calibrate --model "
          + spec.name() + (flip ? "" : " --no-flip"));
    }
    return c;
  }

  private static String onOff(boolean on) {
    return on ? "on" : "off";
  }
}
