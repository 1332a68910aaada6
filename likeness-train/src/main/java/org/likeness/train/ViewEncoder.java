package org.likeness.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.likeness.align.AlignedFace;
import org.likeness.align.FaceAligner;
import org.likeness.detect.DetectedFace;
import org.likeness.engine.EngineWorkers;
import org.likeness.engine.Likeness;
import org.likeness.image.RgbImage;
import org.likeness.pipeline.FacePipeline;
import org.likeness.pipeline.PipelineOptions;

/**
 * Runs the backbone over many photos on all cores, one {@link Likeness} per worker thread (as
 * {@code org.likeness.eval.Encoder} does), but keeps each view's raw output apart ({@link
 * FaceViews}) and can transform the aligned chip before it is embedded (to simulate a camera).
 * The steps are the pipeline's own: detect, choose per the options' face selection, align, embed
 * the chip and, with flip on, its mirror image.
 */
public final class ViewEncoder {
  private ViewEncoder() {}

  /** Called after each photo with the number done and the total. */
  public interface Progress {
    void update(int done, int total);
  }

  /**
   * The views of the chosen face in every distinct photo, or empty where no face was found.
   *
   * @param opener opens one engine per worker; its pipeline options decide flip and face selection
   * @param chipTransform applied to each aligned chip before embedding (and before mirroring)
   */
  public static Map<Path, Optional<FaceViews>> encodeAll(
      List<Path> images, Supplier<Likeness> opener, UnaryOperator<RgbImage> chipTransform, int threads,
      Progress progress) {
    List<Path> distinct = new ArrayList<>(new LinkedHashSet<>(images));
    List<Optional<FaceViews>> out = EngineWorkers.map(distinct, opener, threads, (engine, path) -> {
      Likeness face = engine.get();
      return encode(face, face.load(path), chipTransform);
    }, progress::update);
    Map<Path, Optional<FaceViews>> result = new LinkedHashMap<>();
    for (int i = 0; i < distinct.size(); i++) {
      result.put(distinct.get(i), out.get(i));
    }
    return result;
  }

  /** The views of the chosen face in {@code image}, or empty when there is none. */
  static Optional<FaceViews> encode(Likeness face, RgbImage image, UnaryOperator<RgbImage> chipTransform) {
    FacePipeline pipeline = face.pipeline();
    PipelineOptions options = pipeline.options();
    if (options.assumeAligned()) {
      throw new IllegalArgumentException("training encodes detected faces; turn assumeAligned off");
    }
    Optional<DetectedFace> chosen = options.selection().choose(pipeline.detect(image), image.width(), image.height());
    if (chosen.isEmpty()) {
      return Optional.empty();
    }
    AlignedFace aligned = FaceAligner.align(image, chosen.get().landmarks(), pipeline.embedder().template());
    RgbImage chip = chipTransform.apply(aligned.chip());
    List<RgbImage> chips = options.flip() ? List.of(chip, chip.mirrored()) : List.of(chip);
    return Optional.of(new FaceViews(pipeline.embedder().embedChips(chips)));
  }
}
