package org.likeness.train;

import java.util.regex.Pattern;

/**
 * Which photos a head was trained on, recorded in its file.
 *
 * @param sha256 SHA-256 over the sorted lines {@code relative/path<TAB>sha256-of-file<LF>} of every
 *     image used (see {@link PeopleFolders#dataHash})
 * @param people people the head was trained on
 * @param images images (with a face) the head was trained on
 * @param description where the photos came from and how they were treated
 */
public record DataProvenance(String sha256, int people, int images, String description) {
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{64}");

  public DataProvenance {
    if (sha256 == null || !SHA.matcher(sha256).matches()) {
      throw new IllegalArgumentException("data hash must be 64 lower-case hex characters, got '" + sha256 + "'");
    }
    if (people < 2 || images < 2 * people) {
      throw new IllegalArgumentException(
          "a head needs at least 2 people with 2 images each, got " + people + " people and " + images + " images");
    }
    if (description == null) {
      throw new IllegalArgumentException("data description must be given (it may be empty)");
    }
  }
}
