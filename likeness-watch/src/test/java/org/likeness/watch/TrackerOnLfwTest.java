package org.likeness.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.likeness.embed.Embedding;
import org.likeness.engine.Likeness;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.FaceEncoding;
import org.likeness.pipeline.PipelineOptions;
import org.likeness.watch.Scene.Placement;
import org.likeness.watch.track.FaceTracker;
import org.likeness.watch.track.Sighting;
import org.likeness.watch.track.TrackUpdate;
import org.likeness.watch.track.TrackerPolicy;

/**
 * The tracker on real faces: two LFW people walk past each other, one hiding the other where they
 * cross, and each keeps one track.
 */
@Tag("model")
class TrackerOnLfwTest {
  static Likeness engine;

  @BeforeAll
  static void open() {
    engine = Likeness.open(ModelCatalog.DEFAULT_EMBEDDER, ModelStore.locate(Optional.empty()),
        PipelineOptions.defaults(), OrtSettings.defaults());
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  @Test
  void twoPeopleWalkingPastEachOtherKeepTheirTracks() {
    Map<String, Embedding> reference = new HashMap<>();
    for (String name : List.of("Colin_Powell", "Tony_Blair")) {
      reference.put(name, engine.encode(Scene.lfw(name, 1)).embedding().orElseThrow());
    }
    FaceTracker tracker = new FaceTracker(TrackerPolicy.DEFAULT, engine.model().metric(),
        engine.thresholds().verify().maxDistance());
    Scene scene = new Scene();
    double same = engine.thresholds().verify().maxDistance();
    Map<String, Long> trackOf = new HashMap<>();
    java.util.Set<Long> others = new java.util.TreeSet<>();
    List<String> log = new ArrayList<>();
    int clear = 0;
    Instant at = Instant.parse("2026-12-04T08:00:00Z");
    for (int n = 0; n <= 12; n++) {
      // Powell walks right, Blair left, and Blair passes in front of him at n = 6.
      int xPowell = 100 + 36 * n;
      int xBlair = 540 - 36 * n;
      List<FaceEncoding> faces = engine.encodeAll(scene.draw(List.of(new Placement(Scene.lfw("Colin_Powell", 3),
          xPowell, 240, 140), new Placement(Scene.lfw("Tony_Blair", 3), xBlair, 240, 140))));
      List<Sighting> sightings = faces.stream()
          .map(f -> new Sighting(f.face().orElseThrow().box(), f.embedding().orElseThrow())).toList();
      TrackUpdate u = tracker.update(sightings, at.plusMillis(100L * n));
      for (int i = 0; i < faces.size(); i++) {
        String who = nearest(reference, faces.get(i).embedding().orElseThrow());
        double distance = engine.distance(reference.get(who), faces.get(i).embedding().get());
        long track = u.assignments().get(i).trackId();
        log.add(String.format(java.util.Locale.ROOT, "%d: %s at x %.0f..%.0f, %.3f from the reference, on track %d",
            n, who, faces.get(i).face().get().box().x1(), faces.get(i).face().get().box().x2(), distance, track));
        if (distance > same) {
          // Half hidden behind the other: it looks like nobody, and may start a short track of its own.
          others.add(track);
          continue;
        }
        clear++;
        Long before = trackOf.putIfAbsent(who, track);
        assertEquals(before == null ? track : before, track, "a clear face changed track:\n" + String.join("\n", log));
      }
    }
    assertEquals(2, trackOf.size(), String.join("\n", log));
    assertTrue(clear >= 22, "only " + clear + " clear faces of 26:\n" + String.join("\n", log));
    others.removeAll(trackOf.values());
    System.out.println("crossing: " + clear + " clear faces on 2 tracks, half-hidden ones on " + others.size()
        + " more:\n" + String.join("\n", log));
  }

  private String nearest(Map<String, Embedding> reference, Embedding e) {
    String best = null;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (var r : reference.entrySet()) {
      double d = engine.distance(r.getValue(), e);
      if (d < bestDistance) {
        best = r.getKey();
        bestDistance = d;
      }
    }
    return best;
  }
}
