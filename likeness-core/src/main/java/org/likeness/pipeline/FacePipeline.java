package org.likeness.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.likeness.align.Affine;
import org.likeness.align.AlignedFace;
import org.likeness.align.AlignmentTemplate;
import org.likeness.align.FaceAligner;
import org.likeness.align.Warp;
import org.likeness.detect.Box;
import org.likeness.detect.DetectedFace;
import org.likeness.detect.FaceBox;
import org.likeness.detect.FaceDetector;
import org.likeness.detect.LandmarkDetector;
import org.likeness.detect.Landmarks;
import org.likeness.detect.NonMaxSuppression;
import org.likeness.embed.Embedding;
import org.likeness.embed.FaceEmbedder;
import org.likeness.image.RgbImage;
import org.likeness.quality.FaceQuality;
import org.likeness.quality.QualityAssessor;

/**
 * The whole path of a photo: detect, landmarks, align, embed. It owns its stages and closes them.
 * Instances are not thread-safe; use one per thread.
 */
public final class FacePipeline implements AutoCloseable {
  /** Border added around a photo in which no face was found, for tight badge-style crops. */
  static final double RETRY_BORDER = 0.4;
  /** A box this close to the frame's edge, as a share of its size, is taken to be cut by it. */
  static final double EDGE_MARGIN = 0.01;
  /** A face box spanning more than this share of the frame's width or height fills the frame. */
  static final double FILLS_FRAME = 0.6;
  /** Tiles per side when searching a large frame for a small face. */
  static final int TILES = 2;
  /** Each tile's share of the frame's width and height; tiles overlap by the rest. */
  static final double TILE_SPAN = 0.6;
  /** Frames narrower than this are not tiled: the detector already sees them at full scale. */
  static final int MIN_TILED_WIDTH = 480;
  /** Overlap above which the weaker of two faces found in neighbouring tiles is dropped. */
  static final float TILE_NMS_IOU = 0.4f;

  /**
   * Names how faces are found and located; caches of embeddings made through the pipeline key on
   * it. Change it whenever a change to detection can change which face is found or where.
   */
  public static final String DETECTION_REVISION = "det9";

  private final FaceDetector detector;
  private final FaceDetector fallback;
  private final LandmarkDetector landmarks;
  private final FaceEmbedder embedder;
  private final PipelineOptions options;

  public FacePipeline(
      FaceDetector detector, LandmarkDetector landmarks, FaceEmbedder embedder, PipelineOptions options) {
    this(detector, null, landmarks, embedder, options);
  }

  /**
   * A pipeline with a second detector, tried only on photos in which the first finds no face at any
   * scale; it must give the five points itself (MTCNN does), and may be null.
   */
  public FacePipeline(FaceDetector detector, FaceDetector fallback, LandmarkDetector landmarks, FaceEmbedder embedder,
      PipelineOptions options) {
    this.detector = detector;
    this.fallback = fallback;
    this.landmarks = landmarks;
    this.embedder = embedder;
    this.options = options;
  }

  public FaceEmbedder embedder() {
    return embedder;
  }

  public PipelineOptions options() {
    return options;
  }

  /** Every face in the photo with its landmarks, strongest first. */
  public List<DetectedFace> detect(RgbImage image) {
    Found found = find(image);
    List<DetectedFace> out = new ArrayList<>();
    for (FaceBox box : found.boxes()) {
      out.add(locate(found, box));
    }
    return out;
  }

  /** The boxes the detector found, and in which image: the photo, or the photo with a border. */
  private record Found(RgbImage searched, int offsetX, int offsetY, List<FaceBox> boxes) {
    Box inPhoto(FaceBox b) {
      Box r = b.box();
      return new Box(r.x1() - offsetX, r.y1() - offsetY, r.x2() - offsetX, r.y2() - offsetY);
    }
  }

  private Found find(RgbImage image) {
    List<FaceBox> boxes = detector.detect(image);
    if (!boxes.isEmpty() && boxes.stream().noneMatch(b -> fillsFrame(b.box(), image.width(), image.height()))) {
      return new Found(image, 0, 0, boxes);
    }
    // No face, or a face cut by the frame (a tight crop, a badge photo): detectors trained on scenes
    // miss a face that fills the frame, or clamp its box to the edge, and landmarks found in a
    // clamped box are off. Search again inside a neutral border, where the whole face fits.
    int bx = (int) Math.ceil(image.width() * RETRY_BORDER);
    int by = (int) Math.ceil(image.height() * RETRY_BORDER);
    RgbImage framed = withBorder(image, bx, by);
    List<FaceBox> again = detector.detect(framed);
    if (!again.isEmpty()) {
      return new Found(framed, bx, by, again);
    }
    if (!boxes.isEmpty()) {
      return new Found(image, 0, 0, boxes);
    }
    List<FaceBox> tiled = tiles(image);
    if (!tiled.isEmpty() || fallback == null) {
      return new Found(image, 0, 0, tiled);
    }
    // The last resort, a detector of another design, on the framed photo: it finds most of the
    // tight, grey or turned faces the first one misses.
    return new Found(framed, bx, by, fallback.detect(framed));
  }

  /**
   * A small face in a large frame (a visitor far from a 640x480 door camera) shrinks below what the
   * detector can see once the whole frame is resized to its input. Searches {@value #TILES}x{@value
   * #TILES} overlapping tiles, each {@value #TILE_SPAN} of the frame (so seen at 1/{@value
   * #TILE_SPAN} the scale), and keeps the strongest of overlapping finds.
   */
  private List<FaceBox> tiles(RgbImage image) {
    if (image.width() < MIN_TILED_WIDTH) {
      return List.of();
    }
    int tw = (int) Math.ceil(image.width() * TILE_SPAN);
    int th = (int) Math.ceil(image.height() * TILE_SPAN);
    List<FaceBox> all = new ArrayList<>();
    for (int ty = 0; ty < TILES; ty++) {
      for (int tx = 0; tx < TILES; tx++) {
        int x0 = (image.width() - tw) * tx / (TILES - 1);
        int y0 = (image.height() - th) * ty / (TILES - 1);
        RgbImage tile = Warp.warp(image, new Affine(1, 0, x0, 0, 1, y0), tw, th);
        for (FaceBox b : detector.detect(tile)) {
          Box r = b.box();
          if (touchesEdge(r, tw, th)) {
            continue; // cut by the tile: the neighbouring tile holds it whole
          }
          all.add(new FaceBox(new Box(r.x1() + x0, r.y1() + y0, r.x2() + x0, r.y2() + y0), b.score(),
              b.fivePoints().map(p -> p.shifted((float) x0, (float) y0))));
        }
      }
    }
    return NonMaxSuppression.apply(all, TILE_NMS_IOU);
  }

  /**
   * Whether {@code b} is a face that fills the frame: it reaches the frame's edge, or spans more than
   * {@value #FILLS_FRAME} of its width or height. Such a face may be cut, and detectors trained on
   * scenes find it poorly.
   */
  static boolean fillsFrame(Box b, int width, int height) {
    return touchesEdge(b, width, height) || b.width() > FILLS_FRAME * width || b.height() > FILLS_FRAME * height;
  }

  /** Whether {@code b} reaches within {@value #EDGE_MARGIN} of the frame's size of its edge. */
  static boolean touchesEdge(Box b, int width, int height) {
    double mx = Math.max(1, EDGE_MARGIN * width);
    double my = Math.max(1, EDGE_MARGIN * height);
    return b.x1() <= mx || b.y1() <= my || b.x2() >= width - mx || b.y2() >= height - my;
  }

  /**
   * Landmarks for one found box, both mapped back to the photo's pixels: the detector's own five
   * points when it gives them, else the landmark network's.
   */
  private DetectedFace locate(Found found, FaceBox box) {
    Landmarks p = box.fivePoints().map(Landmarks::ofFive).orElseGet(() -> landmarkNetwork().locate(found.searched(), box.box()));
    return new DetectedFace(found.inPhoto(box), box.score(), p.shifted(-found.offsetX(), -found.offsetY()));
  }

  private LandmarkDetector landmarkNetwork() {
    if (landmarks == null) {
      throw new IllegalStateException("the detector gave a face without five points and this pipeline has no landmark network");
    }
    return landmarks;
  }

  /**
   * Detects, chooses one face per the options, and embeds it. Landmarks are found for the chosen
   * face only.
   */
  public FaceEncoding encode(RgbImage image) {
    if (options.assumeAligned()) {
      AlignedFace chip = FaceAligner.assumeAligned(image, embedder.template());
      return new FaceEncoding(1, Optional.empty(), Optional.of(embed(chip)));
    }
    Found found = find(image);
    List<Box> boxes = found.boxes().stream().map(found::inPhoto).toList();
    OptionalInt chosen = options.selection().chooseIndex(boxes, image.width(), image.height());
    if (chosen.isEmpty()) {
      return FaceEncoding.noFace();
    }
    DetectedFace face = locate(found, found.boxes().get(chosen.getAsInt()));
    AlignedFace chip = FaceAligner.align(image, face.landmarks(), embedder.template());
    return encoded(boxes.size(), face, chip, image);
  }

  /**
   * Every face in the photo, each with its own embedding and quality, strongest detection first: what
   * a camera watching several people needs, where {@link #encode} keeps one face. Empty when no face
   * is found; each encoding's {@code facesFound} is the number of faces in the photo. Detection is
   * required: a pipeline that assumes aligned photos has no faces to list and refuses.
   */
  public List<FaceEncoding> encodeAll(RgbImage image) {
    if (options.assumeAligned()) {
      throw new IllegalStateException("encodeAll needs a detector, but this pipeline assumes aligned photos");
    }
    Found found = find(image);
    List<FaceEncoding> out = new ArrayList<>(found.boxes().size());
    for (FaceBox box : found.boxes()) {
      DetectedFace face = locate(found, box);
      AlignedFace chip = FaceAligner.align(image, face.landmarks(), embedder.template());
      out.add(encoded(found.boxes().size(), face, chip, image));
    }
    return out;
  }

  /**
   * The chosen face's embedding, from the embedder's chip, and its quality, always measured on an
   * {@link AlignmentTemplate#ARCFACE_112} chip so that one floor means the same for every model
   * (the fused model's 288 px chip, say, would read as sharper than MobileFaceNet's).
   */
  private FaceEncoding encoded(int facesFound, DetectedFace face, AlignedFace chip, RgbImage image) {
    AlignedFace measured = chip.template().equals(AlignmentTemplate.ARCFACE_112)
        ? chip : FaceAligner.align(image, face.landmarks(), AlignmentTemplate.ARCFACE_112);
    FaceQuality quality = QualityAssessor.assess(face, measured);
    return new FaceEncoding(facesFound, Optional.of(face), Optional.of(embed(chip, quality)), Optional.of(quality));
  }

  /**
   * The embedding of a face already found and measured in {@code image} (its detection and quality
   * from an earlier {@link #encode}): aligned, restored by its quality and embedded as {@link
   * #encode} does, without detecting it again.
   */
  public Embedding embed(RgbImage image, DetectedFace face, FaceQuality quality) {
    return embed(FaceAligner.align(image, face.landmarks(), embedder.template()), quality);
  }

  /**
   * Embeds an aligned chip of a face of quality {@code quality}, after the {@linkplain
   * PipelineOptions#restoration() restoration} that quality calls for.
   */
  public Embedding embed(AlignedFace face, FaceQuality quality) {
    RgbImage restored = options.restoration().apply(face.chip(), quality);
    return embed(restored == face.chip() ? face : new AlignedFace(restored, face.template()));
  }

  /** Whether faces are embedded with the flip trick: asked for, and the embedder makes unit vectors. */
  public boolean flips() {
    return options.flip() && embedder.unitLength();
  }

  /** Embeds an aligned chip as it is (no restoration), with the flip trick when enabled. */
  public Embedding embed(AlignedFace face) {
    float[] v;
    if (flips()) {
      float[][] both = embedder.embedChips(List.of(face.chip(), face.chip().mirrored()));
      v = both[0];
      for (int i = 0; i < v.length; i++) {
        v[i] += both[1][i];
      }
    } else {
      v = embedder.embedChips(List.of(face.chip()))[0];
    }
    return embedder.unitLength() ? Embedding.normalized(v, embedder.id()) : new Embedding(v, embedder.id());
  }

  /** The image centred on a mid-grey canvas with the given border on each side. */
  static RgbImage withBorder(RgbImage image, int bx, int by) {
    int w = image.width() + 2 * bx;
    int h = image.height() + 2 * by;
    Affine canvasToImage = new Affine(1, 0, -bx, 0, 1, -by);
    RgbImage placed = Warp.warp(image, canvasToImage, w, h);
    byte[] px = placed.pixels();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (x < bx || y < by || x >= bx + image.width() || y >= by + image.height()) {
          int o = (y * w + x) * 3;
          px[o] = px[o + 1] = px[o + 2] = (byte) 128;
        }
      }
    }
    return placed;
  }

  @Override
  public void close() {
    try (detector;
        fallback;
        landmarks;
        embedder) {
      // closes all three, even if one throws
    }
  }
}
