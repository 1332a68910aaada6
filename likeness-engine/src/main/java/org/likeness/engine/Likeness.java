package org.likeness.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.likeness.compare.Verification;
import org.likeness.detect.FaceDetector;
import org.likeness.embed.Embedding;
import org.likeness.embed.FaceEmbedder;
import org.likeness.error.BadInputException;
import org.likeness.gallery.PersonGallery;
import org.likeness.gallery.Match;
import org.likeness.models.Calibrations;
import org.likeness.models.DecisionThreshold;
import org.likeness.models.Thresholds;
import org.likeness.image.ImageLoader;
import org.likeness.image.RgbImage;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelKind;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.FaceEncoding;
import org.likeness.pipeline.FacePipeline;
import org.likeness.pipeline.PipelineOptions;

/**
 * The small front door to Likeness, after the seed notebook's verbs: {@link #encode}, {@link
 * #distance} and {@link #verify}. One instance holds one model's native sessions; close it. It is
 * not thread-safe: give each thread its own.
 *
 * <pre>{@code
 * try (Likeness face = Likeness.open(ModelCatalog.DEFAULT_EMBEDDER)) {
 *   Embedding a = face.encode(Path.of("alice.jpg")).embedding().orElseThrow();
 *   VerifyResult r = face.verify(Path.of("door.jpg"), "alice", List.of(a));
 * }
 * }</pre>
 */
public final class Likeness implements AutoCloseable {
  private final ModelSpec spec;
  private final FacePipeline pipeline;
  private final Calibrations calibrations;
  private Thresholds thresholds;
  private final ImageLoader loader = new ImageLoader();

  private Likeness(ModelSpec spec, FacePipeline pipeline, ModelStore store) {
    this.spec = spec;
    this.pipeline = pipeline;
    this.calibrations = new Calibrations(store);
  }

  /** Opens {@code spec} from the default models directory with default options. */
  public static Likeness open(ModelSpec spec) {
    return open(spec, ModelStore.locate(Optional.empty()), PipelineOptions.defaults(), OrtSettings.defaults());
  }

  /** Opens {@code spec} with explicit storage, pipeline and runtime settings. */
  public static Likeness open(ModelSpec spec, ModelStore store, PipelineOptions options, OrtSettings settings) {
    return open(spec, models -> models.embedder(spec), store, options, settings);
  }

  /**
   * Opens a model that is not in the catalog, such as a backbone with a trained head: {@code spec}
   * describes it (id, metric, threshold) and {@code embedder} builds it from the installed models.
   */
  public static Likeness open(
      ModelSpec spec,
      Function<Models, FaceEmbedder> embedderOf,
      ModelStore store,
      PipelineOptions options,
      OrtSettings settings) {
    return open(spec, embedderOf, store, options, settings, DetectorChoice.DEFAULT);
  }

  /** Opens {@code spec} with the face detector {@code detector} instead of the default one. */
  public static Likeness open(
      ModelSpec spec, ModelStore store, PipelineOptions options, OrtSettings settings, DetectorChoice detector) {
    return open(spec, models -> models.embedder(spec), store, options, settings, detector);
  }

  /** The most general form: a model built by {@code embedderOf}, and an explicit detector. */
  public static Likeness open(
      ModelSpec spec,
      Function<Models, FaceEmbedder> embedderOf,
      ModelStore store,
      PipelineOptions options,
      OrtSettings settings,
      DetectorChoice detector) {
    Models models = new Models(store, settings, detector);
    if (spec.kind() == ModelKind.BASELINE) {
      // The naive baseline compares whole images: no detector, no alignment.
      return new Likeness(
          spec, new FacePipeline(null, null, embedderOf.apply(models), options.withAssumeAligned(true).withFlip(false)),
          store);
    }
    FaceEmbedder embedder = embedderOf.apply(models);
    if (!embedder.id().equals(spec.id())) {
      embedder.close();
      throw new IllegalArgumentException("model " + spec.id() + " was opened as " + embedder.id());
    }
    FaceDetector faceDetector = null;
    try {
      faceDetector = options.assumeAligned() ? null : models.detector();
      return new Likeness(
          spec,
          new FacePipeline(
              faceDetector,
              options.assumeAligned() ? null : models.pipelineLandmarks().orElse(null),
              embedder,
              options),
          store);
    } catch (RuntimeException e) {
      if (faceDetector != null) {
        faceDetector.close();
      }
      embedder.close();
      throw e;
    }
  }

  public ModelSpec model() {
    return spec;
  }

  public FacePipeline pipeline() {
    return pipeline;
  }

  /** Reads an image file, refusing bad or hostile files with a {@link BadInputException}. */
  public RgbImage load(Path image) {
    return loader.load(image);
  }

  /** The embedding of the chosen face in {@code image}, or an empty encoding when there is none. */
  public FaceEncoding encode(RgbImage image) {
    return pipeline.encode(image);
  }

  /** Decodes image bytes (an upload, say), naming {@code sourceName} in any error. */
  public RgbImage decode(byte[] bytes, String sourceName) {
    return loader.decode(bytes, sourceName);
  }

  public FaceEncoding encode(Path image) {
    return encode(load(image));
  }

  /** The model's distance between two embeddings; smaller is more alike. */
  public double distance(Embedding a, Embedding b) {
    a.requireSameModel(b);
    return spec.metric().distance(a.vector(), b.vector());
  }

  /**
   * The seed's {@code verify}: is the person in {@code image} the claimed one? Compares the face
   * with each of the claimed person's templates and decides on the nearest, against the model's
   * calibrated threshold.
   */
  public VerifyResult verify(RgbImage image, String claimedIdentity, List<Embedding> templates) {
    return verify(image, claimedIdentity, templates, spec.maxDistance());
  }

  public VerifyResult verify(RgbImage image, String claimedIdentity, List<Embedding> templates, double maxDistance) {
    if (templates.isEmpty()) {
      throw new BadInputException("'" + claimedIdentity + "' has no enrolled templates to verify against");
    }
    FaceEncoding probe = encode(image);
    if (!probe.hasFace()) {
      return new VerifyResult(claimedIdentity, 0, Optional.empty());
    }
    Embedding e = probe.embedding().orElseThrow();
    double best = Double.POSITIVE_INFINITY;
    for (Embedding t : templates) {
      best = Math.min(best, distance(e, t));
    }
    return new VerifyResult(claimedIdentity, probe.facesFound(), Optional.of(Verification.decide(best, maxDistance)));
  }

  public VerifyResult verify(Path image, String claimedIdentity, List<Embedding> templates) {
    return verify(load(image), claimedIdentity, templates);
  }

  /**
   * The seed's {@code who_is_it}: the enrolled person nearest to the face in {@code image}, or
   * unknown when even the nearest is farther than {@code threshold}. The gallery refuses a probe from
   * another model.
   */
  public Identification whoIsIt(RgbImage image, PersonGallery gallery, DecisionThreshold threshold, int topK) {
    if (topK < 1) {
      throw new BadInputException("top-K must be at least 1, got " + topK);
    }
    FaceEncoding probe = encode(image);
    if (!probe.hasFace()) {
      return new Identification(Optional.empty(), Optional.empty(), threshold, List.of(), 0);
    }
    List<Match> candidates = gallery.search(probe.embedding().orElseThrow(), topK);
    if (candidates.isEmpty()) {
      return new Identification(Optional.empty(), Optional.empty(), threshold, candidates, probe.facesFound());
    }
    Match best = candidates.get(0);
    Optional<String> who =
        best.distance() <= threshold.maxDistance() ? Optional.of(best.identity()) : Optional.empty();
    return new Identification(who, Optional.of(best.distance()), threshold, candidates, probe.facesFound());
  }

  /**
   * {@link #whoIsIt(RgbImage, PersonGallery, DecisionThreshold, int)} at the default open-set
   * threshold: the calibrated one that lets at most 1% of strangers match someone in a gallery of
   * this size (see {@link Thresholds}).
   */
  public Identification whoIsIt(RgbImage image, PersonGallery gallery) {
    return whoIsIt(image, gallery, thresholds().identify(gallery.personCount()), 5);
  }

  /**
   * How this model decides by default, from its calibration. Read on first use, not when the engine
   * opens: a calibration made for other weights is refused here, and {@code likeness calibrate},
   * which replaces it, must still be able to open the model.
   */
  public synchronized Thresholds thresholds() {
    if (thresholds == null) {
      thresholds = calibrations.thresholds(spec, Optional.empty(), Optional.empty());
    }
    return thresholds;
  }

  @Override
  public void close() {
    pipeline.close();
  }

  /** The embedder used when none is named. */
  public static ModelSpec defaultModel() {
    return ModelCatalog.DEFAULT_EMBEDDER;
  }
}
