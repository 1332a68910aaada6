package org.likeness.watch.track;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.likeness.compare.Metric;
import org.likeness.detect.Box;
import org.likeness.embed.Embedding;

/**
 * Follows faces across frames, so that one person in view is one track: each frame's faces are
 * matched greedily, cheapest pair first, to the tracks alive before it, on box overlap and
 * embedding distance as {@link TrackerPolicy} describes; a face that matches no track starts one,
 * and a track unseen too long ends. Not thread-safe: one tracker per camera, fed in frame order.
 */
public final class FaceTracker {
  private final TrackerPolicy policy;
  private final Metric metric;
  private final double sameDistance;
  private final Map<Long, Track> tracks = new LinkedHashMap<>();
  private long nextId = 1;
  private Instant lastFrame;
  private long frames;

  /**
   * @param policy the gates and the expiry
   * @param metric the embedding model's metric
   * @param sameDistance the model's verify threshold: within it two faces are taken to be one person
   */
  public FaceTracker(TrackerPolicy policy, Metric metric, double sameDistance) {
    if (policy == null || metric == null) {
      throw new IllegalArgumentException("a tracker needs a policy and a metric, got " + policy + ", " + metric);
    }
    if (!(sameDistance > 0) || !Double.isFinite(sameDistance)) {
      throw new IllegalArgumentException("the same-person distance must be positive and finite, got " + sameDistance);
    }
    this.policy = policy;
    this.metric = metric;
    this.sameDistance = sameDistance;
  }

  /** A track as the tracker keeps it: the face's last box, its latest embeddings, when it was last seen. */
  private static final class Track {
    final long id;
    final ArrayDeque<Embedding> embeddings = new ArrayDeque<>();
    Box box;
    /** The box's centre's move per frame between its last two sightings; zero after one. */
    float dx;
    float dy;
    long lastFrame;
    Instant lastSeen;
    int missed;

    Track(long id, Sighting s, long frame, Instant at, int kept) {
      this.id = id;
      see(s, frame, at, kept);
    }

    /** Where the face should be by {@code frame} if it kept moving as between its last two sightings. */
    Box predicted(long frame) {
      long n = frame - lastFrame;
      return new Box(box.x1() + dx * n, box.y1() + dy * n, box.x2() + dx * n, box.y2() + dy * n);
    }

    void see(Sighting s, long frame, Instant at, int kept) {
      if (box != null) {
        long n = frame - lastFrame;
        dx = (s.box().centerX() - box.centerX()) / n;
        dy = (s.box().centerY() - box.centerY()) / n;
      }
      box = s.box();
      lastFrame = frame;
      embeddings.addLast(s.embedding());
      while (embeddings.size() > kept) {
        embeddings.removeFirst();
      }
      lastSeen = at;
      missed = 0;
    }
  }

  /** The distance from {@code e} to the nearest of the track's kept embeddings. */
  private double distance(Track t, Embedding e) {
    double best = Double.POSITIVE_INFINITY;
    for (Embedding kept : t.embeddings) {
      kept.requireSameModel(e);
      best = Math.min(best, metric.distance(kept.vector(), e.vector()));
    }
    return best;
  }

  private record Pair(Track track, int sighting, double cost) {}

  /**
   * Takes one frame's faces, captured at {@code at}: assigns each to a track and ends the tracks
   * unseen too long.
   *
   * @throws IllegalArgumentException when {@code at} is earlier than the previous frame's time
   */
  public TrackUpdate update(List<Sighting> sightings, Instant at) {
    if (lastFrame != null && at.isBefore(lastFrame)) {
      throw new IllegalArgumentException("frame time " + at + " is earlier than the previous frame's " + lastFrame);
    }
    lastFrame = at;
    long frame = ++frames;
    List<Long> ended = new ArrayList<>();
    // Tracks unseen for longer than the policy allows end before this frame is matched, so that a
    // face coming back after them starts a new track.
    for (Iterator<Track> it = tracks.values().iterator(); it.hasNext(); ) {
      Track t = it.next();
      if (Duration.between(t.lastSeen, at).compareTo(policy.maxUnseen()) > 0) {
        ended.add(t.id);
        it.remove();
      }
    }
    List<Pair> pairs = new ArrayList<>();
    for (Track t : tracks.values()) {
      for (int i = 0; i < sightings.size(); i++) {
        Sighting s = sightings.get(i);
        // The overlap with where the face was last, or with where it would be had it kept moving:
        // a face walking past another, hidden for a frame or two, reappears ahead of its last box.
        double iou = Math.max(t.box.iou(s.box()), t.predicted(frame).iou(s.box()));
        double distance = distance(t, s.embedding());
        boolean onPosition = iou >= policy.minIou() && distance <= sameDistance * policy.overlapDistanceFactor();
        boolean onLooks = distance <= sameDistance;
        if (onPosition || onLooks) {
          pairs.add(new Pair(t, i, (1 - iou) + distance / sameDistance));
        }
      }
    }
    pairs.sort(Comparator.comparingDouble(Pair::cost));
    TrackUpdate.Assignment[] assigned = new TrackUpdate.Assignment[sightings.size()];
    List<Track> seen = new ArrayList<>();
    for (Pair p : pairs) {
      if (assigned[p.sighting()] == null && !seen.contains(p.track())) {
        assigned[p.sighting()] = new TrackUpdate.Assignment(p.track().id, false);
        seen.add(p.track());
        p.track().see(sightings.get(p.sighting()), frame, at, policy.embeddingsKept());
      }
    }
    for (Iterator<Track> it = tracks.values().iterator(); it.hasNext(); ) {
      Track t = it.next();
      if (!seen.contains(t) && ++t.missed > policy.maxMissedFrames()) {
        ended.add(t.id);
        it.remove();
      }
    }
    for (int i = 0; i < sightings.size(); i++) {
      if (assigned[i] == null) {
        Track t = new Track(nextId++, sightings.get(i), frame, at, policy.embeddingsKept());
        tracks.put(t.id, t);
        assigned[i] = new TrackUpdate.Assignment(t.id, true);
      }
    }
    ended.sort(Comparator.naturalOrder());
    return new TrackUpdate(List.of(assigned), ended);
  }

  /** Ends every track, as when the camera stops; returns their ids, oldest first. */
  public List<Long> endAll() {
    List<Long> ended = new ArrayList<>(tracks.keySet());
    tracks.clear();
    return ended;
  }

  /** Tracks now alive. */
  public int activeTracks() {
    return tracks.size();
  }
}
