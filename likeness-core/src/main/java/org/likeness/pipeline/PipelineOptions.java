package org.likeness.pipeline;

import org.likeness.detect.FaceSelection;

/**
 * How a {@link FacePipeline} treats a photo.
 *
 * @param flip embed the face and its mirror image and sum the two vectors (the "flip trick")
 * @param selection which face to use when a photo holds several
 * @param assumeAligned skip detection: the whole image is taken to be an aligned face crop
 */
public record PipelineOptions(boolean flip, FaceSelection selection, boolean assumeAligned) {
  public PipelineOptions {
    if (selection == null) {
      throw new IllegalArgumentException("face selection must be given");
    }
  }

  /** Flip on, largest face, detection on: the door camera's defaults. */
  public static PipelineOptions defaults() {
    return new PipelineOptions(true, FaceSelection.LARGEST, false);
  }

  public PipelineOptions withFlip(boolean on) {
    return new PipelineOptions(on, selection, assumeAligned);
  }

  public PipelineOptions withSelection(FaceSelection s) {
    return new PipelineOptions(flip, s, assumeAligned);
  }

  public PipelineOptions withAssumeAligned(boolean on) {
    return new PipelineOptions(flip, selection, on);
  }
}
