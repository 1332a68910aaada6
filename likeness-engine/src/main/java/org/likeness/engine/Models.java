package org.likeness.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.likeness.detect.FaceDetector;
import org.likeness.detect.LandmarkDetector;
import org.likeness.detect.TwoScaleDetector;
import org.likeness.embed.FaceEmbedder;
import org.likeness.embed.FusedEmbedder;
import org.likeness.embed.PixelEmbedder;
import org.likeness.error.BadInputException;
import org.likeness.liveness.LivenessCheck;
import org.likeness.liveness.LivenessScorer;
import org.likeness.liveness.LivenessThreshold;
import org.likeness.models.LivenessCalibration;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelKind;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import org.likeness.onnx.HumanLivenessScorer;
import org.likeness.onnx.MtcnnFaceDetector;
import org.likeness.onnx.OnnxDtnLivenessScorer;
import org.likeness.onnx.OnnxFaceDetector;
import org.likeness.onnx.OnnxFaceEmbedder;
import org.likeness.onnx.OnnxLandmarkDetector;
import org.likeness.onnx.OrtSettings;

/** Builds the runtime stage for a catalog model from the verified files in a {@link ModelStore}. */
public final class Models {
  /**
   * The least width and height, in pixels of the 160x120 input, of the one face found there for the
   * two-scale detector to keep that answer rather than search again at 320x240 (48 px there is 96
   * px at 320x240). Chosen on the door benchmark's development split (dev-train): with 32 the door
   * photos' 92 px faces stood at 160x120 and open-set identification lost up to two staff probes in
   * a gallery of 20 (dim, 40 px, JPEG) and let one wrong person in; with 48 they are searched at
   * 320x240 as before, while LFW's faces (all but 1% at least 49 px there) stay at 160x120
   * (docs/performance.md, "Two-scale detection").
   */
  public static final float TWO_SCALE_MIN_FACE = 48f;

  private final ModelStore store;
  private final OrtSettings settings;
  private final DetectorChoice detectorChoice;

  /** Models with the default detector ({@link DetectorChoice#DEFAULT}). */
  public Models(ModelStore store, OrtSettings settings) {
    this(store, settings, DetectorChoice.DEFAULT);
  }

  public Models(ModelStore store, OrtSettings settings, DetectorChoice detectorChoice) {
    if (detectorChoice == null) {
      throw new IllegalArgumentException("a detector choice must be given");
    }
    this.store = store;
    this.settings = settings;
    this.detectorChoice = detectorChoice;
  }

  public DetectorChoice detectorChoice() {
    return detectorChoice;
  }

  public ModelStore store() {
    return store;
  }

  /** The chosen detector. */
  public FaceDetector detector() {
    return switch (detectorChoice) {
      case ULTRAFACE_TWO_SCALE -> {
        Path small = store.require(ModelCatalog.FR_DETECT_SMALL);
        Path full = store.require(ModelCatalog.FR_DETECT);
        yield new TwoScaleDetector(
            new OnnxFaceDetector(ModelCatalog.FR_DETECT_SMALL, small, settings),
            ModelCatalog.FR_DETECT_SMALL.inputWidth(), ModelCatalog.FR_DETECT_SMALL.inputHeight(),
            new LazyDetector(() -> new OnnxFaceDetector(ModelCatalog.FR_DETECT, full, settings)), TWO_SCALE_MIN_FACE);
      }
      case ULTRAFACE ->
          new OnnxFaceDetector(ModelCatalog.FR_DETECT, store.require(ModelCatalog.FR_DETECT), settings);
      case ULTRAFACE_INT8 ->
          new OnnxFaceDetector(ModelCatalog.FR_DETECT_INT8, store.require(ModelCatalog.FR_DETECT_INT8), settings);
      case MTCNN -> {
        List<ModelSpec> specs = List.of(ModelCatalog.MTCNN_PNET, ModelCatalog.MTCNN_RNET, ModelCatalog.MTCNN_ONET);
        yield new MtcnnFaceDetector(
            specs, specs.stream().map(store::require).toList(), settings, MtcnnFaceDetector.Settings.DEFAULTS);
      }
    };
  }

  /**
   * The detector tried when the chosen one finds no face at any scale: MTCNN behind UltraFace (float or int8),
   * opened on first use so that photos with a face never pay for it; none behind MTCNN.
   */
  public Optional<FaceDetector> fallbackDetector() {
    if (detectorChoice == DetectorChoice.MTCNN) {
      return Optional.empty();
    }
    Models mtcnn = new Models(store, settings, DetectorChoice.MTCNN);
    return Optional.of(new LazyDetector(mtcnn::detector));
  }

  /**
   * The landmark network the pipeline needs next to the chosen detector: faceplugin's for
   * UltraFace, none (empty) for a detector that gives the five points itself.
   */
  public Optional<LandmarkDetector> pipelineLandmarks() {
    return detectorChoice.givesLandmarks() ? Optional.empty() : Optional.of(landmarks());
  }

  public LandmarkDetector landmarks() {
    return new OnnxLandmarkDetector(ModelCatalog.FR_LANDMARK, store.require(ModelCatalog.FR_LANDMARK), settings);
  }

  /** The embedder for {@code spec}, which must be an embedder or the pixel baseline. */
  public FaceEmbedder embedder(ModelSpec spec) {
    if (spec.kind() == ModelKind.BASELINE) {
      return new PixelEmbedder(spec.id());
    }
    if (spec.equals(ModelCatalog.FUSED)) {
      return fused();
    }
    if (spec.equals(ModelCatalog.FACEPLUGIN_512)) {
      return new OnnxFaceEmbedder(spec, store.require(spec), settings, "input", "output", false);
    }
    if (spec.equals(ModelCatalog.DLIB_RESNET_128)
        || spec.equals(ModelCatalog.MOBILEFACENET_192)
        || spec.equals(ModelCatalog.MOBILEFACENET_192_INT8)) {
      return new OnnxFaceEmbedder(spec, store.require(spec), settings, "input", "embedding", true);
    }
    throw new IllegalArgumentException("model " + spec.name() + " is a " + spec.kind() + ", not an embedder");
  }

  /**
   * Human's liveness network (LivenessNet, 32x32) as a scorer; its attack score is softmax column 0
   * on a tight box, see {@link HumanLivenessScorer.Network#LIVENESS}.
   *
   * @throws org.likeness.error.ModelMissingException naming the fetch command when not installed
   */
  public LivenessScorer humanLiveness() {
    return new HumanLivenessScorer(
        HumanLivenessScorer.Network.LIVENESS, store.require(ModelCatalog.HUMAN_LIVENESS), settings);
  }

  /**
   * Human's "antispoof" network (128x128) as a scorer, attack score {@code 1 - real}. It was trained
   * to spot computer-generated faces, not photos or screens; see {@link
   * HumanLivenessScorer.Network#ANTISPOOF}.
   *
   * @throws org.likeness.error.ModelMissingException naming the fetch command when not installed
   */
  public LivenessScorer humanAntispoof() {
    return new HumanLivenessScorer(
        HumanLivenessScorer.Network.ANTISPOOF, store.require(ModelCatalog.HUMAN_ANTISPOOF), settings);
  }

  /**
   * The presentation-attack scorer for {@code spec}, a {@link ModelKind#LIVENESS} model of the
   * catalog (see {@link ModelCatalog#livenessModels()}).
   *
   * @throws org.likeness.error.ModelMissingException naming the file and {@code likeness models
   *     fetch} when the model is not installed or its checksum is wrong
   * @throws IllegalArgumentException when {@code spec} is not a liveness model Likeness can run
   */
  public LivenessScorer livenessScorer(ModelSpec spec) {
    if (spec.equals(ModelCatalog.DTN_ANTISPOOF)) {
      return new OnnxDtnLivenessScorer(spec, store.require(spec), settings);
    }
    if (spec.equals(ModelCatalog.HUMAN_LIVENESS)) {
      return humanLiveness();
    }
    if (spec.equals(ModelCatalog.HUMAN_ANTISPOOF)) {
      return humanAntispoof();
    }
    throw new IllegalArgumentException("model " + spec.name() + " is a " + spec.kind() + "; the liveness models are "
        + ModelCatalog.livenessModels().stream().map(ModelSpec::name).toList());
  }

  /**
   * The liveness stage for {@code spec}: its scorer, judged at {@code threshold} when given, else at
   * the shipped calibration's; {@code gate} overrides whether the check refuses or only reports.
   *
   * @throws BadInputException when no threshold is given and none was calibrated for the model
   */
  public LivenessCheck livenessCheck(ModelSpec spec, Optional<Double> threshold, Optional<Boolean> gate) {
    LivenessThreshold t = threshold
        .map(v -> new LivenessThreshold(v, false, "explicit attack-score threshold " + v))
        .or(() -> LivenessCalibration.shipped(spec).map(LivenessCalibration::threshold))
        .orElseThrow(() -> new BadInputException("liveness model " + spec.name()
            + " has no shipped calibration; give an attack-score threshold (--liveness-threshold)"));
    if (gate.isPresent()) {
      t = t.withGate(gate.get());
    }
    return new LivenessCheck(livenessScorer(spec), t);
  }

  private FaceEmbedder fused() {
    List<FaceEmbedder> members = new ArrayList<>();
    try {
      for (ModelCatalog.FusionMember m : ModelCatalog.FUSED_MEMBERS) {
        members.add(embedder(m.spec()));
      }
      return new FusedEmbedder(ModelCatalog.FUSED.id(), members,
          ModelCatalog.FUSED_MEMBERS.stream().map(ModelCatalog.FusionMember::weight).toList());
    } catch (RuntimeException e) {
      members.forEach(FaceEmbedder::close);
      throw e;
    }
  }
}
