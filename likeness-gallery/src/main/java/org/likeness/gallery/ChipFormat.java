package org.likeness.gallery;

/** How a {@link FaceChip}'s pixels are compressed in the gallery. */
public enum ChipFormat {
  /** Baseline JPEG; what enrollment writes (see {@link FaceChip}). */
  JPEG,
  /** Lossless PNG; read as well, for chips written by other tools. */
  PNG;

  /** The format stored under {@code name}; the error names the value and the known ones. */
  static ChipFormat parse(String name, long templateId) {
    for (ChipFormat f : values()) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    throw new GalleryStorageException(
        "template " + templateId + " has a chip in format '" + name + "'; this build reads "
            + java.util.Arrays.toString(values()));
  }
}
