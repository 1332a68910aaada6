package org.likeness.gallery.spi;

import org.likeness.error.BadInputException;

/**
 * How a new distributed gallery is spread over its cluster; a directory gallery ignores it.
 *
 * @param shards how many parts the templates are split into; each is searched in parallel
 * @param replicas copies of each shard; with two or more, queries survive a node going down
 */
public record GalleryLayout(int shards, int replicas) {
  public GalleryLayout {
    if (shards < 1 || replicas < 1) {
      throw new BadInputException(
          "a gallery needs at least 1 shard and 1 replica, got "
              + shards
              + " shards x "
              + replicas
              + " replicas");
    }
  }

  /** One shard, one copy: enough for a single node, and the CLI's default. */
  public static GalleryLayout single() {
    return new GalleryLayout(1, 1);
  }
}
