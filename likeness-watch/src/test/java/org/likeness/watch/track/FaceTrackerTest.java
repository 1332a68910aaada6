package org.likeness.watch.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.likeness.compare.Metric;
import org.likeness.detect.Box;
import org.likeness.embed.Embedding;
import org.likeness.embed.ModelId;

/** The tracker on synthetic boxes and embeddings: each person is a direction in 8-d, plus noise. */
class FaceTrackerTest {
  static final ModelId MODEL = new ModelId("synthetic", "0".repeat(64));
  static final double SAME = 0.4;
  static final Instant T0 = Instant.parse("2026-12-04T08:00:00Z");
  final Random random = new Random(15);

  /** Person {@code who}'s face as one frame sees it: their direction, slightly off. */
  Embedding face(int who) {
    float[] v = new float[8];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (random.nextGaussian() * 0.05);
    }
    v[who] += 1;
    return Embedding.normalized(v, MODEL);
  }

  static Box box(float x, float y, float size) {
    return new Box(x, y, x + size, y + size);
  }

  static Instant frame(int n) {
    return T0.plusMillis(100L * n);
  }

  FaceTracker tracker() {
    return new FaceTracker(TrackerPolicy.DEFAULT, Metric.COSINE, SAME);
  }

  @Test
  void twoFacesCrossingKeepTheirTracks() {
    FaceTracker t = tracker();
    TrackUpdate first = t.update(List.of(new Sighting(box(0, 100, 80), face(0)), new Sighting(box(400, 100, 80),
        face(1))), frame(0));
    long a = first.assignments().get(0).trackId();
    long b = first.assignments().get(1).trackId();
    assertNotEquals(a, b);
    for (int n = 1; n <= 20; n++) {
      float xa = 20f * n;
      float xb = 400 - 20f * n;
      // At n = 10 the two boxes coincide; list them in either order.
      List<Sighting> s = n % 2 == 0
          ? List.of(new Sighting(box(xa, 100, 80), face(0)), new Sighting(box(xb, 100, 80), face(1)))
          : List.of(new Sighting(box(xb, 100, 80), face(1)), new Sighting(box(xa, 100, 80), face(0)));
      TrackUpdate u = t.update(s, frame(n));
      long ta = u.assignments().get(n % 2 == 0 ? 0 : 1).trackId();
      long tb = u.assignments().get(n % 2 == 0 ? 1 : 0).trackId();
      assertEquals(a, ta, "frame " + n + ": A changed track");
      assertEquals(b, tb, "frame " + n + ": B changed track");
      assertTrue(u.ended().isEmpty());
      assertTrue(u.assignments().stream().noneMatch(TrackUpdate.Assignment::started), "frame " + n);
    }
    assertEquals(2, t.activeTracks());
  }

  @Test
  void aFaceMissedForAFrameContinuesItsTrack() {
    FaceTracker t = tracker();
    long id = t.update(List.of(new Sighting(box(100, 100, 80), face(2))), frame(0)).assignments().get(0).trackId();
    TrackUpdate missed = t.update(List.of(), frame(1));
    assertTrue(missed.ended().isEmpty());
    TrackUpdate back = t.update(List.of(new Sighting(box(110, 104, 84), face(2))), frame(2));
    assertEquals(new TrackUpdate.Assignment(id, false), back.assignments().get(0));
  }

  @Test
  void aPersonWhoLeavesAndComesBackLaterIsANewTrack() {
    FaceTracker t = tracker();
    long id = t.update(List.of(new Sighting(box(100, 100, 80), face(3))), frame(0)).assignments().get(0).trackId();
    int n = 1;
    for (; n <= TrackerPolicy.DEFAULT.maxMissedFrames(); n++) {
      assertTrue(t.update(List.of(), frame(n)).ended().isEmpty(), "ended after only " + n + " missed frames");
    }
    assertEquals(List.of(id), t.update(List.of(), frame(n)).ended());
    assertEquals(0, t.activeTracks());
    TrackUpdate back = t.update(List.of(new Sighting(box(100, 100, 80), face(3))), frame(n + 1));
    assertTrue(back.assignments().get(0).started());
    assertNotEquals(id, back.assignments().get(0).trackId());
  }

  @Test
  void aTrackUnseenLongerThanTheTimeLimitEndsEvenAfterFewFrames() {
    FaceTracker t = tracker();
    long id = t.update(List.of(new Sighting(box(100, 100, 80), face(4))), frame(0)).assignments().get(0).trackId();
    // A camera that stalls: the next frame comes 2 s later, with the same person in the same place.
    TrackUpdate later = t.update(List.of(new Sighting(box(100, 100, 80), face(4))), frame(20));
    assertEquals(List.of(id), later.ended());
    assertTrue(later.assignments().get(0).started());
  }

  @Test
  void aStrangerSteppingIntoTheSamePlaceStartsANewTrack() {
    FaceTracker t = tracker();
    long id = t.update(List.of(new Sighting(box(100, 100, 80), face(5))), frame(0)).assignments().get(0).trackId();
    TrackUpdate other = t.update(List.of(new Sighting(box(102, 100, 80), face(6))), frame(1));
    assertTrue(other.assignments().get(0).started(), "another person's face took over track " + id);
  }

  @Test
  void aFaceThatJumpsButLooksTheSameContinuesItsTrack() {
    FaceTracker t = tracker();
    long id = t.update(List.of(new Sighting(box(10, 10, 60), face(7))), frame(0)).assignments().get(0).trackId();
    TrackUpdate jumped = t.update(List.of(new Sighting(box(400, 300, 60), face(7))), frame(1));
    assertEquals(new TrackUpdate.Assignment(id, false), jumped.assignments().get(0));
  }

  @Test
  void aFaceHalfHiddenForAFrameIsStillKnownByItsEarlierLooks() {
    FaceTracker t = tracker();
    long id = t.update(List.of(new Sighting(box(100, 100, 80), face(0))), frame(0)).assignments().get(0).trackId();
    // Half hidden behind someone: its embedding lies between the two people, and its box shifts.
    float[] mixed = face(0).vector().clone();
    float[] other = face(1).vector();
    for (int i = 0; i < mixed.length; i++) {
      mixed[i] += other[i];
    }
    Embedding half = Embedding.normalized(mixed, MODEL);
    assertEquals(id, t.update(List.of(new Sighting(box(120, 100, 80), half)), frame(1)).assignments().get(0)
        .trackId());
    // Out from behind, far from the half-hidden box: only the clear look from frame 0 recognises it.
    TrackUpdate out = t.update(List.of(new Sighting(box(300, 100, 80), face(0))), frame(2));
    assertEquals(new TrackUpdate.Assignment(id, false), out.assignments().get(0));
  }

  @Test
  void endAllEndsEveryTrackOldestFirst() {
    FaceTracker t = tracker();
    TrackUpdate u = t.update(List.of(new Sighting(box(0, 0, 50), face(0)), new Sighting(box(300, 0, 50), face(1))),
        frame(0));
    assertEquals(List.of(u.assignments().get(0).trackId(), u.assignments().get(1).trackId()), t.endAll());
    assertEquals(0, t.activeTracks());
  }

  @Test
  void refusesAFrameOlderThanThePreviousOne() {
    FaceTracker t = tracker();
    t.update(List.of(), frame(5));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.update(List.of(), frame(4)));
    assertTrue(e.getMessage().contains(frame(4).toString()), e.getMessage());
  }

  @Test
  void refusesEmbeddingsFromAnotherModel() {
    FaceTracker t = tracker();
    t.update(List.of(new Sighting(box(0, 0, 50), face(0))), frame(0));
    Embedding other = Embedding.normalized(new float[] {1, 0, 0, 0, 0, 0, 0, 0}, new ModelId("other", "1".repeat(64)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> t.update(List.of(new Sighting(box(0, 0, 50), other)), frame(1)));
    assertTrue(e.getMessage().contains("other"), e.getMessage());
  }

  @Test
  void policyRefusesBoundsThatMakeNoSenseAndNamesThem() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new TrackerPolicy(0, 2, 5, 10, Duration.ofSeconds(1)))
        .getMessage().contains("0.0"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new TrackerPolicy(0.3, 0.5, 5, 10,
        Duration.ofSeconds(1))).getMessage().contains("0.5"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new TrackerPolicy(0.3, 2, 5, -1,
        Duration.ofSeconds(1))).getMessage().contains("-1"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new TrackerPolicy(0.3, 2, 5, 10, Duration.ZERO))
        .getMessage().contains("PT0S"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new TrackerPolicy(0.3, 2, 0, 10,
        Duration.ofSeconds(1))).getMessage().contains("got 0"));
    assertThrows(IllegalArgumentException.class, () -> new FaceTracker(TrackerPolicy.DEFAULT, Metric.COSINE, 0));
    assertFalse(TrackerPolicy.DEFAULT.maxUnseen().isNegative());
  }
}
