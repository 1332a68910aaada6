package org.likeness.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.camera.CameraFeed;
import org.likeness.camera.CameraSource;
import org.likeness.camera.FeedOptions;
import org.likeness.camera.LfwVideo;
import org.likeness.camera.MjpegServer;
import org.likeness.engine.Likeness;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.GalleryOptions;
import org.likeness.lock.DoorLock;
import org.likeness.lock.LockOutcome;
import org.likeness.lock.LockPolicy;
import org.likeness.lock.LogOnlyActuator;
import org.likeness.lock.Opening;
import org.likeness.models.ModelCatalog;
import org.likeness.watch.CameraFrames;
import org.likeness.watch.OpenResult;
import org.likeness.watch.VisitEvent;
import org.likeness.watch.WatchPolicy;
import org.likeness.watch.Watcher;

/**
 * The door through ten stream losses: the LfwVideo served as a looping MJPEG stream feeds a watcher
 * through {@code likeness watch}'s camera adapter; the server is stopped and restarted ten times,
 * and after each restart the camera reconnects and the watcher decides the next visit, with no
 * thread left behind.
 */
@Tag("model")
class WatchCommandStreamLossTest {
  @TempDir static Path dir;
  static WatchCommandTest.Door door;

  @BeforeAll
  static void writeVideoAndEnroll() throws IOException {
    door = WatchCommandTest.prepare(dir);
  }

  @Test
  void theWatcherKeepsDecidingThroughTenStreamLossesWithoutGrowingThreads() throws Exception {
    List<VisitEvent> events = Collections.synchronizedList(new ArrayList<>());
    StringWriter cameraLog = new StringWriter();
    FeedOptions options = FeedOptions.DEFAULTS.withReadTimeout(Duration.ofSeconds(2))
        .withBackoff(Duration.ofMillis(100), Duration.ofMillis(400));
    try (MjpegServer server = MjpegServer.serve(door.video().jpegFrames(85), LfwVideo.FPS);
        Gallery g = Gallery.open(door.gallery(), GalleryOptions.defaults());
        Likeness engine = Likeness.open(ModelCatalog.DEFAULT_EMBEDDER);
        DoorLock lock = new DoorLock(List.of(new LogOnlyActuator()),
            new LockPolicy(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1)), Clock.systemUTC());
        CameraFeed feed = CameraFeed.open(CameraSource.parse(server.url()), options);
        Watcher watcher = new Watcher(new CameraFrames(feed,
            health -> WatchCommand.cameraChanged(new PrintWriter(cameraLog, true), health)),
            engine, g, engine.thresholds(), Optional.empty(),
            d -> lock.request(new Opening(d.person(), "door", d.at(), d.distance(), d.maxDistance(),
                Long.toString(d.visitId()))).kind() == LockOutcome.Kind.OPENED ? OpenResult.OPENED : OpenResult.FAILED,
            List.of(events::add), WatchPolicy.DEFAULT).start()) {
      long start = System.nanoTime();
      waitFor(() -> decisionsAfter(events, 0) > 0, "a first decision");
      int threadsAtCycle2 = 0;
      List<String> perCycle = new ArrayList<>();
      for (int cycle = 1; cycle <= 10; cycle++) {
        server.stop();
        Thread.sleep(300);
        int seen = events.size();
        long frames = watcher.stats().framesProcessed();
        server.start();
        waitFor(() -> decisionsAfter(events, seen) > 0, "a decision after restart " + cycle);
        assertTrue(watcher.stats().framesProcessed() > frames, "no frame after restart " + cycle);
        assertTrue(watcher.stats().running(), "watcher stopped: " + watcher.stats());
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        perCycle.add(cycle + ":" + threads);
        if (cycle == 2) {
          threadsAtCycle2 = threads;
        }
        if (cycle == 10) {
          // A thread or two may come and go (JIT compiler threads, the server's handler pool).
          assertTrue(threads <= threadsAtCycle2 + 2, "threads grew from " + threadsAtCycle2 + " at cycle 2 to "
              + threads + " at cycle 10: " + perCycle);
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long openings = watcher.stats().openings();
      System.out.printf(Locale.ROOT, "10 stream losses in %.1f s: %d frames (%.1f frames/s), %d visits, %d openings,"
              + " %d reconnects; threads per cycle %s%ncamera log:%n%s", seconds, watcher.stats().framesProcessed(),
          watcher.stats().framesProcessed() / seconds, watcher.stats().visits(), openings, feed.health().reconnects(),
          perCycle, cameraLog);
      assertTrue(feed.health().reconnects() >= 10, feed.health().toString());
      assertTrue(cameraLog.toString().contains("reconnecting"), cameraLog.toString());
    }
  }


  static long decisionsAfter(List<VisitEvent> events, int index) {
    synchronized (events) {
      return events.subList(index, events.size()).stream().filter(e -> e.kind() != VisitEvent.Kind.ENDED).count();
    }
  }

  static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "no " + what + " within 30 s");
      Thread.sleep(50);
    }
  }
}
