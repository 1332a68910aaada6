package org.likeness.server;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.likeness.camera.CameraFeed;
import org.likeness.camera.CameraHealth;
import org.likeness.engine.Likeness;
import org.likeness.liveness.LivenessCheck;
import org.likeness.lock.DoorLock;
import org.likeness.onnx.OrtSettings;
import org.likeness.server.audit.AuditLog;
import org.likeness.server.audit.VisitRecord;
import org.likeness.server.metrics.Metrics;
import org.likeness.watch.CameraFrames;
import org.likeness.watch.LockOpener;
import org.likeness.watch.VisitEvent;
import org.likeness.watch.WatchHealth;
import org.likeness.watch.WatchMetricsText;
import org.likeness.watch.WatchPolicy;
import org.likeness.watch.WatchStats;
import org.likeness.watch.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door service's own camera: a {@link Watcher} over the served gallery, with a face engine of its
 * own (of the served model) and the served thresholds, so an enrollment on the admin page is seen at
 * the next frame. Each visit's decision opens the {@link DoorLock}, goes to the audit log and to the
 * {@link LiveView}. When a migration switches the served model, the switch calls {@link #pause}
 * (the visits in view end) and {@link #resume} (a new watcher of the new model) with no request in
 * flight; the camera and the lock stay open. {@link #close} closes the watcher, the camera and the
 * lock, in that order.
 */
final class DoorCamera implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DoorCamera.class);

  private final DoorCameraConfig config;
  private final ServerConfig server;
  private final CameraFeed feed;
  private final CameraFrames frames;
  private final DoorLock lock;
  private final LockOpener opener;
  private final Optional<LivenessCheck> liveness;
  private final AuditLog audit;
  private final LiveView live;
  private Watcher watcher;
  private Likeness engine;
  /** The counters of watchers stopped by a model switch, so /metrics keeps counting up. */
  private WatchStats earlier = new WatchStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false, Optional.empty());

  private DoorCamera(DoorCameraConfig config, ServerConfig server, CameraFeed feed, DoorLock lock,
      Optional<LivenessCheck> liveness, AuditLog audit, LiveView live) {
    this.config = config;
    this.server = server;
    this.feed = feed;
    this.lock = lock;
    this.liveness = liveness;
    this.audit = audit;
    this.live = live;
    this.frames = new CameraFrames(feed, DoorCamera::cameraChanged);
    this.opener = new LockOpener(lock, config.door(), outcome -> LOG.warn("door '{}': {}", config.door(),
        outcome.auditLine()));
  }

  /**
   * Opens the camera and starts watching {@code served}; the camera takes over {@code lock} and
   * closes it (also when opening fails).
   */
  static DoorCamera start(DoorCameraConfig config, ServerConfig server, DoorLock lock, Served served,
      Optional<LivenessCheck> liveness, AuditLog audit, LiveView live) {
    CameraFeed feed;
    try {
      feed = CameraFeed.open(config.source(), config.feed());
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
    DoorCamera camera = new DoorCamera(config, server, feed, lock, liveness, audit, live);
    try {
      camera.resume(served);
    } catch (RuntimeException e) {
      camera.close();
      throw e;
    }
    LOG.info("door '{}': watching camera {} ({}), {}", config.door(), config.source().display(),
        config.source().kind(), lock.describe());
    return camera;
  }

  /** Starts a watcher on {@code served}, with an engine of its model. */
  synchronized void resume(Served served) {
    if (watcher != null) {
      throw new IllegalStateException("door '" + config.door() + "' is already watching");
    }
    Likeness opened = Likeness.open(served.model(), server.models(), server.pipeline(), OrtSettings.defaults());
    try {
      watcher = new Watcher(frames, opened, served.gallery(), served.thresholds(), liveness, opener,
          List.of(this::record), List.of(live::frame), WatchPolicy.DEFAULT).start();
      engine = opened;
    } catch (RuntimeException e) {
      opened.close();
      throw e;
    }
  }

  /** Stops the watcher (the visits in view end) and closes its engine; the camera and lock stay open. */
  synchronized void pause() {
    if (watcher == null) {
      return;
    }
    watcher.close();
    earlier = add(earlier, watcher.stats());
    watcher = null;
    engine.close();
    engine = null;
  }

  /** Whether a watcher is attached (it may have stopped at a file's end). */
  synchronized boolean watching() {
    return watcher != null;
  }

  /** The counters since the service started. */
  synchronized WatchStats stats() {
    return watcher == null ? earlier : add(earlier, watcher.stats());
  }

  CameraHealth health() {
    return feed.health();
  }

  /** The camera's and the watcher's state for {@code /health}. */
  WatchHealth watchHealth() {
    return WatchHealth.of(stats(), feed.health());
  }

  String door() {
    return config.door();
  }

  private void record(VisitEvent e) {
    VisitRecord.Decision decision = switch (e.kind()) {
      case OPENED -> VisitRecord.Decision.OPENED;
      case NOT_OPENED -> VisitRecord.Decision.NOT_OPENED;
      case REFUSED -> VisitRecord.Decision.REFUSED;
      case ENDED -> null;
    };
    if (decision == null) {
      return;
    }
    Optional<String> reason = e.refusal().map(r -> r.label())
        .or(() -> decision == VisitRecord.Decision.NOT_OPENED ? e.door().map(d -> d.label()) : Optional.empty());
    VisitRecord saved = audit.appendVisit(new VisitRecord(0, e.at(), config.door(), e.visitId(), decision, e.person(),
        reason, e.frames(), e.explanation()));
    LOG.info("door '{}': visit {} {}{}", config.door(), e.visitId(), decision.label(),
        reason.map(r -> " (" + r + ")").orElse(""));
    live.visit(saved.row());
  }

  private static void cameraChanged(CameraHealth health) {
    String state = health.state().name().toLowerCase(Locale.ROOT);
    if (health.state() == CameraHealth.State.STREAMING || health.state() == CameraHealth.State.ENDED) {
      LOG.info("camera {} {}", health.source(), state);
    } else {
      LOG.warn("camera {} {}{}", health.source(), state, health.lastError().map(m -> ": " + m).orElse(""));
    }
  }

  /** Registers the watcher's and the camera's counters with the service's {@code /metrics}. */
  void register(Metrics metrics) {
    metrics.text(() -> WatchMetricsText.scrape(stats(), feed.health()));
  }

  private static WatchStats add(WatchStats a, WatchStats b) {
    return new WatchStats(a.framesProcessed() + b.framesProcessed(), a.framesDropped() + b.framesDropped(),
        a.framesOutOfOrder() + b.framesOutOfOrder(), b.framesPerSecond(), a.facesSeen() + b.facesSeen(),
        b.tracksInView(), a.visits() + b.visits(), a.openings() + b.openings(), a.notOpened() + b.notOpened(),
        a.refusals() + b.refusals(), a.listenerFailures() + b.listenerFailures(), b.running(), b.failure());
  }

  /** Closes the watcher (the visits in view end and are recorded), then the camera, then the lock. */
  @Override
  public synchronized void close() {
    RuntimeException failure = null;
    try {
      pause();
    } catch (RuntimeException e) {
      failure = e;
    }
    try {
      feed.close();
    } catch (RuntimeException e) {
      failure = add(failure, e);
    }
    try {
      lock.close();
    } catch (RuntimeException e) {
      failure = add(failure, e);
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static RuntimeException add(RuntimeException first, RuntimeException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
