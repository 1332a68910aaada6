package org.likeness.watch.track;

import java.util.List;

/**
 * What one frame did to the tracks.
 *
 * @param assignments one per sighting, in the sightings' order: the track each face now belongs to
 * @param ended the ids of tracks that ended with this frame (unseen too long), oldest first
 */
public record TrackUpdate(List<Assignment> assignments, List<Long> ended) {
  public TrackUpdate {
    assignments = List.copyOf(assignments);
    ended = List.copyOf(ended);
  }

  /**
   * One face's track.
   *
   * @param trackId the track's id, unique within one tracker
   * @param started whether this face started the track
   */
  public record Assignment(long trackId, boolean started) {}
}
