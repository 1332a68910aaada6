package org.likeness.align;

import org.likeness.image.RgbImage;

/** A face chip warped onto an alignment template, ready for an embedder. */
public record AlignedFace(RgbImage chip, AlignmentTemplate template) {
  public AlignedFace {
    if (chip.width() != template.size() || chip.height() != template.size()) {
      throw new IllegalArgumentException(
          "template " + template.name() + " needs a " + template.size() + "x" + template.size()
              + " chip, got " + chip.width() + "x" + chip.height());
    }
  }
}
