package org.likeness.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.likeness.compare.Verification;
import org.likeness.detect.DetectedFace;
import org.likeness.detect.FaceDetector;
import org.likeness.embed.Embedding;
import org.likeness.embed.FaceEmbedder;
import org.likeness.error.BadInputException;
import org.likeness.gallery.FaceChip;
import org.likeness.gallery.Match;
import org.likeness.gallery.PersonGallery;
import org.likeness.gallery.decide.DecisionReason;
import org.likeness.image.ImageLoader;
import org.likeness.image.RgbImage;
import org.likeness.liveness.challenge.ChallengeFrame;
import org.likeness.liveness.challenge.ChallengeJudge;
import org.likeness.liveness.challenge.ChallengePolicy;
import org.likeness.liveness.challenge.ChallengeVerdict;
import org.likeness.liveness.challenge.TurnDirection;
import org.likeness.models.Calibrations;
import org.likeness.models.DecisionThreshold;
import org.likeness.models.GalleryStatistics;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelKind;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import org.likeness.models.Thresholds;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.FaceEncoding;
import org.likeness.pipeline.FacePipeline;
import org.likeness.pipeline.PipelineOptions;
import org.likeness.quality.FaceQuality;
import org.likeness.quality.QualityFloor;
import org.likeness.quality.QualityVerdict;

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
  private QualityFloor qualityFloor = QualityFloor.DEFAULT;
  private ChallengePolicy challengePolicy = ChallengePolicy.DEFAULT;

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
              options.assumeAligned() ? null : models.fallbackDetector().orElse(null),
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

  /**
   * Every face in {@code image} with its embedding and quality, strongest first (see {@link
   * FacePipeline#encodeAll}); empty when there is none.
   */
  public List<FaceEncoding> encodeAll(RgbImage image) {
    return pipeline.encodeAll(image);
  }

  /** Decodes image bytes (an upload, say), naming {@code sourceName} in any error. */
  public RgbImage decode(byte[] bytes, String sourceName) {
    return loader.decode(bytes, sourceName);
  }

  public FaceEncoding encode(Path image) {
    return encode(load(image));
  }

  /**
   * The aligned chip that an enrollment of {@code encoding}'s face keeps beside its template (see
   * {@link FaceChips}); empty when no face was detected (no face, or {@code --assume-aligned}).
   */
  public Optional<FaceChip> chip(RgbImage image, FaceEncoding encoding) {
    if (encoding.face().isEmpty() || encoding.quality().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(FaceChips.capture(image, encoding.face().get(), encoding.quality().get()));
  }

  /** This model's embedding of a face kept as a chip, re-aligned onto the model's own template. */
  public Embedding embed(FaceChip chip) {
    return pipeline.embed(FaceChips.realign(chip, pipeline.embedder().template(), loader), chip.quality());
  }

  /**
   * The embedding of a face found and measured earlier in {@code image} (by {@link #encode}), without
   * detecting it again: what {@link #encode} would give for it.
   */
  public Embedding embed(RgbImage image, DetectedFace face, FaceQuality quality) {
    return pipeline.embed(image, face, quality);
  }

  /** The model's distance between two embeddings; smaller is more alike. */
  public double distance(Embedding a, Embedding b) {
    a.requireSameModel(b);
    return spec.metric().distance(a.vector(), b.vector());
  }

  /**
   * The seed's {@code verify}: is the person in {@code image} the claimed one? Compares the face
   * with each of the claimed person's templates and decides on the nearest, against the model's
   * calibrated threshold. A face below the {@linkplain QualityFloor#DEFAULT quality floor} is
   * refused with the reason, not guessed on.
   */
  public VerifyResult verify(RgbImage image, String claimedIdentity, List<Embedding> templates) {
    return verify(image, claimedIdentity, templates, thresholds().verify().maxDistance());
  }

  public VerifyResult verify(RgbImage image, String claimedIdentity, List<Embedding> templates, double maxDistance) {
    if (templates.isEmpty()) {
      throw new BadInputException("'" + claimedIdentity + "' has no enrolled templates to verify against");
    }
    FaceEncoding probe = encode(image);
    Optional<VerifyResult> refused = refusedBeforeComparing(probe, claimedIdentity);
    if (refused.isPresent()) {
      return refused.get();
    }
    Verification v = Verification.decide(nearest(probe.embedding().orElseThrow(), templates), maxDistance);
    return new VerifyResult(claimedIdentity, probe.facesFound(), Optional.of(v),
        v.accepted() ? DecisionReason.MATCH : DecisionReason.NOBODY_CLOSE, Optional.empty());
  }

  public VerifyResult verify(Path image, String claimedIdentity, List<Embedding> templates) {
    return verify(load(image), claimedIdentity, templates);
  }

  /**
   * Verification against a person enrolled in {@code gallery}, using what the gallery knows: the
   * threshold follows the gallery's people when they sit closer together than the calibration's
   * strangers ({@link Thresholds#verify(GalleryStatistics)}), and a face that is closer to another
   * enrolled person than to the claimed one is refused. Also refuses faces below the quality floor.
   */
  public VerifyResult verifyInGallery(RgbImage image, String claimedIdentity, PersonGallery gallery, Thresholds t) {
    return verifyInGallery(encode(image), claimedIdentity, gallery, t);
  }

  /** {@link #verifyInGallery(RgbImage, String, PersonGallery, Thresholds)} on a face already encoded. */
  public VerifyResult verifyInGallery(FaceEncoding probe, String claimedIdentity, PersonGallery gallery, Thresholds t) {
    List<Embedding> templates = gallery.person(claimedIdentity)
        .map(p -> p.templates().stream().map(st -> st.template().embedding()).toList()).orElse(List.of());
    // Quality before the name: a poor face gets the same answer whether or not the name is enrolled,
    // so a kiosk cannot use poor photos to find out which names are.
    Optional<VerifyResult> refused = refusedBeforeComparing(probe, claimedIdentity);
    if (refused.isPresent()) {
      return refused.get();
    }
    if (templates.isEmpty()) {
      return VerifyResult.undecided(claimedIdentity, probe.facesFound());
    }
    Embedding e = probe.embedding().orElseThrow();
    DecisionThreshold threshold = t.verify(statistics(gallery));
    Verification v = Verification.decide(nearest(e, templates), threshold.maxDistance());
    if (!v.accepted()) {
      return new VerifyResult(claimedIdentity, probe.facesFound(), Optional.of(v), DecisionReason.NOBODY_CLOSE,
          Optional.empty());
    }
    List<Match> nearest = gallery.search(e, 1);
    if (!nearest.isEmpty() && !nearest.get(0).identity().equals(claimedIdentity)
        && nearest.get(0).distance() < v.distance()) {
      return new VerifyResult(claimedIdentity, probe.facesFound(),
          Optional.of(new Verification(v.distance(), v.maxDistance(), false)), DecisionReason.CLOSER_TO_ANOTHER,
          Optional.empty());
    }
    return new VerifyResult(claimedIdentity, probe.facesFound(), Optional.of(v), DecisionReason.MATCH, Optional.empty());
  }

  /** The answer for a photo with no face, or a face below the quality floor; empty when it can be compared. */
  private Optional<VerifyResult> refusedBeforeComparing(FaceEncoding probe, String claimedIdentity) {
    if (!probe.hasFace()) {
      return Optional.of(VerifyResult.undecided(claimedIdentity, 0));
    }
    return probe.quality().flatMap(qualityFloor::check).map(low -> new VerifyResult(
        claimedIdentity, probe.facesFound(), Optional.empty(), DecisionReason.LOW_QUALITY, Optional.of(low)));
  }

  private double nearest(Embedding e, List<Embedding> templates) {
    double best = Double.POSITIVE_INFINITY;
    for (Embedding t : templates) {
      best = Math.min(best, distance(e, t));
    }
    return best;
  }

  /** What an open-set decision needs to know of {@code gallery}. */
  public static GalleryStatistics statistics(PersonGallery gallery) {
    return new GalleryStatistics(gallery.personCount(), gallery.size(), gallery.meanDistanceBetweenPeople());
  }

  /**
   * The seed's {@code who_is_it}: the enrolled person nearest to the face in {@code image}, or
   * unknown when even the nearest is farther than the open-set threshold {@code thresholds} gives
   * for this gallery ({@link Thresholds#identify(GalleryStatistics)}: it tightens with the number of
   * templates, and follows the gallery's people when they sit closer together than LFW's). A face
   * below the quality floor is answered unknown with the reason. The gallery refuses a probe from
   * another model.
   */
  public Identification whoIsIt(RgbImage image, PersonGallery gallery, Thresholds thresholds, int topK) {
    return decide(encode(image), gallery, thresholds, topK);
  }

  /**
   * The open-set decision for an already encoded face: {@link #whoIsIt(RgbImage, PersonGallery,
   * Thresholds, int)} without the encoding, for callers (benchmarks, batch jobs) that encoded it.
   */
  public Identification decide(FaceEncoding probe, PersonGallery gallery, Thresholds thresholds, int topK) {
    if (topK < 1) {
      throw new BadInputException("top-K must be at least 1, got " + topK);
    }
    DecisionThreshold threshold = thresholds.identify(statistics(gallery));
    if (!probe.hasFace()) {
      return new Identification(Optional.empty(), Optional.empty(), threshold, List.of(), 0, DecisionReason.NO_FACE,
          Optional.empty());
    }
    Optional<QualityVerdict> low = probe.quality().flatMap(qualityFloor::check);
    if (low.isPresent()) {
      return new Identification(Optional.empty(), Optional.empty(), threshold, List.of(), probe.facesFound(),
          DecisionReason.LOW_QUALITY, low);
    }
    List<Match> candidates = gallery.search(probe.embedding().orElseThrow(), topK);
    if (candidates.isEmpty()) {
      return new Identification(Optional.empty(), Optional.empty(), threshold, candidates, probe.facesFound(),
          DecisionReason.EMPTY_GALLERY, Optional.empty());
    }
    Match best = candidates.get(0);
    boolean match = best.distance() <= threshold.maxDistance();
    return new Identification(match ? Optional.of(best.identity()) : Optional.empty(), Optional.of(best.distance()),
        threshold, candidates, probe.facesFound(), match ? DecisionReason.MATCH : DecisionReason.NOBODY_CLOSE,
        Optional.empty());
  }

  /** {@link #whoIsIt(RgbImage, PersonGallery, Thresholds, int)} with this model's default thresholds and 5 candidates. */
  public Identification whoIsIt(RgbImage image, PersonGallery gallery) {
    return whoIsIt(image, gallery, thresholds(), 5);
  }

  /** The floor below which a face is refused instead of decided on. */
  public QualityFloor qualityFloor() {
    return qualityFloor;
  }

  /**
   * Sets the floor below which faces are refused; {@link QualityFloor#DEFAULT} unless changed. The
   * door service takes it from its configuration.
   */
  public void setQualityFloor(QualityFloor floor) {
    if (floor == null) {
      throw new IllegalArgumentException("a quality floor must be given");
    }
    this.qualityFloor = floor;
  }

  /**
   * The kiosk's active liveness challenge: did one live person turn their head to {@code asked}
   * across {@code frames} (a short burst, in the order taken, non-mirrored)? Finds the chosen
   * (largest, by default) face in every frame, embeds it, and lets a {@link ChallengeJudge} with
   * this engine's {@linkplain #setChallengePolicy policy} and the model's verify threshold decide.
   *
   * @throws BadInputException when the burst holds more frames than the policy allows
   */
  public ChallengeVerdict challenge(List<RgbImage> frames, TurnDirection asked) {
    requireBurstSize(frames.size());
    return challenge(frames, frames.stream().map(this::encode).toList(), asked);
  }

  /**
   * The challenge's verdict on frames already encoded by this engine ({@code encoded.get(i)} is
   * {@code encode(frames.get(i))}), so a caller that goes on to decide on one of the frames encodes
   * each only once.
   */
  public ChallengeVerdict challenge(List<RgbImage> frames, List<FaceEncoding> encoded, TurnDirection asked) {
    if (frames.size() != encoded.size()) {
      throw new IllegalArgumentException(
          "a challenge needs one encoding per frame, got " + frames.size() + " frames and " + encoded.size());
    }
    requireBurstSize(frames.size());
    List<ChallengeFrame> judged = new java.util.ArrayList<>(frames.size());
    for (int i = 0; i < frames.size(); i++) {
      judged.add(challengeFrame(frames.get(i), encoded.get(i)));
    }
    return challengeJudge().judge(judged, asked);
  }

  /** Refused before any frame is encoded: a burst longer than the policy allows. */
  private void requireBurstSize(int frames) {
    if (frames > challengePolicy.maxFrames()) {
      throw new BadInputException(
          "a challenge burst may hold at most " + challengePolicy.maxFrames() + " frames, got " + frames);
    }
  }

  /** One frame as the challenge sees it: its chosen face and embedding, or no face. */
  public ChallengeFrame challengeFrame(RgbImage frame) {
    return challengeFrame(frame, encode(frame));
  }

  private static ChallengeFrame challengeFrame(RgbImage frame, FaceEncoding e) {
    return e.hasFace() && e.face().isPresent()
        ? ChallengeFrame.of(frame, e.face().get(), e.embedding().get()) : ChallengeFrame.noFace(frame);
  }

  /** The judge {@link #challenge} uses: this engine's policy and the model's 1:1 threshold. */
  public ChallengeJudge challengeJudge() {
    return new ChallengeJudge(challengePolicy, spec.metric(), thresholds().verify().maxDistance());
  }

  /** Sets the challenge's thresholds; {@link ChallengePolicy#DEFAULT} unless changed. */
  public void setChallengePolicy(ChallengePolicy policy) {
    if (policy == null) {
      throw new IllegalArgumentException("a challenge policy must be given");
    }
    this.challengePolicy = policy;
  }

  /**
   * How this model decides by default, from its calibration. Read on first use, not when the engine
   * opens: a calibration made for other weights is refused here, and {@code likeness calibrate},
   * which replaces it, must still be able to open the model.
   */
  public synchronized Thresholds thresholds() {
    if (thresholds == null) {
      thresholds = calibrations.thresholds(spec, pipeline.options(), Optional.empty(), Optional.empty());
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
