package org.likeness.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.likeness.engine.GalleryMigration;
import org.likeness.engine.GallerySwap;
import org.likeness.engine.Likeness;
import org.likeness.error.BadInputException;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.GalleryOptions;
import org.likeness.gallery.GallerySpec;
import org.likeness.gallery.PersonSummary;
import org.likeness.gallery.StoredTemplate;
import org.likeness.models.Calibrations;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;
import org.likeness.models.Thresholds;
import org.likeness.onnx.OrtSettings;
import org.likeness.server.audit.AdminEvent;
import org.likeness.server.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the running door follow a new model without closing: {@link #start} re-embeds, in the
 * background, every face of the served gallery {@code G} from the chip it kept into a new gallery
 * {@code G.MODEL} beside it (see {@link GalleryMigration}) while the door keeps answering and
 * enrolling from {@code G}. Then, with no request in flight ({@link Serving#switchWith}), a last
 * pass carries the faces enrolled meanwhile and drops those removed meanwhile, {@code G} is renamed
 * to {@code G.before-MODEL} and {@code G.MODEL} to {@code G} ({@link GallerySwap}, which a restart
 * completes if the service died between the renames), and the door serves the new gallery with
 * engines and calibrated thresholds of the new model. The old gallery stays on disk.
 *
 * <p>If some faces have no chip (enrolled before galleries kept them) the door does not switch:
 * the status lists their people, who need new photos. A migration cut by a restart resumes where it
 * stopped when started again. The start, the switch and any failure are written to the audit log.
 */
final class DoorMigration implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DoorMigration.class);

  /** Where a migration stands. */
  enum State {
    /** None was started since the service started. */
    IDLE,
    /** Faces are being re-embedded; the door serves the old gallery. */
    RUNNING,
    /** The door serves the new gallery and model. */
    SWITCHED,
    /** Every face with a chip followed, but some have none; the door kept the old gallery. */
    INCOMPLETE,
    /** Stopped by an error; the door kept the old gallery. */
    FAILED;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * A snapshot of the migration.
   *
   * @param state where it stands
   * @param from the model served when it started; empty when idle
   * @param to the model it migrates to; empty when idle
   * @param done faces handled so far
   * @param total faces with a chip in the served gallery
   * @param missing people with faces that cannot follow
   * @param error why it failed
   * @param newGallery where the new gallery is built
   * @param keptGallery where the old gallery is kept after the switch
   * @param startedAt when it started
   * @param finishedAt when it switched, or stopped
   */
  record Status(State state, Optional<String> from, Optional<String> to, int done, int total,
      List<GalleryMigration.MissingChips> missing, Optional<String> error, Optional<Path> newGallery,
      Optional<Path> keptGallery, Optional<Instant> startedAt, Optional<Instant> finishedAt) {
    Status {
      missing = List.copyOf(missing);
    }

    static Status idle() {
      return new Status(State.IDLE, Optional.empty(), Optional.empty(), 0, 0, List.of(), Optional.empty(),
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    Status progress(int nowDone, int nowTotal) {
      return new Status(state, from, to, nowDone, nowTotal, missing, error, newGallery, keptGallery, startedAt,
          finishedAt);
    }

    Status finished(State end, List<GalleryMigration.MissingChips> people, Optional<String> why, Optional<Path> kept,
        Instant at) {
      return new Status(end, from, to, done, total, people, why, newGallery, kept, startedAt, Optional.of(at));
    }
  }

  /** Builds what the door serves over a gallery of a model (its door and people routes, thumbnails). */
  interface ServedFactory {
    Served serve(ModelSpec model, Thresholds thresholds, Gallery gallery, EnginePool engines);
  }

  private final Serving serving;
  private final ServerConfig config;
  private final AuditLog audit;
  private final ServedFactory factory;
  private final Clock clock;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "likeness-migration");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean closing;
  private volatile IntConsumer afterEachFace = done -> {};
  private Status status = Status.idle();

  DoorMigration(Serving serving, ServerConfig config, AuditLog audit, ServedFactory factory, Clock clock) {
    this.serving = serving;
    this.config = config;
    this.audit = audit;
    this.factory = factory;
    this.clock = clock;
  }

  synchronized Status status() {
    return status;
  }

  /**
   * Starts migrating the served gallery to {@code modelName} in the background.
   *
   * @throws ApiException {@link ErrorCode#UNKNOWN_MODEL} for a name the catalog does not know,
   *     {@link ErrorCode#MIGRATION_RUNNING} while another migration runs
   * @throws BadInputException when the door already serves that model, the model is not a neural
   *     one, the door's threshold is a fixed distance of the old model, the model has no calibration
   *     for the door's {@code --far}, or a gallery kept from an earlier switch is in the way
   */
  synchronized Status start(String modelName, Caller caller) {
    ModelSpec to;
    try {
      to = ModelCatalog.embedder(modelName);
    } catch (BadInputException e) {
      throw new ApiException(ErrorCode.UNKNOWN_MODEL, e.getMessage());
    }
    if (status.state() == State.RUNNING) {
      throw new ApiException(ErrorCode.MIGRATION_RUNNING, "a migration from " + status.from().orElseThrow() + " to "
          + status.to().orElseThrow() + " is running (" + status.done() + " of " + status.total()
          + " faces); follow it with GET /api/v1/admin/migrate");
    }
    Served now = serving.current();
    if (now.model().id().equals(to.id())) {
      throw new BadInputException("the door already serves " + to.name() + "; nothing to migrate");
    }
    if (!to.unitLength()) {
      throw new BadInputException("the door needs a neural model; " + to.name() + " is the naive baseline");
    }
    if (config.maxDistance().isPresent()) {
      throw new BadInputException("the door runs with --max-distance " + config.maxDistance().get() + ", a distance of "
          + now.model().name() + " that means nothing to " + to.name() + "; restart it with --far RATE (or neither)"
          + " before migrating");
    }
    Thresholds thresholds =
        new Calibrations(config.models()).thresholds(to, config.pipeline(), Optional.empty(), config.far());
    Path gallery = config.galleryDir().toAbsolutePath().normalize();
    Path kept = GallerySwap.kept(gallery, to.name());
    if (Files.exists(kept)) {
      throw new BadInputException(kept + " already exists (a gallery kept from an earlier switch to " + to.name()
          + "); move it away before migrating to " + to.name() + " again");
    }
    Path built = GallerySwap.built(gallery, to.name());
    Instant at = clock.instant();
    status = new Status(State.RUNNING, Optional.of(now.model().name()), Optional.of(to.name()), 0, 0, List.of(),
        Optional.empty(), Optional.of(built), Optional.empty(), Optional.of(at), Optional.empty());
    audit.appendEvent(new AdminEvent(0, at, AdminEvent.Action.MIGRATION_STARTED, now.model().name() + " -> "
        + to.name() + ": re-embedding " + now.gallery().size() + " faces of " + gallery + " into " + built
        + " while the door serves the old gallery", caller.keyName()));
    LOG.info("migrating gallery {} from {} to {} into {}", gallery, now.model().name(), to.name(), built);
    worker.execute(() -> run(to, thresholds, gallery, built, kept, caller));
    return status;
  }

  private void run(ModelSpec to, Thresholds thresholds, Path gallery, Path built, Path kept, Caller caller) {
    EnginePool engines = null;
    try (Likeness engine = Likeness.open(to, config.models(), config.pipeline(), OrtSettings.defaults())) {
      Served first = serving.current();
      String from = first.model().name();
      Gallery target = Gallery.exists(built) ? Gallery.open(built, GalleryOptions.defaults())
          : Gallery.create(built, new GallerySpec(first.gallery().spec().name(), to.id(), to.dimensions(), to.metric()),
              GalleryOptions.defaults());
      boolean targetOpen = true;
      try {
        if (!target.spec().model().equals(to.id())) {
          throw new BadInputException(built + " already holds a gallery of " + target.spec().model() + ", not of "
              + to.id() + "; move it away and migrate again");
        }
        // The long pass, while the door serves and enrolls as usual.
        GalleryMigration.run(first.gallery(), target, engine::embed, (done, total) -> {
          progress(done, total);
          afterEachFace.accept(done);
        });
        engines = new EnginePool(config.workers(),
            () -> Likeness.open(to, config.models(), config.pipeline(), OrtSettings.defaults()), LikenessServer.ENGINE_WAIT);
        if (config.preloadEngines()) {
          engines.openAll();
        }
        EnginePool fresh = engines;
        Switched[] outcome = new Switched[1];
        targetOpen = false; // from here the switch owns the target: it closes or serves it
        Served before = serving.switchWith(now -> {
          outcome[0] = switchOver(now, target, engine, to, thresholds, fresh, gallery, kept);
          return outcome[0].served();
        });
        Instant at = clock.instant();
        Switched s = outcome[0];
        if (!s.switched()) {
          engines.close();
          String why = s.failure().orElse("some faces have no chip: " + s.missing());
          finish(s.failure().isPresent() ? State.FAILED : State.INCOMPLETE, s.missing(), Optional.of(why),
              Optional.empty(), at);
          audit.appendEvent(new AdminEvent(0, at, AdminEvent.Action.MIGRATION_FAILED, from + " -> " + to.name()
              + ": not switched, the door keeps serving " + from + "; " + why, caller.keyName()));
          return;
        }
        before.engines().close();
        finish(State.SWITCHED, List.of(), Optional.empty(), Optional.of(kept), at);
        Gallery now = s.served().gallery();
        audit.appendEvent(new AdminEvent(0, at, AdminEvent.Action.MODEL_SWITCHED, from + " -> " + to.name() + ": "
            + gallery + " now holds " + now.personCount() + " people, " + now.size() + " faces of " + to.name() + " ("
            + s.dropped() + " removed during the migration left out); the old gallery is kept at " + kept,
            caller.keyName()));
        LOG.info("the door now serves {} ({} people, {} faces); the {} gallery is kept at {}", to.name(),
            now.personCount(), now.size(), from, kept);
      } finally {
        if (targetOpen) {
          target.close();
        }
      }
    } catch (RuntimeException | Error e) {
      if (engines != null && serving.current().engines() != engines) {
        engines.close();
      }
      String why = e instanceof CancellationException ? "the door service closed during the migration; start it"
          + " again to resume" : e.getMessage();
      LOG.error("migration to {} failed; the door keeps serving {}", to.name(), serving.current().model().name(), e);
      Instant at = clock.instant();
      finish(State.FAILED, List.of(), Optional.ofNullable(why), Optional.empty(), at);
      try {
        audit.appendEvent(new AdminEvent(0, at, AdminEvent.Action.MIGRATION_FAILED, "-> " + to.name()
            + ": not switched; " + why, caller.keyName()));
      } catch (RuntimeException logging) {
        LOG.error("cannot write the failed migration to the audit log", logging);
      }
    }
  }

  /**
   * What a switch came to: the new served gallery, or the old one when it did not switch, with the
   * people missing chips or the reason it failed.
   */
  private record Switched(Served served, List<GalleryMigration.MissingChips> missing, Optional<String> failure,
      int dropped) {
    boolean switched() {
      return missing.isEmpty() && failure.isEmpty();
    }
  }

  /** Runs with no request in flight: the last pass, the renames, and the new gallery opened. */
  private Switched switchOver(Served now, Gallery target, Likeness engine, ModelSpec to, Thresholds thresholds,
      EnginePool engines, Path gallery, Path kept) {
    GalleryMigration.Result last;
    int dropped;
    try {
      // Drop first: a photo removed from one person and enrolled for another meanwhile must leave
      // its first person before the pass can enroll it for the second.
      dropped = GalleryMigration.dropRemoved(now.gallery(), target);
      last = GalleryMigration.run(now.gallery(), target, engine::embed, this::progress);
      if (!last.complete()) {
        target.close();
        return new Switched(now, last.missing(), Optional.empty(), dropped);
      }
      copyThumbnails(now, target);
    } catch (RuntimeException | Error e) {
      target.close();
      throw e;
    }
    target.close();
    now.gallery().close();
    try {
      GallerySwap.swap(gallery, to.name());
    } catch (RuntimeException e) {
      LOG.error("cannot swap the migrated gallery in; serving {} again", now.model().name(), e);
      return new Switched(reopen(now, gallery), List.of(), Optional.of(e.getMessage()), dropped);
    }
    try {
      Gallery opened = Gallery.open(gallery, GalleryOptions.defaults());
      return new Switched(factory.serve(to, thresholds, opened, engines), List.of(), Optional.empty(), dropped);
    } catch (RuntimeException e) {
      LOG.error("cannot open the migrated gallery {}; putting the old one back", gallery, e);
      try {
        Files.move(gallery, GallerySwap.built(gallery, to.name()));
        Files.move(kept, gallery);
      } catch (java.io.IOException undo) {
        e.addSuppressed(undo);
        throw e;
      }
      return new Switched(reopen(now, gallery), List.of(), Optional.of(e.getMessage()), dropped);
    }
  }

  private Served reopen(Served old, Path gallery) {
    return factory.serve(old.model(), old.thresholds(), Gallery.open(gallery, GalleryOptions.defaults()),
        old.engines());
  }

  /** The admin page's thumbnails follow their faces: the new template of a photo gets the old one's. */
  private void copyThumbnails(Served now, Gallery target) {
    Thumbnails to = Thumbnails.of(config.dataDir(), target);
    for (PersonSummary p : now.gallery().people()) {
      Map<String, Long> oldIds = new HashMap<>();
      now.gallery().person(p.name()).ifPresent(d -> d.templates().forEach(t -> oldIds.put(t.template().imageSha256(), t.id())));
      for (StoredTemplate t : target.person(p.name()).map(d -> d.templates()).orElse(List.of())) {
        Long old = oldIds.get(t.template().imageSha256());
        if (old != null && !to.has(t.id())) {
          now.thumbnails().read(old).ifPresent(jpeg -> to.write(t.id(), jpeg));
        }
      }
    }
  }

  /**
   * For tests: {@code hook} runs on the migration thread after each face of the long pass (not the
   * last pass, which holds the door), so a test can hold the migration while it uses the door.
   */
  void afterEachFace(IntConsumer hook) {
    afterEachFace = hook;
  }

  private void progress(int done, int total) {
    if (closing) {
      throw new CancellationException("the door service is closing");
    }
    synchronized (this) {
      status = status.progress(done, total);
    }
  }

  private synchronized void finish(State end, List<GalleryMigration.MissingChips> missing, Optional<String> why,
      Optional<Path> kept, Instant at) {
    status = status.finished(end, missing, why, kept, at);
  }

  /** Stops a running migration at its next face (it resumes when started again) and waits for it. */
  @Override
  public void close() {
    closing = true;
    worker.shutdown();
    try {
      if (!worker.awaitTermination(60, TimeUnit.SECONDS)) {
        LOG.warn("the migration did not stop within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
