package org.likeness.solr;

import org.likeness.error.BadInputException;

/**
 * How a new gallery collection is spread over the cluster.
 *
 * @param shards how many parts the templates are split into; each is searched in parallel
 * @param replicas copies of each shard; with two or more, queries survive a node going down
 */
public record CollectionLayout(int shards, int replicas) {
  public CollectionLayout {
    if (shards < 1 || replicas < 1) {
      throw new BadInputException(
          "a collection needs at least 1 shard and 1 replica, got "
              + shards
              + " shards x "
              + replicas
              + " replicas");
    }
  }

  /** One shard, one copy: enough for a single Solr node. */
  public static CollectionLayout single() {
    return new CollectionLayout(1, 1);
  }
}
