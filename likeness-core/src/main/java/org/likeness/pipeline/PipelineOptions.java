package org.likeness.pipeline;

import org.likeness.detect.FaceSelection;
import org.likeness.restore.ChipRestoration;

/**
 * How a {@link FacePipeline} treats a photo.
 *
 * @param flip embed the face and its mirror image and sum the two vectors (the "flip trick")
 * @param selection which face to use when a photo holds several
 * @param assumeAligned skip detection: the whole image is taken to be an aligned face crop
 * @param restoration what is done to a face's aligned chip, by its measured quality, before it is
 *     embedded (needs detection: an assumed-aligned photo has no measured quality and is embedded as it is)
 */
public record PipelineOptions(
    boolean flip, FaceSelection selection, boolean assumeAligned, ChipRestoration restoration) {
  public PipelineOptions {
    if (selection == null) {
      throw new IllegalArgumentException("face selection must be given");
    }
    if (restoration == null) {
      throw new IllegalArgumentException("chip restoration must be given (ChipRestoration.NONE for none)");
    }
  }

  /** Flip on, largest face, detection on, no chip restoration: the door camera's defaults. */
  public static PipelineOptions defaults() {
    return new PipelineOptions(true, FaceSelection.LARGEST, false, ChipRestoration.NONE);
  }

  public PipelineOptions withFlip(boolean on) {
    return new PipelineOptions(on, selection, assumeAligned, restoration);
  }

  public PipelineOptions withSelection(FaceSelection s) {
    return new PipelineOptions(flip, s, assumeAligned, restoration);
  }

  public PipelineOptions withAssumeAligned(boolean on) {
    return new PipelineOptions(flip, selection, on, restoration);
  }

  public PipelineOptions withRestoration(ChipRestoration r) {
    return new PipelineOptions(flip, selection, assumeAligned, r);
  }
}
