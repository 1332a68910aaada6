package org.likeness.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.likeness.engine.Identification;
import org.likeness.engine.Likeness;
import org.likeness.gallery.PersonGallery;
import org.likeness.gallery.decide.DecisionReason;
import org.likeness.liveness.LivenessCheck;
import org.likeness.liveness.LivenessResult;
import org.likeness.models.Thresholds;
import org.likeness.pipeline.FaceEncoding;
import org.likeness.watch.track.FaceTracker;
import org.likeness.watch.track.Sighting;
import org.likeness.watch.track.TrackUpdate;
import org.likeness.watch.visit.Look;
import org.likeness.watch.visit.VisitJudge;
import org.likeness.watch.visit.VisitVerdict;

/**
 * The door's loop over one camera, on one thread of its own: pulls each frame from the {@link
 * FrameFeed}, encodes every face in it, follows them with a {@link FaceTracker}, lets one {@link
 * VisitJudge} per track decide once, asks the {@link DoorOpener} to open for an admitted visit and
 * tells the {@link VisitListener}s. It stops when the feed ends or when closed; the tracks still in
 * view then end too.
 *
 * <p>The watcher uses the engine, the gallery and the liveness check on its thread but does not own
 * them: the caller closes them after the watcher, and must not use the engine elsewhere meanwhile
 * ({@link Likeness} is not thread-safe).
 *
 * <pre>{@code
 * try (Watcher w = new Watcher(feed, engine, gallery, engine.thresholds(), Optional.empty(),
 *     lock::open, List.of(log::write), WatchPolicy.DEFAULT).start()) {
 *   w.awaitEnd(Duration.ofHours(12));
 * }
 * }</pre>
 */
public final class Watcher implements AutoCloseable {
  /** How long one wait for a frame lasts before the loop looks whether it was closed. */
  static final Duration POLL = Duration.ofMillis(200);
  /** The window over which frames per second are counted. */
  static final Duration RATE_WINDOW = Duration.ofSeconds(5);

  private final FrameFeed feed;
  private final Likeness engine;
  private final PersonGallery gallery;
  private final Thresholds thresholds;
  private final Optional<LivenessCheck> liveness;
  private final DoorOpener opener;
  private final List<VisitListener> listeners;
  private final List<FrameListener> frameListeners;
  private final WatchPolicy policy;
  private final FaceTracker tracker;
  private final Map<Long, Visit> visits = new HashMap<>();
  private final Thread thread;
  private volatile boolean closing;
  private volatile boolean started;
  private volatile String failure;
  private volatile int tracksInView;
  private WatchFrame lastFrame;
  private final ArrayDeque<Long> recentFrames = new ArrayDeque<>();
  private final AtomicLong framesProcessed = new AtomicLong();
  private final AtomicLong framesDropped = new AtomicLong();
  private final AtomicLong framesOutOfOrder = new AtomicLong();
  private final AtomicLong facesSeen = new AtomicLong();
  private final AtomicLong visitsStarted = new AtomicLong();
  private final AtomicLong openings = new AtomicLong();
  private final AtomicLong notOpened = new AtomicLong();
  private final AtomicLong refusals = new AtomicLong();
  private final AtomicLong listenerFailures = new AtomicLong();

  /** One visit in progress: its judge, how many frames saw it and, once decided, how it went. */
  private static final class Visit {
    final VisitJudge judge;
    int frames;
    FrameView.Status status = FrameView.Status.DECIDING;
    Optional<String> person = Optional.empty();
    Optional<String> reason = Optional.empty();

    Visit(VisitJudge judge) {
      this.judge = judge;
    }
  }

  /**
   * A watcher, not yet started.
   *
   * @param feed where frames come from
   * @param engine encodes the faces and makes each frame's open-set decision, with its quality floor
   * @param gallery the enrolled people
   * @param thresholds the engine's thresholds: the open-set one decides, the verify one tells the
   *     tracker when two faces are one person
   * @param liveness the passive liveness check, run on every frame good enough to decide on; its
   *     threshold's gate says whether it refuses or only reports
   * @param opener opens the door for an admitted visit
   * @param listeners told of every visit event, in order
   * @param policy tracking and decision settings
   */
  public Watcher(FrameFeed feed, Likeness engine, PersonGallery gallery, Thresholds thresholds,
      Optional<LivenessCheck> liveness, DoorOpener opener, List<VisitListener> listeners, WatchPolicy policy) {
    this(feed, engine, gallery, thresholds, liveness, opener, listeners, List.of(), policy);
  }

  /**
   * A watcher, not yet started, that also tells {@code frameListeners} of every processed frame and
   * the faces followed in it (see {@link FrameListener}); the other parameters are as above.
   */
  public Watcher(FrameFeed feed, Likeness engine, PersonGallery gallery, Thresholds thresholds,
      Optional<LivenessCheck> liveness, DoorOpener opener, List<VisitListener> listeners,
      List<FrameListener> frameListeners, WatchPolicy policy) {
    if (feed == null || engine == null || gallery == null || thresholds == null || liveness == null || opener == null
        || listeners == null || frameListeners == null || policy == null) {
      throw new IllegalArgumentException("a watcher needs a feed, an engine, a gallery, thresholds, an optional "
          + "liveness check, a door opener, listeners and a policy; one of them is null");
    }
    if (!gallery.spec().model().equals(engine.model().id())) {
      throw new IllegalArgumentException("gallery '" + gallery.spec().name() + "' holds embeddings from "
          + gallery.spec().model() + " but the engine runs " + engine.model().id());
    }
    this.feed = feed;
    this.engine = engine;
    this.gallery = gallery;
    this.thresholds = thresholds;
    this.liveness = liveness;
    this.opener = opener;
    this.listeners = List.copyOf(listeners);
    this.frameListeners = List.copyOf(frameListeners);
    this.policy = policy;
    this.tracker = new FaceTracker(policy.tracker(), engine.model().metric(), thresholds.verify().maxDistance());
    this.thread = new Thread(this::loop, "likeness-watch");
    this.thread.setDaemon(true);
  }

  /** Starts the loop on its own thread; returns this watcher. */
  public synchronized Watcher start() {
    if (started) {
      throw new IllegalStateException("this watcher was already started");
    }
    started = true;
    thread.start();
    return this;
  }

  /**
   * Waits up to {@code timeout} for the loop to stop (the feed ended, the watcher was closed or
   * failed); true when it has.
   */
  public boolean awaitEnd(Duration timeout) throws InterruptedException {
    if (!started) {
      throw new IllegalStateException("this watcher was never started");
    }
    thread.join(Math.max(1, timeout.toMillis()));
    return !thread.isAlive();
  }

  /** The counters now. */
  public WatchStats stats() {
    double fps;
    synchronized (recentFrames) {
      long now = System.nanoTime();
      dropOld(now);
      fps = recentFrames.size() / (RATE_WINDOW.toNanos() / 1e9);
    }
    return new WatchStats(framesProcessed.get(), framesDropped.get(), framesOutOfOrder.get(), fps, facesSeen.get(), tracksInView,
        visitsStarted.get(), openings.get(), notOpened.get(), refusals.get(), listenerFailures.get(),
        started && thread.isAlive(), Optional.ofNullable(failure));
  }

  private void loop() {
    Instant last = null;
    try {
      while (!closing) {
        Optional<WatchFrame> frame = feed.next(POLL);
        if (frame.isPresent()) {
          last = frame.get().at();
          process(frame.get());
        } else if (feed.ended()) {
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure = e.getClass().getSimpleName() + ": " + e.getMessage();
    } finally {
      Instant at = last == null ? Instant.now() : last;
      for (long id : tracker.endAll()) {
        end(id, at);
      }
      tracksInView = 0;
    }
  }

  /** One frame: encode, track, end the tracks gone, and let each visit still undecided look. */
  private void process(WatchFrame frame) {
    if (lastFrame != null) {
      if (frame.sequence() <= lastFrame.sequence() || frame.at().isBefore(lastFrame.at())) {
        // A repeated or older frame (a feed that resends, a clock stepped back) would confuse the
        // tracker's timing; it is skipped and counted, and the door keeps watching.
        framesOutOfOrder.incrementAndGet();
        return;
      }
      framesDropped.addAndGet(frame.sequence() - lastFrame.sequence() - 1);
    }
    lastFrame = frame;
    List<FaceEncoding> faces = engine.encodeAll(frame.image()).stream().filter(FaceEncoding::hasFace).toList();
    List<Sighting> sightings = new ArrayList<>(faces.size());
    for (FaceEncoding f : faces) {
      sightings.add(new Sighting(f.face().orElseThrow().box(), f.embedding().orElseThrow()));
    }
    TrackUpdate update = tracker.update(sightings, frame.at());
    for (long id : update.ended()) {
      end(id, frame.at());
    }
    List<FrameView.Track> inView = new ArrayList<>(faces.size());
    for (int i = 0; i < faces.size(); i++) {
      TrackUpdate.Assignment a = update.assignments().get(i);
      if (a.started()) {
        visits.put(a.trackId(), new Visit(new VisitJudge(policy.visit(), frame.at())));
        visitsStarted.incrementAndGet();
      }
      Visit visit = visits.get(a.trackId());
      visit.frames++;
      if (!visit.judge.decided()) {
        Optional<VisitVerdict> verdict = visit.judge.look(look(frame, faces.get(i)));
        if (verdict.isPresent()) {
          act(a.trackId(), visit, verdict.get());
        }
      }
      inView.add(new FrameView.Track(a.trackId(), sightings.get(i).box(), visit.status, visit.person, visit.reason));
    }
    tracksInView = tracker.activeTracks();
    if (!frameListeners.isEmpty()) {
      FrameView view = new FrameView(frame, inView);
      for (FrameListener l : frameListeners) {
        try {
          l.onFrame(view);
        } catch (RuntimeException e) {
          listenerFailures.incrementAndGet();
        }
      }
    }
    framesProcessed.incrementAndGet();
    facesSeen.addAndGet(faces.size());
    synchronized (recentFrames) {
      long now = System.nanoTime();
      recentFrames.addLast(now);
      dropOld(now);
    }
  }

  private void dropOld(long now) {
    while (!recentFrames.isEmpty() && now - recentFrames.peekFirst() > RATE_WINDOW.toNanos()) {
      recentFrames.removeFirst();
    }
  }

  /** The engine's decision on one face, and its liveness when it is good enough to decide on. */
  private Look look(WatchFrame frame, FaceEncoding face) {
    Identification id = engine.decide(face, gallery, thresholds, policy.topK());
    Optional<LivenessResult> live = id.reason() == DecisionReason.LOW_QUALITY ? Optional.empty()
        : liveness.map(check -> check.check(frame.image(), face.face().orElseThrow()));
    return new Look(frame.sequence(), frame.at(), id, live);
  }

  /** Carries out a verdict: opens for an admitted person, and tells the listeners either way. */
  private void act(long visitId, Visit visit, VisitVerdict verdict) {
    if (verdict.admitted().isEmpty()) {
      refusals.incrementAndGet();
      visit.status = FrameView.Status.REFUSED;
      visit.reason = verdict.refusal().map(r -> r.label());
      emit(new VisitEvent(VisitEvent.Kind.REFUSED, visitId, verdict.at(), Optional.empty(), verdict.refusal(),
          Optional.empty(), visit.frames, verdict.explanation()));
      return;
    }
    String person = verdict.admitted().get();
    OpenResult result;
    String detail = "";
    try {
      Look closest = closest(person, verdict.basis());
      // The basis of an admission is its good frames in order: the first is when the visit became decidable.
      result = opener.open(new VisitDecision(visitId, person, verdict.basis().get(0).at(), verdict.at(),
          closest.identification().distance().get(),
          closest.identification().threshold().maxDistance(), verdict.explanation()));
      if (result == null) {
        result = OpenResult.FAILED;
        detail = "; the door opener answered nothing";
      }
    } catch (RuntimeException e) {
      // Fail secure: a lock that throws is taken to have left the door shut, and the event says why.
      result = OpenResult.FAILED;
      detail = "; the door opener threw " + e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    (result == OpenResult.OPENED ? openings : notOpened).incrementAndGet();
    visit.status = result == OpenResult.OPENED ? FrameView.Status.OPENED : FrameView.Status.NOT_OPENED;
    visit.person = Optional.of(person);
    visit.reason = result == OpenResult.OPENED ? Optional.empty() : Optional.of(result.label());
    emit(new VisitEvent(result == OpenResult.OPENED ? VisitEvent.Kind.OPENED : VisitEvent.Kind.NOT_OPENED, visitId,
        verdict.at(), Optional.of(person), Optional.empty(), Optional.of(result), visit.frames,
        verdict.explanation() + "; door " + result.label() + detail));
  }

  /** The look that matched {@code person} most closely: what the lock reports as the visit's distance. */
  private static Look closest(String person, List<Look> basis) {
    Look best = null;
    for (Look l : basis) {
      Identification id = l.identification();
      if (id.identity().filter(person::equals).isPresent() && id.distance().isPresent()
          && (best == null || id.distance().get() < best.identification().distance().get())) {
        best = l;
      }
    }
    if (best == null) {
      throw new IllegalStateException("visit admitted " + person + " but none of its " + basis.size()
          + " frames matched them with a distance");
    }
    return best;
  }

  /** A track ended: the undecided visit is refused as left (unless a glimpse), then the visit ends. */
  private void end(long visitId, Instant at) {
    Visit visit = visits.remove(visitId);
    if (visit == null) {
      return;
    }
    Optional<VisitVerdict> left = visit.judge.leave(at);
    if (left.isPresent()) {
      act(visitId, visit, left.get());
    }
    String how = visit.judge.decided() ? "left after " + visit.frames + " frames"
        : "a glimpse of " + visit.frames + " frames, too short to decide on";
    emit(new VisitEvent(VisitEvent.Kind.ENDED, visitId, at, Optional.empty(), Optional.empty(), Optional.empty(),
        visit.frames, how));
  }

  private void emit(VisitEvent event) {
    for (VisitListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        // A broken log must not stop the door; the count shows in /metrics.
        listenerFailures.incrementAndGet();
      }
    }
  }

  /** Stops the loop and waits for it; the tracks in view end, with their events. */
  @Override
  public void close() {
    closing = true;
    if (!started) {
      return;
    }
    try {
      thread.join(Duration.ofSeconds(5).toMillis());
      if (thread.isAlive()) {
        thread.interrupt(); // a feed that does not honour its timeout
        thread.join(Duration.ofSeconds(5).toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
