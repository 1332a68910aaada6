package org.likeness.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.likeness.camera.CameraHealth.State;

/** An HTTP MJPEG camera served by {@link MjpegServer}: dropping, reconnecting, closing. */
class LiveFeedTest {
  static LfwVideo video;
  static List<byte[]> jpegs;

  /** Quick reconnects so ten cycles fit in a test. */
  static final FeedOptions FAST_RECONNECT =
      FeedOptions.DEFAULTS.withReadTimeout(Duration.ofSeconds(2)).withBackoff(Duration.ofMillis(100), Duration.ofMillis(400));

  @BeforeAll
  static void encodeFrames() {
    video = new LfwVideo(LfwVideo.standardScript(LfwVideo.lfwRoot()));
    jpegs = video.jpegFrames(90);
  }

  @Test
  void slowConsumerSeesNewerFramesAndTheRestAreDropped() throws Exception {
    try (MjpegServer server = MjpegServer.serve(jpegs, 25);
        CameraFeed feed = CameraFeed.open(CameraSource.parse(server.url()), FAST_RECONNECT)) {
      long previous = 0;
      int received = 0;
      int threadsAtStart = 0;
      for (int i = 0; i < 12; i++) {
        Optional<Frame> frame = feed.next(Duration.ofSeconds(5));
        assertTrue(frame.isPresent(), "no frame within 5 s: " + feed.health());
        assertTrue(frame.get().sequence() > previous, "sequence went from " + previous + " to " + frame.get().sequence());
        if (i > 1) {
          assertTrue(frame.get().sequence() - previous >= 3, "a 200 ms consumer of a 25 fps stream skips frames");
        }
        previous = frame.get().sequence();
        received++;
        if (i == 1) {
          threadsAtStart = liveThreads();
        }
        Thread.sleep(200);
      }
      CameraHealth health = feed.health();
      assertEquals(State.STREAMING, health.state());
      assertTrue(health.framesDropped() > 20, health.toString());
      assertEquals(health.framesDecoded(), received + health.framesDropped() + (feed.next(Duration.ZERO).isPresent() ? 1 : 0));
      assertTrue(health.framesPerSecond() > 15 && health.framesPerSecond() < 35, health.toString());
      assertTrue(liveThreads() <= threadsAtStart, "threads grew from " + threadsAtStart + " to " + liveThreads());
    }
  }

  @Test
  void reconnectsAfterEachOfTenServerRestartsWithoutGrowing() throws Exception {
    try (MjpegServer server = MjpegServer.serve(jpegs, 15);
        CameraFeed feed = CameraFeed.open(CameraSource.parse(server.url()), FAST_RECONNECT)) {
      awaitFrameAfter(feed, 0);
      int threadsAtCycle2 = 0;
      long heapAtCycle2 = 0;
      ProcessStatus processAtCycle2 = null;
      for (int cycle = 1; cycle <= 10; cycle++) {
        long reconnectsBefore = feed.health().reconnects();
        server.stop();
        awaitState(feed, s -> s == State.RECONNECTING, "RECONNECTING after stop in cycle " + cycle);
        Thread.sleep(300);
        // Nothing listens now: the feed keeps trying and keeps saying why.
        assertTrue(feed.health().lastError().isPresent(), feed.health().toString());
        long lastSeen = drain(feed);
        server.start();
        Frame after = awaitFrameAfter(feed, lastSeen);
        assertEquals(State.STREAMING, feed.health().state(), "cycle " + cycle + ": " + feed.health());
        assertTrue(feed.health().reconnects() > reconnectsBefore, feed.health().toString());
        assertTrue(after.sequence() > lastSeen);
        if (cycle == 2) {
          threadsAtCycle2 = liveThreads();
          heapAtCycle2 = usedHeapAfterGc();
          processAtCycle2 = ProcessStatus.read();
        }
        if (cycle == 10) {
          int threads = liveThreads();
          long heap = usedHeapAfterGc();
          ProcessStatus process = ProcessStatus.read();
          System.out.printf(
              "reconnect cycles: JVM threads %d -> %d, OS threads %d -> %d, heap after GC %d -> %d KiB, RSS %d -> %d KiB%n",
              threadsAtCycle2, threads, processAtCycle2.threads(), process.threads(),
              heapAtCycle2 / 1024, heap / 1024, processAtCycle2.rssKib(), process.rssKib());
          // A leak of one thread per reconnect would add 8; the slack is for the JVM's own threads
          // (JIT compilers, GC workers) that come and go.
          assertTrue(threads <= threadsAtCycle2 + 2, "live threads grew from " + threadsAtCycle2 + " at cycle 2 to " + threads);
          // FFmpeg's own decoder threads are native: only the OS sees them.
          assertTrue(
              process.threads() <= processAtCycle2.threads() + 4,
              "OS threads grew from " + processAtCycle2.threads() + " at cycle 2 to " + process.threads());
          assertTrue(heap < heapAtCycle2 + 32L * 1024 * 1024, "heap after GC grew from " + heapAtCycle2 + " to " + heap);
          assertTrue(
              process.rssKib() < processAtCycle2.rssKib() + 64 * 1024,
              "resident memory grew from " + processAtCycle2.rssKib() + " KiB at cycle 2 to " + process.rssKib());
        }
      }
      assertTrue(server.connections() >= 11, "connections: " + server.connections());
    }
  }

  @Test
  void nothingListeningMeansReconnectingWithAnErrorNeverAnException() throws Exception {
    int port;
    try (MjpegServer server = MjpegServer.serve(jpegs, 10)) {
      port = server.port();
    }
    CameraSource source = CameraSource.parse("http://127.0.0.1:" + port + "/stream.mjpg");
    try (CameraFeed feed = CameraFeed.open(source, FAST_RECONNECT)) {
      for (int i = 0; i < 3; i++) {
        assertTrue(feed.next(Duration.ofMillis(400)).isEmpty());
      }
      CameraHealth health = feed.health();
      assertEquals(State.RECONNECTING, health.state(), health.toString());
      assertTrue(health.reconnects() >= 1, health.toString());
      assertTrue(health.lastError().isPresent(), health.toString());
      assertEquals(0, health.framesDecoded());
    }
  }

  @Test
  void closeStopsTheDecodeThreadPromptlyAndTwiceIsFine() throws Exception {
    try (MjpegServer server = MjpegServer.serve(jpegs, 25)) {
      CameraFeed feed = CameraFeed.open(CameraSource.parse(server.url()), FAST_RECONNECT);
      String name = feed.threadName();
      assertTrue(name.startsWith(CameraFeed.THREAD_PREFIX), name);
      awaitFrameAfter(feed, 0);
      assertTrue(threadAlive(name));
      long start = System.nanoTime();
      feed.close();
      long closeMillis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(closeMillis < 1000, "close took " + closeMillis + " ms");
      assertTrue(!threadAlive(name), "thread " + name + " outlived close");
      assertEquals(State.CLOSED, feed.health().state());
      feed.close();
      assertTrue(feed.next(Duration.ofSeconds(1)).isEmpty());
    }
  }

  @Test
  void closeWhileReconnectingIsPrompt() throws Exception {
    int port;
    try (MjpegServer server = MjpegServer.serve(jpegs, 10)) {
      port = server.port();
    }
    CameraFeed feed =
        CameraFeed.open(
            CameraSource.parse("http://127.0.0.1:" + port + "/"),
            FAST_RECONNECT.withBackoff(Duration.ofSeconds(5), Duration.ofSeconds(10)));
    awaitState(feed, s -> s == State.RECONNECTING, "RECONNECTING");
    long start = System.nanoTime();
    feed.close();
    assertTrue((System.nanoTime() - start) / 1_000_000 < 1000, "close waited out the back-off");
    assertTrue(!threadAlive(feed.threadName()));
  }

  static Frame awaitFrameAfter(CameraFeed feed, long sequence) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      Optional<Frame> frame = feed.next(Duration.ofMillis(500));
      if (frame.isPresent() && frame.get().sequence() > sequence) {
        return frame.get();
      }
    }
    return fail("no frame after " + sequence + " within 10 s: " + feed.health());
  }

  /** Takes whatever frame waits and returns the highest sequence decoded so far. */
  static long drain(CameraFeed feed) throws InterruptedException {
    feed.next(Duration.ZERO);
    return feed.health().framesDecoded();
  }

  static void awaitState(CameraFeed feed, Predicate<State> wanted, String what) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!wanted.test(feed.health().state())) {
      if (System.nanoTime() > deadline) {
        fail("no " + what + " within 10 s: " + feed.health());
      }
      Thread.sleep(20);
    }
  }

  static boolean threadAlive(String name) {
    return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
  }

  static int liveThreads() throws InterruptedException {
    Thread.sleep(100);
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  /** Thread count and resident memory of this process as Linux reports them (native threads too). */
  record ProcessStatus(int threads, long rssKib) {
    static ProcessStatus read() throws java.io.IOException {
      int threads = -1;
      long rss = -1;
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("Threads:")) {
          threads = Integer.parseInt(line.substring(8).strip());
        } else if (line.startsWith("VmRSS:")) {
          rss = Long.parseLong(line.substring(6).strip().split("\\s+")[0]);
        }
      }
      if (threads < 0 || rss < 0) {
        throw new IllegalStateException("/proc/self/status has no Threads or VmRSS line");
      }
      return new ProcessStatus(threads, rss);
    }
  }

  static long usedHeapAfterGc() throws InterruptedException {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
