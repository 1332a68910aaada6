package org.likeness.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.detect.DetectedFace;
import org.likeness.engine.Likeness;
import org.likeness.engine.Models;
import org.likeness.gallery.Enrollment;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.GalleryOptions;
import org.likeness.gallery.GallerySpec;
import org.likeness.gallery.Match;
import org.likeness.gallery.Template;
import org.likeness.liveness.LivenessCheck;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import org.likeness.models.Sha256;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.FaceEncoding;
import org.likeness.pipeline.PipelineOptions;
import org.likeness.watch.Scene.Placement;
import org.likeness.watch.visit.Refusal;

/**
 * The door's loop end to end on real faces, without video: visitors' LFW photos walk up to a
 * synthetic camera, and each enrolled one gets exactly one opening, the stranger none.
 */
@Tag("model")
class WatcherOnLfwTest {
  /** Enrolled from their first two photos; the first four visit with their third. */
  static final List<String> STAFF = List.of("Colin_Powell", "Tony_Blair", "Serena_Williams", "Gerhard_Schroeder",
      "Ariel_Sharon", "Hugo_Chavez");
  static final List<String> VISITORS = List.of("Colin_Powell", "Tony_Blair", "Serena_Williams");
  /** Stays in view for eight seconds while the stranger comes and goes beside him. */
  static final String STAYS = "Gerhard_Schroeder";
  static final String STRANGER = "Vladimir_Putin";

  static final ModelSpec SPEC = ModelCatalog.DEFAULT_EMBEDDER;
  static Likeness engine;
  @TempDir static Path dir;
  static Gallery gallery;

  @BeforeAll
  static void enrollStaff() {
    engine = Likeness.open(SPEC, ModelStore.locate(Optional.empty()), PipelineOptions.defaults(),
        OrtSettings.defaults());
    gallery = Gallery.create(dir.resolve("door"), GallerySpec.cosine("door", SPEC.id(), SPEC.dimensions()),
        GalleryOptions.defaults());
    List<Enrollment> batch = new ArrayList<>();
    for (String name : STAFF) {
      for (int n = 1; n <= 2; n++) {
        FaceEncoding e = engine.encode(Scene.lfw(name, n));
        DetectedFace d = e.face().orElseThrow();
        batch.add(new Enrollment(name, new Template(e.embedding().orElseThrow(),
            Sha256.of((name + n).getBytes(java.nio.charset.StandardCharsets.UTF_8)), d.box(), d.score(),
            Instant.now())));
      }
    }
    gallery.enrollAll(batch);
  }

  @AfterAll
  static void close() {
    gallery.close();
    engine.close();
  }

  /** Runs {@code scene} through a watcher to its end; returns the events in order. */
  static List<VisitEvent> watch(Scene scene, DoorOpener opener, List<WatchStats> stats) throws Exception {
    return watch(scene, opener, stats, Optional.empty(), List.of());
  }

  static List<VisitEvent> watch(Scene scene, DoorOpener opener, List<WatchStats> stats,
      Optional<LivenessCheck> liveness, List<VisitListener> more) throws Exception {
    List<VisitEvent> events = Collections.synchronizedList(new ArrayList<>());
    List<VisitListener> listeners = new ArrayList<>(more);
    listeners.add(events::add);
    try (Watcher w = new Watcher(scene.feed(), engine, gallery, engine.thresholds(), liveness, opener,
        listeners, WatchPolicy.DEFAULT).start()) {
      assertTrue(w.awaitEnd(Duration.ofMinutes(2)), "the scene did not end in 2 minutes");
      stats.add(w.stats());
    }
    return List.copyOf(events);
  }

  static List<VisitEvent> of(List<VisitEvent> events, VisitEvent.Kind kind) {
    return events.stream().filter(e -> e.kind() == kind).toList();
  }

  static String describe(List<VisitEvent> events) {
    return events.stream().map(e -> e.visitId() + " " + e.kind() + " " + e.explanation())
        .collect(Collectors.joining("\n  ", "\n  ", ""));
  }

  @Test
  void everyEnrolledVisitorOpensOnceAndTheStrangerNever() throws Exception {
    Scene scene = new Scene();
    for (String name : VISITORS) {
      scene.visit(Scene.lfw(name, 3));
    }
    // Schroeder walks up on the left and stays eight seconds; Putin walks up on the right meanwhile,
    // stands, and leaves while Schroeder is still there.
    Path stays = Scene.lfw(STAYS, 3);
    Path stranger = Scene.lfw(STRANGER, 1);
    Placement standing = new Placement(stays, 170, 240, 180);
    for (int size : Scene.APPROACH) {
      scene.shot(List.of(new Placement(stays, 170, 240, Math.min(size, 180))));
    }
    for (int size : Scene.APPROACH) {
      scene.shot(List.of(standing, new Placement(stranger, 470, 240, Math.min(size, 180))));
    }
    scene.hold(4, List.of(standing, new Placement(stranger, 470, 240, 180)));
    scene.hold(64, List.of(standing));
    scene.hold(3, List.of());

    List<VisitDecision> asked = new ArrayList<>();
    List<WatchStats> stats = new ArrayList<>();
    long began = System.nanoTime();
    List<VisitEvent> events = watch(scene, d -> {
      asked.add(d);
      return OpenResult.OPENED;
    }, stats);
    double seconds = (System.nanoTime() - began) / 1e9;
    String log = describe(events);

    List<String> opened = of(events, VisitEvent.Kind.OPENED).stream().map(e -> e.person().orElseThrow()).toList();
    List<String> expected = new ArrayList<>(VISITORS);
    expected.add(STAYS);
    assertEquals(expected, opened, "each enrolled visitor opens exactly once, in order:" + log);
    assertEquals(expected.size(), asked.size(), "the door opener was asked once per enrolled visitor:" + log);
    // Each decision counted its good frames from its first one on: the scene's frames are 100 ms
    // apart, so the first is at least (framesToDecide - 1) frames before the deciding one.
    Duration waited = Scene.FRAME.multipliedBy(WatchPolicy.DEFAULT.visit().framesToDecide() - 1);
    for (VisitDecision d : asked) {
      assertTrue(Duration.between(d.firstCounted(), d.at()).compareTo(waited) >= 0,
          d.person() + " decided at " + d.at() + " on frames from " + d.firstCounted() + log);
    }
    List<VisitEvent> refused = of(events, VisitEvent.Kind.REFUSED);
    assertEquals(1, refused.size(), "the stranger's visit, and only it, is refused once:" + log);
    Refusal why = refused.get(0).refusal().orElseThrow();
    assertTrue(why == Refusal.STRANGER || why == Refusal.UNCERTAIN, "the stranger was refused as " + why + log);
    assertTrue(of(events, VisitEvent.Kind.NOT_OPENED).isEmpty(), log);

    // One decision and one end per visit, the decision first.
    Map<Long, List<VisitEvent.Kind>> perVisit = events.stream().collect(Collectors.groupingBy(VisitEvent::visitId,
        Collectors.mapping(VisitEvent::kind, Collectors.toList())));
    assertEquals(5, perVisit.size(), "five visits:" + log);
    perVisit.forEach((id, kinds) -> {
      assertEquals(2, kinds.size(), "visit " + id + ": " + kinds);
      assertEquals(VisitEvent.Kind.ENDED, kinds.get(1), "visit " + id + ": " + kinds);
    });

    // Schroeder stays 8 s and is opened for once; his visit ends only when he leaves.
    VisitEvent stayed = of(events, VisitEvent.Kind.OPENED).get(3);
    VisitEvent stayedEnd = events.stream().filter(e -> e.visitId() == stayed.visitId()
        && e.kind() == VisitEvent.Kind.ENDED).findFirst().orElseThrow();
    assertTrue(stayedEnd.frames() >= 80, "Schroeder's visit was cut short at " + stayedEnd.frames() + " frames" + log);

    WatchStats s = stats.get(0);
    assertEquals(scene.frames(), s.framesProcessed());
    assertEquals(scene.dropped(), s.framesDropped());
    assertEquals(5, s.visits());
    assertEquals(4, s.openings());
    assertEquals(1, s.refusals());
    assertEquals(0, s.tracksInView());
    System.out.printf("watch: %d frames in %.1f s (%.1f frames/s), %d faces, events:%s%n", s.framesProcessed(),
        seconds, s.framesProcessed() / seconds, s.facesSeen(), log);
  }

  @Test
  void aDeadDoorOpenerOpensNothingAndTheEventsSaySo() throws Exception {
    Scene scene = new Scene().visit(Scene.lfw("Colin_Powell", 3)).visit(Scene.lfw("Tony_Blair", 3));
    List<String> asked = new ArrayList<>();
    List<VisitEvent> events = watch(scene, d -> {
      asked.add(d.person());
      if (asked.size() == 1) {
        throw new IllegalStateException("relay on /dev/ttyUSB0 does not answer");
      }
      return OpenResult.FAILED;
    }, new ArrayList<>());
    String log = describe(events);
    assertEquals(List.of("Colin_Powell", "Tony_Blair"), asked, log);
    assertTrue(of(events, VisitEvent.Kind.OPENED).isEmpty(), "a dead door opened:" + log);
    List<VisitEvent> failed = of(events, VisitEvent.Kind.NOT_OPENED);
    assertEquals(2, failed.size(), log);
    assertTrue(failed.stream().allMatch(e -> e.door().equals(Optional.of(OpenResult.FAILED))), log);
    assertTrue(failed.get(0).explanation().contains("relay on /dev/ttyUSB0 does not answer"), log);
  }

  @Test
  void aLockWithAMinimumGapBetweenOpeningsIsAskedOncePerVisitAndHeard() throws Exception {
    Scene scene = new Scene().visit(Scene.lfw("Colin_Powell", 3)).resend().visit(Scene.lfw("Tony_Blair", 3));
    Duration gap = Duration.ofSeconds(30);
    List<Instant> openings = new ArrayList<>();
    List<String> asked = new ArrayList<>();
    DoorOpener lock = d -> {
      asked.add(d.person());
      if (!openings.isEmpty() && Duration.between(openings.get(openings.size() - 1), d.at()).compareTo(gap) < 0) {
        return OpenResult.TOO_SOON;
      }
      openings.add(d.at());
      return OpenResult.OPENED;
    };
    List<WatchStats> stats = new ArrayList<>();
    // A broken audit log beside the real one: it throws on every event and stops nothing.
    List<VisitEvent> events = watch(scene, lock, stats, Optional.empty(), List.of(e -> {
      throw new IllegalStateException("audit disk full");
    }));
    String log = describe(events);
    assertEquals(events.size(), stats.get(0).listenerFailures(), log);
    assertEquals(1, stats.get(0).framesOutOfOrder(), "the resent frame is skipped and counted");
    assertEquals(scene.frames() - 1, stats.get(0).framesProcessed());
    assertEquals(List.of("Colin_Powell", "Tony_Blair"), asked, log);
    assertEquals(1, openings.size(), log);
    assertEquals(List.of("Colin_Powell"),
        of(events, VisitEvent.Kind.OPENED).stream().map(e -> e.person().orElseThrow()).toList(), log);
    VisitEvent tooSoon = of(events, VisitEvent.Kind.NOT_OPENED).get(0);
    assertEquals(Optional.of("Tony_Blair"), tooSoon.person());
    assertEquals(Optional.of(OpenResult.TOO_SOON), tooSoon.door());
  }

  @Test
  void aGatingLivenessCheckThatCallsEveryFaceAPhotoOpensNothingAndAReportingOneStillOpens() throws Exception {
    Models models = new Models(ModelStore.locate(Optional.empty()), OrtSettings.defaults());
    // An attack-score threshold under any score: every face looks like a photo.
    try (LivenessCheck gate = models.livenessCheck(ModelCatalog.DEFAULT_LIVENESS, Optional.of(-1.0), Optional.of(true));
        LivenessCheck report = models.livenessCheck(ModelCatalog.DEFAULT_LIVENESS, Optional.of(-1.0),
            Optional.of(false))) {
      List<String> asked = new ArrayList<>();
      List<VisitEvent> gated = watch(new Scene().visit(Scene.lfw("Colin_Powell", 3)), d -> {
        asked.add(d.person());
        return OpenResult.OPENED;
      }, new ArrayList<>(), Optional.of(gate), List.of());
      String log = describe(gated);
      assertTrue(asked.isEmpty(), "the door was asked to open for a photo:" + log);
      List<VisitEvent> refused = of(gated, VisitEvent.Kind.REFUSED);
      assertEquals(1, refused.size(), log);
      assertEquals(Optional.of(Refusal.SPOOF), refused.get(0).refusal(), log);

      List<VisitEvent> reported = watch(new Scene().visit(Scene.lfw("Colin_Powell", 3)), d -> OpenResult.OPENED,
          new ArrayList<>(), Optional.of(report), List.of());
      assertEquals(1, of(reported, VisitEvent.Kind.OPENED).size(), describe(reported));
    }
  }

  @Test
  void closingStopsAWatcherOnALiveCameraThatNeverEnds() throws Exception {
    FrameFeed silent = timeout -> {
      Thread.sleep(timeout.toMillis());
      return Optional.empty();
    };
    Watcher w = new Watcher(silent, engine, gallery, engine.thresholds(), Optional.empty(), d -> OpenResult.OPENED,
        List.of(), WatchPolicy.DEFAULT).start();
    assertTrue(w.stats().running());
    w.close();
    assertTrue(w.awaitEnd(Duration.ofSeconds(1)));
    WatchStats s = w.stats();
    assertTrue(!s.running() && s.failure().isEmpty(), s.toString());
  }

  @Test
  void aFeedThatFailsStopsTheWatcherAndSaysWhy() throws Exception {
    FrameFeed broken = timeout -> {
      throw new IllegalStateException("ffmpeg exited with 1: rtsp://door/stream unreachable");
    };
    try (Watcher w = new Watcher(broken, engine, gallery, engine.thresholds(), Optional.empty(),
        d -> OpenResult.OPENED, List.of(), WatchPolicy.DEFAULT).start()) {
      assertTrue(w.awaitEnd(Duration.ofSeconds(5)));
      String failure = w.stats().failure().orElseThrow();
      assertTrue(failure.contains("rtsp://door/stream unreachable"), failure);
    }
  }

  @Test
  void encodeAllFindsEveryFaceInAFrameEachWithItsOwnEmbedding() {
    Scene scene = new Scene();
    var frame = scene.draw(List.of(new Placement(Scene.lfw("Colin_Powell", 3), 170, 240, 180),
        new Placement(Scene.lfw("Tony_Blair", 3), 470, 240, 180)));
    List<FaceEncoding> all = engine.encodeAll(frame);
    assertEquals(2, all.size(), "faces found: " + all.size());
    for (FaceEncoding f : all) {
      assertEquals(2, f.facesFound());
      String expected = f.face().orElseThrow().box().centerX() < 320 ? "Colin_Powell" : "Tony_Blair";
      Match nearest = gallery.search(f.embedding().orElseThrow(), 1).get(0);
      assertEquals(expected, nearest.identity(), "face at " + f.face().get().box());
      assertTrue(f.quality().isPresent());
    }
  }
}
