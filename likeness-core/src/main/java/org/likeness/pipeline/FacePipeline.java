package org.likeness.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.likeness.align.AlignedFace;
import org.likeness.align.Affine;
import org.likeness.align.FaceAligner;
import org.likeness.align.Warp;
import org.likeness.detect.Box;
import org.likeness.detect.DetectedFace;
import org.likeness.detect.FaceBox;
import org.likeness.detect.FaceDetector;
import org.likeness.detect.LandmarkDetector;
import org.likeness.detect.Landmarks;
import org.likeness.embed.Embedding;
import org.likeness.embed.FaceEmbedder;
import org.likeness.image.RgbImage;
import org.likeness.quality.QualityAssessor;

/**
 * The whole path of a photo: detect, landmarks, align, embed. It owns its stages and closes them.
 * Instances are not thread-safe; use one per thread.
 */
public final class FacePipeline implements AutoCloseable {
  /** Border added around a photo in which no face was found, for tight badge-style crops. */
  static final double RETRY_BORDER = 0.4;

  /**
   * Names how faces are found and located; caches of embeddings made through the pipeline key on
   * it. Change it whenever a change to detection can change which face is found or where.
   */
  public static final String DETECTION_REVISION = "det1";

  private final FaceDetector detector;
  private final LandmarkDetector landmarks;
  private final FaceEmbedder embedder;
  private final PipelineOptions options;

  public FacePipeline(
      FaceDetector detector, LandmarkDetector landmarks, FaceEmbedder embedder, PipelineOptions options) {
    this.detector = detector;
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
    if (!boxes.isEmpty()) {
      return new Found(image, 0, 0, boxes);
    }
    // A tightly cropped face (a 96x96 badge photo) fills the frame, and detectors trained on
    // scenes miss it. Try again with a neutral border around the photo.
    int bx = (int) Math.ceil(image.width() * RETRY_BORDER);
    int by = (int) Math.ceil(image.height() * RETRY_BORDER);
    RgbImage framed = withBorder(image, bx, by);
    return new Found(framed, bx, by, detector.detect(framed));
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
    return encoded(boxes.size(), face, chip);
  }

  /** The chosen face's embedding and quality, both from its aligned chip. */
  private FaceEncoding encoded(int facesFound, DetectedFace face, AlignedFace chip) {
    return new FaceEncoding(
        facesFound, Optional.of(face), Optional.of(embed(chip)), Optional.of(QualityAssessor.assess(face, chip)));
  }

  /** Embeds an aligned chip, with the flip trick when enabled. */
  public Embedding embed(AlignedFace face) {
    float[] v;
    if (options.flip() && embedder.unitLength()) {
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
        landmarks;
        embedder) {
      // closes all three, even if one throws
    }
  }
}
