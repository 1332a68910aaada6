package org.likeness.server;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SHA-256 of every image in an upload that opened the door, so that a byte-identical repeat is
 * refused as a replay: a live camera never produces the same bytes twice. Seeded from the audit log
 * at start (decisions that opened), bounded to the most recent {@link #CAPACITY} hashes.
 */
final class Replays {
  static final int CAPACITY = 200_000;

  private final Map<String, Boolean> seen = new LinkedHashMap<>(1024, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > CAPACITY;
    }
  };

  /** Remembers images that opened the door. */
  synchronized void accepted(Collection<String> sha256s) {
    sha256s.forEach(h -> seen.put(h, Boolean.TRUE));
  }

  /** Whether any of these images opened the door before. */
  synchronized boolean anySeen(Collection<String> sha256s) {
    return sha256s.stream().anyMatch(seen::containsKey);
  }
}
