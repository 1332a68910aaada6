package org.likeness.server;

import io.javalin.http.sse.SseClient;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.likeness.detect.Box;
import org.likeness.image.JpegWriter;
import org.likeness.image.RgbImage;
import org.likeness.server.audit.VisitRecord;
import org.likeness.watch.FrameView;

/**
 * The admin page's live view of the door camera, as Server-Sent Events: {@code frame} events (the
 * latest processed frame as a small JPEG data URL, with the face boxes and each visit's status,
 * person or refusal) at most {@link #MAX_FRAMES_PER_SECOND} a second, and {@code visit} events as
 * visits are decided. The watcher only swaps in its latest frame ({@link #frame}); a sender thread
 * per viewer encodes and sends, so a slow viewer skips frames (latest wins) and never holds
 * up the watcher or the other viewers. At most {@link #MAX_VIEWERS} watch at once.
 */
final class LiveView implements AutoCloseable {
  /** The most frame events one viewer gets per second. */
  static final int MAX_FRAMES_PER_SECOND = 5;
  /** Viewers streaming at once; more get {@link ErrorCode#BUSY}. */
  static final int MAX_VIEWERS = 4;
  /** The width frames are scaled down to before encoding. */
  static final int WIDTH = 320;
  /** Visit events waiting for a slow viewer; older ones are dropped beyond this. */
  static final int VISIT_BACKLOG = 64;
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
  private static final long FRAME_GAP_NANOS = 1_000_000_000L / MAX_FRAMES_PER_SECOND;

  /** A {@code frame} event: the JPEG as a data URL, its size, and the faces in it in its pixels. */
  record LiveFrame(long id, String at, int width, int height, String jpeg, List<LiveTrack> tracks) {}

  /** One face in a frame: its box (scaled to the JPEG), its visit and where the visit stands. */
  record LiveTrack(long visit, int x, int y, int w, int h, String status, String person, String reason) {}

  private final AtomicReference<FrameView> latest = new AtomicReference<>();
  private final AtomicLong framesSeen = new AtomicLong();
  private final Set<BlockingQueue<VisitRecord.Row>> viewers = ConcurrentHashMap.newKeySet();
  private final Semaphore seats = new Semaphore(MAX_VIEWERS);
  private final Object encodeLock = new Object();
  private final ExecutorService senders = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "likeness-live-view");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean closed;
  private long encodedId = -1;
  private LiveFrame encoded;

  /** The watcher's latest frame; called on its thread, so it only swaps a reference. */
  void frame(FrameView view) {
    latest.set(view);
    framesSeen.incrementAndGet();
  }

  /** A visit was decided: every viewer gets it, a slow one losing its oldest waiting visit. */
  void visit(VisitRecord.Row row) {
    for (BlockingQueue<VisitRecord.Row> q : viewers) {
      while (!q.offer(row)) {
        q.poll();
      }
    }
  }

  /**
   * Takes a viewer's seat, before the response starts; {@link #leave} gives it back once the
   * request is finished (after {@link #stream} returned).
   *
   * @throws ApiException {@link ErrorCode#BUSY} when {@link #MAX_VIEWERS} are watching
   */
  void enter() {
    if (!seats.tryAcquire()) {
      throw new ApiException(ErrorCode.BUSY, MAX_VIEWERS + " viewers are watching the door camera already; try again"
          + " later");
    }
  }

  void leave() {
    seats.release();
  }

  /**
   * Starts streaming to one viewer, who holds a seat ({@link #enter}): the request is kept open
   * ({@link SseClient#keepAlive}) and a sender thread of this view writes to it until the viewer
   * goes away or the service closes, then closes it, which lets Javalin finish the request.
   */
  void stream(SseClient client) {
    client.keepAlive();
    try {
      senders.execute(() -> {
        try {
          send(client);
        } finally {
          client.close();
        }
      });
    } catch (RejectedExecutionException closing) {
      client.close();
    }
  }

  /** The sending loop of one viewer, on its own thread. */
  private void send(SseClient client) {
    BlockingQueue<VisitRecord.Row> visits = new ArrayBlockingQueue<>(VISIT_BACKLOG);
    viewers.add(visits);
    try {
      long sentId = -1;
      long lastFrameAt = 0;
      long lastSendAt = System.nanoTime();
      while (!closed && !client.terminated()) {
        VisitRecord.Row row = visits.poll(FRAME_GAP_NANOS / 2, TimeUnit.NANOSECONDS);
        long now = System.nanoTime();
        if (row != null) {
          client.sendEvent("visit", row);
          lastSendAt = now;
          continue;
        }
        long id = framesSeen.get();
        if (id != sentId && now - lastFrameAt >= FRAME_GAP_NANOS) {
          LiveFrame f = encoded();
          if (f != null) {
            client.sendEvent("frame", f);
            sentId = f.id();
            lastFrameAt = now;
            lastSendAt = now;
          }
        } else if (now - lastSendAt > KEEP_ALIVE.toNanos()) {
          client.sendComment("keep-alive");
          lastSendAt = now;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      viewers.remove(visits);
    }
  }

  /** The latest frame encoded, once per frame however many viewers ask; null before the first. */
  private LiveFrame encoded() {
    synchronized (encodeLock) {
      long id = framesSeen.get();
      FrameView view = latest.get();
      if (view == null) {
        return null;
      }
      if (id != encodedId) {
        encoded = encode(id, view);
        encodedId = id;
      }
      return encoded;
    }
  }

  static LiveFrame encode(long id, FrameView view) {
    RgbImage image = view.frame().image();
    double scale = Math.min(1.0, (double) WIDTH / image.width());
    int w = Math.max(1, (int) Math.round(image.width() * scale));
    int h = Math.max(1, (int) Math.round(image.height() * scale));
    BufferedImage full = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
    int[] row = new int[image.width()];
    byte[] px = image.pixels();
    for (int y = 0, src = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++, src += 3) {
        row[x] = (px[src] & 0xFF) << 16 | (px[src + 1] & 0xFF) << 8 | (px[src + 2] & 0xFF);
      }
      full.setRGB(0, y, image.width(), 1, row, 0, image.width());
    }
    BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = small.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(full, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    String jpeg = "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(JpegWriter.encode(small, 70));
    List<LiveTrack> tracks = new ArrayList<>();
    for (FrameView.Track t : view.tracks()) {
      Box b = t.box();
      tracks.add(new LiveTrack(t.visitId(), (int) Math.round(b.x1() * scale), (int) Math.round(b.y1() * scale),
          (int) Math.round(b.width() * scale), (int) Math.round(b.height() * scale),
          t.status().name().toLowerCase(Locale.ROOT), t.person().orElse(null), t.reason().orElse(null)));
    }
    return new LiveFrame(id, view.frame().at().toString(), w, h, jpeg, tracks);
  }

  /**
   * Ends every stream at its next turn (within half a frame gap) and waits up to {@link #CLOSE_WAIT}
   * for the viewers to leave, so that the server stops with no stream half-written.
   */
  @Override
  public void close() {
    closed = true;
    senders.shutdown();
    try {
      if (seats.tryAcquire(MAX_VIEWERS, CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        seats.release(MAX_VIEWERS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
