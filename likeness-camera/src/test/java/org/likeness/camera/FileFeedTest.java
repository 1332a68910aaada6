package org.likeness.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.camera.CameraHealth.State;
import org.likeness.image.RgbImage;

class FileFeedTest {
  @TempDir static Path dir;
  static LfwVideo video;
  static Path file;

  @BeforeAll
  static void writeVideo() {
    video = new LfwVideo(LfwVideo.standardScript(LfwVideo.lfwRoot()));
    file = video.write(dir.resolve("door.avi"));
  }

  /** Reads the whole file as fast as possible. */
  private static List<Frame> readAll(CameraFeed feed) throws InterruptedException {
    List<Frame> frames = new ArrayList<>();
    Optional<Frame> frame;
    while ((frame = feed.next(Duration.ofSeconds(10))).isPresent()) {
      frames.add(frame.get());
    }
    return frames;
  }

  @Test
  void decodesEveryFrameOfTheLfwVideoAndEnds() throws Exception {
    try (CameraFeed feed =
        CameraFeed.open(CameraSource.parse(file.toString()), FeedOptions.DEFAULTS.withRealTime(false))) {
      List<Frame> frames = readAll(feed);
      CameraHealth health = feed.health();
      assertEquals(State.ENDED, health.state(), health.toString());
      assertEquals(video.script().frameCount(), health.framesDecoded(), health.toString());
      assertEquals(0, health.framesDropped(), "a file read as fast as possible waits for its reader");
      assertEquals(video.script().frameCount(), frames.size());
      for (int i = 0; i < frames.size(); i++) {
        assertEquals(i + 1, frames.get(i).sequence());
      }
      RgbImage first = frames.get(0).image();
      assertEquals(LfwVideo.WIDTH, first.width());
      assertEquals(LfwVideo.HEIGHT, first.height());
      assertTrue(feed.next(Duration.ofMillis(10)).isEmpty(), "an ended feed has nothing more");
    }
  }

  @Test
  void heldFramesShowThePersonAndGapFramesAreGrey() throws Exception {
    try (CameraFeed feed =
        CameraFeed.open(CameraSource.parse(file.toString()), FeedOptions.DEFAULTS.withRealTime(false))) {
      int checkedHeld = 0;
      int checkedGap = 0;
      Optional<Frame> next;
      while ((next = feed.next(Duration.ofSeconds(10))).isPresent()) {
        Frame frame = next.get();
        int index = (int) frame.sequence() - 1;
        Optional<LfwVideo.Visit> visit = video.script().inView(index);
        if (visit.isEmpty()) {
          assertTrue(meanAbsoluteDifference(frame.image(), video.frame(index)) < 2.0, "gap frame " + index + " is grey");
          checkedGap++;
        } else if (visit.get().held(index)) {
          double same = meanAbsoluteDifference(frame.image(), video.frame(index));
          int other = otherPersonsHeldFrame(visit.get());
          double different = meanAbsoluteDifference(frame.image(), video.frame(other));
          assertTrue(same < 6.0, "frame " + index + " differs from its drawing by " + same);
          assertTrue(different > 4 * same, "frame " + index + " is as close to frame " + other + ": " + different + " vs " + same);
          checkedHeld++;
        }
      }
      assertEquals(4 * 15, checkedHeld);
      assertTrue(checkedGap >= 40, "checked " + checkedHeld + " held and " + checkedGap + " gap frames");
    }
  }

  @Test
  void realTimeReadingTakesTheVideosDuration() throws Exception {
    FeedOptions options = FeedOptions.DEFAULTS.withRealTime(true);
    long start = System.nanoTime();
    try (CameraFeed feed = CameraFeed.open(CameraSource.parse(file.toString()), options)) {
      Optional<Frame> frame = feed.next(Duration.ofSeconds(5));
      assertTrue(frame.isPresent());
      Thread.sleep(1000);
      CameraHealth health = feed.health();
      // About 10 frames in the first second; far from the whole file.
      assertTrue(health.framesDecoded() >= 5 && health.framesDecoded() <= 20, health.toString());
      assertEquals(State.STREAMING, health.state());
      assertTrue(health.framesPerSecond() > 5 && health.framesPerSecond() < 20, health.toString());
    }
    assertTrue(System.nanoTime() - start < 5_000_000_000L);
  }

  @Test
  void loopingFileStartsAgainAtItsEnd() throws Exception {
    FeedOptions options = FeedOptions.DEFAULTS.withRealTime(false).withLoop(true);
    try (CameraFeed feed = CameraFeed.open(CameraSource.parse(file.toString()), options)) {
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (feed.health().framesDecoded() <= 2L * video.script().frameCount() && System.nanoTime() < deadline) {
        feed.next(Duration.ofSeconds(1));
      }
      assertTrue(feed.health().framesDecoded() > 2L * video.script().frameCount(), feed.health().toString());
      assertEquals(State.STREAMING, feed.health().state());
    }
  }

  private int otherPersonsHeldFrame(LfwVideo.Visit visit) {
    List<LfwVideo.Visit> visits = video.script().visits();
    LfwVideo.Visit other = visits.get((visits.indexOf(visit) + 1) % visits.size());
    return other.holdFrame();
  }

  static double meanAbsoluteDifference(RgbImage a, RgbImage b) {
    assertEquals(a.width(), b.width());
    assertEquals(a.height(), b.height());
    long sum = 0;
    byte[] pa = a.pixels();
    byte[] pb = b.pixels();
    for (int i = 0; i < pa.length; i++) {
      sum += Math.abs((pa[i] & 0xFF) - (pb[i] & 0xFF));
    }
    return (double) sum / pa.length;
  }
}
