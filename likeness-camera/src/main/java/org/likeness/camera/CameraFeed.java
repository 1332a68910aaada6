package org.likeness.camera;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.likeness.camera.CameraHealth.State;
import org.likeness.image.RgbImage;

/**
 * A camera read on its own thread: frames are decoded as fast as the source gives them, only the
 * newest waits for {@link #next}, a live source that drops is reopened with exponential back-off
 * until the feed is closed, and a file ends (or loops). Close it to stop the thread and free
 * FFmpeg's native memory.
 *
 * <pre>{@code
 * try (CameraFeed feed = CameraFeed.open(CameraSource.parse(arg), FeedOptions.DEFAULTS)) {
 *   Optional<Frame> frame;
 *   while ((frame = feed.next(Duration.ofSeconds(1))).isPresent() || !feed.health().state().terminal()) {
 *     frame.ifPresent(f -> watch(f.image()));
 *   }
 * }
 * }</pre>
 */
public final class CameraFeed implements AutoCloseable {
  private static final Logger LOG = System.getLogger(CameraFeed.class.getName());
  private static final AtomicInteger FEEDS = new AtomicInteger();
  private static final long RATE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** Every decode thread's name starts with this. */
  public static final String THREAD_PREFIX = "likeness-camera-";

  private final CameraSource source;
  private final FeedOptions options;
  private final FrameSlot slot = new FrameSlot();
  private final RateMeter rate;
  private final Thread thread;
  private final Object sleeper = new Object();

  private volatile boolean closing;
  // State and its start change together, so a health snapshot never pairs one with the other's time.
  private volatile Phase phase = new Phase(State.CONNECTING, Instant.now());
  private volatile String lastError;
  private volatile long decoded;
  private volatile long reconnects;
  // Written and read by the decode thread only.
  private boolean connectionFrames;

  private CameraFeed(CameraSource source, FeedOptions options) {
    this.source = source;
    this.options = options;
    this.rate = new RateMeter(RATE_WINDOW_NANOS, 1024, System.nanoTime());
    this.thread = new Thread(this::run, THREAD_PREFIX + FEEDS.incrementAndGet() + " " + source.display());
    this.thread.setDaemon(true);
  }

  /** Starts decoding {@code source} on a new daemon thread; the first frame follows shortly. */
  public static CameraFeed open(CameraSource source, FeedOptions options) {
    if (source == null || options == null) {
      throw new IllegalArgumentException("camera feed needs a source and options, got " + source + ", " + options);
    }
    CameraFeed feed = new CameraFeed(source, options);
    feed.thread.start();
    return feed;
  }

  /** The source this feed reads. */
  public CameraSource source() {
    return source;
  }

  /** The decode thread's name, for logs and thread dumps. */
  public String threadName() {
    return thread.getName();
  }

  /**
   * The newest frame not yet returned, waiting up to {@code timeout} for one. Empty when none came
   * in time, or at once when the feed has ended, failed or closed and nothing is left.
   */
  public Optional<Frame> next(Duration timeout) throws InterruptedException {
    return slot.take(timeout);
  }

  /** What the feed is doing and has done. */
  public CameraHealth health() {
    return new CameraHealth(
        source.display(),
        phase.state(),
        phase.since(),
        decoded,
        slot.dropped(),
        reconnects,
        Optional.ofNullable(lastError),
        rate.perSecond(System.nanoTime()));
  }

  /**
   * Stops the decode thread and frees the grabber. The thread notices within one read; a read
   * stalled on a dead network ends at {@link FeedOptions#readTimeout()}. Closing again does nothing.
   */
  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    slot.finish();
    synchronized (sleeper) {
      sleeper.notifyAll();
    }
    thread.interrupt();
    boolean interrupted = false;
    long deadline = System.nanoTime() + options.readTimeout().toNanos() + TimeUnit.SECONDS.toNanos(2);
    while (thread.isAlive() && System.nanoTime() < deadline) {
      try {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (thread.isAlive()) {
      LOG.log(Level.WARNING, "camera {0}: decode thread still in a read after close", source.display());
    }
    enter(State.CLOSED);
    slot.clear();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      decodeUntilDone();
    } catch (Error e) {
      // Not a stream problem (natives that do not load, memory): no reconnect can fix it.
      lastError = describe(e);
      LOG.log(Level.ERROR, "camera " + source.display() + ": decode thread failed", e);
      enter(State.FAILED);
      throw e;
    } finally {
      slot.finish();
    }
  }

  private void decodeUntilDone() {
    long backoffNanos = options.firstBackoff().toNanos();
    while (!closing) {
      connectionFrames = false;
      Outcome outcome;
      try (FFmpegFrameGrabber grabber = Grabbers.create(source, options)) {
        outcome = stream(grabber);
      } catch (FrameGrabber.Exception | RuntimeException e) {
        outcome = new Outcome(connectionFrames, describe(e));
      }
      if (closing) {
        break;
      }
      if (outcome.gotFrames()) {
        backoffNanos = options.firstBackoff().toNanos();
      }
      if (!source.kind().live()) {
        String error =
            outcome.error() != null
                ? outcome.error()
                : decoded == 0 ? source.display() + " holds no video frames" : null;
        if (error != null) {
          lastError = error;
          LOG.log(Level.ERROR, "camera {0}: {1}", source.display(), error);
          enter(State.FAILED);
          break;
        }
        if (options.loop() && outcome.gotFrames()) {
          continue;
        }
        LOG.log(Level.INFO, "camera {0}: end of file after {1} frames", source.display(), decoded);
        enter(State.ENDED);
        break;
      }
      String why =
          outcome.error() != null
              ? outcome.error()
              : "the stream ended or sent nothing for " + options.readTimeout().toMillis() + " ms";
      lastError = why;
      enter(State.RECONNECTING);
      LOG.log(
          Level.WARNING,
          "camera {0}: {1} {2}; reconnecting in {3} ms",
          source.display(),
          outcome.gotFrames() ? "stream dropped:" : "cannot open:",
          why,
          TimeUnit.NANOSECONDS.toMillis(backoffNanos));
      pause(backoffNanos);
      backoffNanos = Math.min(backoffNanos * 2, options.maxBackoff().toNanos());
      if (!closing) {
        reconnects++;
      }
    }
  }

  /** Reads one connection until it ends, fails or the feed closes. */
  private Outcome stream(FFmpegFrameGrabber grabber) throws FrameGrabber.Exception {
    grabber.start();
    boolean pace = options.realTime() && !source.kind().live();
    boolean lossless = !options.realTime() && !source.kind().live();
    long startNanos = System.nanoTime();
    while (!closing) {
      org.bytedeco.javacv.Frame grabbed = grabber.grabImage();
      if (grabbed == null) {
        return new Outcome(connectionFrames, null);
      }
      if (grabbed.image == null || grabbed.image.length == 0) {
        continue;
      }
      if (pace) {
        long dueNanos = startNanos + grabber.getTimestamp() * 1000;
        long waitNanos = dueNanos - System.nanoTime();
        if (waitNanos > 0) {
          pause(waitNanos);
        }
      }
      if (!connectionFrames) {
        connectionFrames = true;
        LOG.log(
            Level.INFO,
            "camera {0}: streaming {1}x{2}{3}",
            source.display(),
            grabbed.imageWidth,
            grabbed.imageHeight,
            reconnects > 0 ? " after " + reconnects + " reconnects" : "");
      }
      // STREAMING before the frame is offered, so whoever takes it sees the state it came in.
      if (phase.state() != State.STREAMING) {
        enter(State.STREAMING);
      }
      if (!publish(grabbed, lossless)) {
        break;
      }
    }
    return new Outcome(connectionFrames, null);
  }

  /** Copies the grabbed picture into a frame for the slot; false when the feed is closing. */
  private boolean publish(org.bytedeco.javacv.Frame grabbed, boolean lossless) {
    int width = grabbed.imageWidth;
    int height = grabbed.imageHeight;
    if (grabbed.imageChannels != 3 || grabbed.imageDepth != org.bytedeco.javacv.Frame.DEPTH_UBYTE) {
      throw new IllegalStateException(
          "camera "
              + source.display()
              + " decoded a frame with "
              + grabbed.imageChannels
              + " channels of depth "
              + grabbed.imageDepth
              + "; expected RGB24");
    }
    int rowBytes = width * 3;
    byte[] pixels = slot.pixels(rowBytes * height);
    ByteBuffer buffer = (ByteBuffer) grabbed.image[0];
    int stride = grabbed.imageStride;
    for (int y = 0; y < height; y++) {
      buffer.get(y * stride, pixels, y * rowBytes, rowBytes);
    }
    long sequence = ++decoded;
    rate.tick(System.nanoTime());
    Frame frame = new Frame(new RgbImage(width, height, pixels), sequence, Instant.now());
    if (!lossless) {
      slot.offer(frame);
      return true;
    }
    try {
      return slot.put(frame);
    } catch (InterruptedException e) {
      // Only close interrupts this thread.
      return false;
    }
  }

  /** Moves to {@code next}; staying in a state keeps its start, so an outage's since is its start. */
  private void enter(State next) {
    State current = phase.state();
    if (current != State.CLOSED && current != next) {
      phase = new Phase(next, Instant.now());
    }
  }

  /** Sleeps, waking early when the feed closes. */
  private void pause(long nanos) {
    long deadline = System.nanoTime() + nanos;
    synchronized (sleeper) {
      long left;
      while (!closing && (left = deadline - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(sleeper, left);
        } catch (InterruptedException e) {
          if (closing) {
            return;
          }
        }
      }
    }
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    // javacv appends hints ("(Has setFormat() been called?)") that say nothing about this stream.
    int hint = message.indexOf(" (Has setFormat");
    return hint > 0 ? message.substring(0, hint) : message;
  }

  /** How one connection ended: whether it delivered frames, and the error if it failed. */
  private record Outcome(boolean gotFrames, String error) {}

  private record Phase(State state, Instant since) {}
}
