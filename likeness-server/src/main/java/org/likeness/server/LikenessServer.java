package org.likeness.server;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.sse.SseHandler;
import io.javalin.security.RouteRole;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.likeness.engine.GallerySwap;
import org.likeness.engine.Likeness;
import org.likeness.engine.Models;
import org.likeness.error.BadInputException;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.GalleryInfo;
import org.likeness.gallery.GalleryOptions;
import org.likeness.gallery.GallerySpec;
import org.likeness.image.ImageLimits;
import org.likeness.image.ImageLoader;
import org.likeness.liveness.LivenessCheck;
import org.likeness.lock.DoorLock;
import org.likeness.models.Calibrations;
import org.likeness.models.DecisionThreshold;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;
import org.likeness.models.Thresholds;
import org.likeness.onnx.OrtSettings;
import org.likeness.server.audit.AuditEntry;
import org.likeness.server.audit.AuditLog;
import org.likeness.server.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The office door service: a Javalin server over one gallery, a pool of face engines and an audit
 * log. {@link #start} opens everything and listens; {@link #close} stops listening and closes it
 * all. The routes are declared in {@link #declareRoutes}, each with the {@link Access} it needs.
 *
 * <pre>{@code
 * try (LikenessServer door = LikenessServer.start(ServerConfig.defaults(dir), ApiKeys.of(admin, kiosk))) {
 *   System.out.println("listening on " + door.uri());
 *   door.join();
 * }
 * }</pre>
 */
public final class LikenessServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LikenessServer.class);
  /** The access log: method, route template, status and time; never headers, bodies or names. */
  private static final Logger ACCESS = LoggerFactory.getLogger("org.likeness.server.access");

  /** How long a request waits for a free face engine before it gets 503. */
  static final Duration ENGINE_WAIT = Duration.ofSeconds(30);

  /** Request headers may be this long, so that an over-long name reaches the name check (400). */
  static final int MAX_REQUEST_HEADER_BYTES = 64 * 1024;

  private static final String ATTR_START = "likeness.start";
  private static final String ATTR_ROUTE = "likeness.route";
  private static final String ATTR_CALLER = "likeness.caller";

  /**
   * A declared route, as listed in {@code openapi.json}.
   *
   * @param method the HTTP method, e.g. {@code POST}
   * @param path the path template, e.g. {@code /api/v1/people/{name}}
   * @param access who may call it
   */
  public record Route(String method, String path, Access access) {}

  private final ServerConfig config;
  private final AuditLog audit;
  private final Metrics metrics = new Metrics();
  private final Authenticator authenticator;
  private final Uploads uploads;
  private final ImageLoader loader;
  private final Clock clock = Clock.systemUTC();
  private final Presentation presentation;
  private final Challenges challenges;
  private final Serving serving;
  private final DoorMigration migration;
  private final MigrateApi migrate;
  private final OpsApi ops;
  private final Pages pages = new Pages();
  private final LiveView live = new LiveView();
  private final SseHandler liveHandler = new SseHandler(live::stream);
  /** Live-view requests holding a viewer's seat ({@link LiveView#enter}), by identity. */
  private final Set<Context> liveSeats = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
  private volatile DoorCamera camera;
  private final List<Route> routes = new ArrayList<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private Javalin app;

  private LikenessServer(ServerConfig config, ApiKeys keys, Gallery gallery, ModelSpec model,
      Thresholds thresholds, AuditLog audit, EnginePool engines, Optional<LivenessCheck> passive) {
    this.config = config;
    this.audit = audit;
    this.authenticator = new Authenticator(keys);
    this.uploads = new Uploads(config.maxUploadBytes());
    this.loader = new ImageLoader(new ImageLimits(ImageLimits.DEFAULT_MAX_PIXELS,
        (int) Math.min(config.maxUploadBytes(), ImageLimits.DEFAULT_MAX_BYTES)));
    Replays replays = new Replays();
    // A restart must not forget what opened the door: the audit log remembers the photos.
    replays.accepted(audit.recent(AuditLog.MAX_ROWS).stream().filter(e -> e.outcome().opens())
        .map(AuditEntry::imageSha256).toList());
    this.presentation = new Presentation(config.liveness(), replays, passive, loader);
    this.challenges = new Challenges(clock);
    this.serving = new Serving(serve(model, thresholds, gallery, engines));
    this.migration = new DoorMigration(serving, config, audit, this::serve, clock);
    this.migrate = new MigrateApi(migration);
    this.ops = new OpsApi(() -> serving.current().model().name(), metrics, audit, () -> Optional.ofNullable(camera),
        clock);
    metrics.gauge("likeness_gallery_people", "People enrolled in the gallery.",
        () -> serving.read(s -> s.gallery().personCount()));
    metrics.gauge("likeness_gallery_faces", "Faces (templates) enrolled in the gallery.",
        () -> serving.read(s -> s.gallery().size()));
    metrics.gauge("likeness_engines", "Face engines in the pool.", () -> serving.read(s -> s.engines().size()));
    metrics.gauge("likeness_engines_busy", "Face engines working on a request now.",
        () -> serving.read(s -> s.engines().size() - s.engines().available()));
  }

  /** The door and people routes over {@code gallery}, decided by {@code model}'s engines at {@code thresholds}. */
  private Served serve(ModelSpec model, Thresholds thresholds, Gallery gallery, EnginePool engines) {
    Thumbnails thumbnails = Thumbnails.of(config.dataDir(), gallery);
    DoorApi door = new DoorApi(new Door(gallery, engines, thresholds, config.topK(), audit, metrics, clock, presentation,
        challenges), uploads);
    PeopleApi people = new PeopleApi(gallery, engines, loader, uploads, thumbnails, clock);
    return new Served(model, thresholds, gallery, engines, thumbnails, door, people);
  }

  /**
   * Opens the gallery (creating it on first start), resolves the model and threshold, opens the
   * audit log and the face engines, and starts listening.
   *
   * @throws BadInputException for a configuration the user can fix: a gallery made with another
   *     model, a security level without a calibration, a port in use
   * @throws org.likeness.error.ModelMissingException when the models are not installed
   */
  public static LikenessServer start(ServerConfig config, ApiKeys keys) {
    return start(config, keys, Optional.empty());
  }

  /**
   * As {@link #start(ServerConfig, ApiKeys)}, and watches the configured camera ({@link
   * ServerConfig#camera()}) with {@code lock} as its door: the service takes the lock over and
   * closes it, also when the start fails. A camera needs a lock and a lock needs a camera.
   *
   * @throws IllegalArgumentException for a camera without a lock or a lock without a camera
   */
  public static LikenessServer start(ServerConfig config, ApiKeys keys, Optional<DoorLock> lock) {
    List<AutoCloseable> opened = new ArrayList<>();
    lock.ifPresent(opened::add);
    try {
      if (config.camera().isPresent() != lock.isPresent()) {
        throw new IllegalArgumentException(config.camera().isPresent()
            ? "camera " + config.camera().get().source().display() + " needs a door lock (a log-only one for a door"
                + " that opens nothing)"
            : "a door lock was given but no camera to open it for");
      }
      DataDirectory.create(config.dataDir());
      Gallery gallery = openGallery(config);
      opened.add(gallery);
      ModelSpec model = ModelCatalog.embedder(gallery.info().spec().model().name());
      Thresholds thresholds = new Calibrations(config.models())
          .thresholds(model, config.pipeline(), config.maxDistance(), config.far());
      AuditLog audit = AuditLog.open(AuditLog.fileIn(config.dataDir()));
      opened.add(audit);
      EnginePool engines = new EnginePool(config.workers(),
          () -> Likeness.open(model, config.models(), config.pipeline(), OrtSettings.defaults()), ENGINE_WAIT);
      opened.add(engines);
      if (config.preloadEngines()) {
        engines.openAll();
      }
      Optional<LivenessCheck> passive = passiveCheck(config);
      passive.ifPresent(opened::add);
      LikenessServer server = new LikenessServer(config, keys, gallery, model, thresholds, audit, engines, passive);
      if (config.camera().isPresent()) {
        opened.remove(lock.get()); // the camera owns it now, and closes it
        server.camera = DoorCamera.start(config.camera().get(), config, lock.get(), server.serving.current(), passive,
            audit, server.live);
        opened.add(server.camera);
        server.followSwitches(server.camera);
        server.camera.register(server.metrics);
      }
      server.listen();
      DecisionThreshold now = thresholds.identify(Likeness.statistics(gallery));
      LOG.info("Likeness door service on {} (model {}, identify threshold {} from {}, gallery {} with {} people, {} engines)",
          server.uri(), model.name(), now.maxDistance(), now.source(), config.galleryDir(),
          gallery.personCount(), engines.size());
      return server;
    } catch (RuntimeException | Error e) {
      closeAll(opened, e);
      throw e;
    }
  }

  /** A model switch stops the camera's watcher first and starts one of the new model after. */
  private void followSwitches(DoorCamera cam) {
    serving.onSwitch(new Serving.SwitchListener() {
      private boolean wasWatching;

      @Override
      public void before(Served now) {
        wasWatching = cam.watching();
        cam.pause();
      }

      @Override
      public void after(Served next) {
        if (!wasWatching) {
          return;
        }
        try {
          cam.resume(next);
        } catch (RuntimeException e) {
          // The door keeps serving its API; /health says degraded while the camera is not watched.
          LOG.error("door '{}': cannot watch the camera with {} after the switch", cam.door(), next.model().name(), e);
        }
      }
    });
  }

  /**
   * The passive presentation-attack network, unless the door turned it off; its threshold is the
   * door's own or the shipped calibration, and it gates only when the door says so.
   */
  private static Optional<LivenessCheck> passiveCheck(ServerConfig config) {
    DoorLiveness l = config.liveness();
    if (l.passive() == DoorLiveness.Passive.OFF) {
      return Optional.empty();
    }
    boolean gate = l.passive() == DoorLiveness.Passive.GATE;
    if (!gate && !config.models().isInstalled(ModelCatalog.DEFAULT_LIVENESS)) {
      LOG.warn("passive liveness score not reported: {} is not installed; run {}", ModelCatalog.DEFAULT_LIVENESS.name(),
          config.models().fetchCommand());
      return Optional.empty();
    }
    return Optional.of(new Models(config.models(), OrtSettings.defaults())
        .livenessCheck(ModelCatalog.DEFAULT_LIVENESS, l.passiveThreshold(), Optional.of(gate)));
  }

  private static Gallery openGallery(ServerConfig config) {
    GallerySwap.finishInterrupted(config.galleryDir()).ifPresent(kept -> LOG.warn(
        "finished the switch to a migrated gallery that a crash interrupted: {} is the migrated gallery, the old one"
            + " is kept at {}", config.galleryDir(), kept));
    if (Gallery.exists(config.galleryDir())) {
      Gallery gallery = Gallery.open(config.galleryDir(), GalleryOptions.defaults());
      try {
        GalleryInfo info = gallery.info();
        String galleryModel = info.spec().model().name();
        if (config.model().isPresent() && !config.model().get().equals(galleryModel)) {
          throw new BadInputException("gallery " + config.galleryDir() + " holds embeddings from " + galleryModel
              + " but --model is " + config.model().get() + "; drop --model or use another gallery");
        }
        ModelSpec spec = ModelCatalog.embedder(galleryModel);
        if (!spec.id().equals(info.spec().model())) {
          throw new BadInputException("gallery " + config.galleryDir() + " was made with " + info.spec().model()
              + " but the installed catalog's " + galleryModel + " is " + spec.id() + "; re-enroll into a new gallery");
        }
        return gallery;
      } catch (RuntimeException e) {
        closeAll(List.of(gallery), e);
        throw e;
      }
    }
    ModelSpec spec = ModelCatalog.embedder(config.model().orElse(ModelCatalog.DEFAULT_EMBEDDER.name()));
    if (!spec.unitLength()) {
      throw new BadInputException("the door needs a neural model; " + spec.name() + " is the naive baseline");
    }
    String name = Optional.ofNullable(config.galleryDir().toAbsolutePath().normalize().getFileName())
        .map(Path::toString).orElse("door");
    return Gallery.create(config.galleryDir(), new GallerySpec(name, spec.id(), spec.dimensions(), spec.metric()),
        GalleryOptions.defaults());
  }

  private void listen() {
    app = Javalin.create(this::configure);
    try {
      app.start();
    } catch (RuntimeException e) {
      try {
        app.stop();
      } catch (RuntimeException stopFailure) {
        e.addSuppressed(stopFailure);
      }
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof java.net.BindException) {
          throw new BadInputException("cannot listen on " + config.host() + ":" + config.port() + ": " + t.getMessage()
              + "; is another service using the port? Choose another with --port", e);
        }
      }
      throw e;
    }
  }

  private void configure(JavalinConfig c) {
    c.startup.showJavalinBanner = false;
    c.startup.showOldJavalinVersionWarning = false;
    c.jetty.host = config.host();
    c.jetty.port = config.port();
    c.http.prefer405over404 = true;
    c.http.maxRequestSize = config.maxUploadBytes();
    // Uploads stay in memory: photos are never written to disk.
    c.jetty.multipartConfig.maxFileSize(config.maxUploadBytes(), SizeUnit.BYTES);
    c.jetty.multipartConfig.maxTotalRequestSize(config.maxUploadBytes(), SizeUnit.BYTES);
    c.jetty.multipartConfig.maxInMemoryFileSize((int) Math.min(Integer.MAX_VALUE, config.maxUploadBytes()), SizeUnit.BYTES);
    c.jetty.modifyHttpConfiguration(http -> {
      http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
      http.setSendServerVersion(false);
      http.setSendXPoweredBy(false);
    });
    c.jetty.modifyServer(server -> server.setErrorHandler(ErrorMapping.jettyErrors()));
    c.jsonMapper(new JacksonJson());
    declareRoutes(c.routes);
  }

  /** Every route, its handler and who may call it; {@code openapi.json} documents the same list. */
  private void declareRoutes(RoutesConfig r) {
    r.before(this::beforeAll);
    r.beforeMatched(this::beforeMatched);
    r.after(this::afterAll);

    route(r, HandlerType.GET, "/", pages::kiosk, Access.PUBLIC);
    route(r, HandlerType.GET, "/admin", pages::admin, Access.PUBLIC);
    route(r, HandlerType.GET, "/static/{file}", pages::asset, Access.PUBLIC);
    route(r, HandlerType.GET, "/health", ops::health, Access.PUBLIC);
    route(r, HandlerType.GET, "/openapi.json", ops::openApi, Access.PUBLIC);
    route(r, HandlerType.GET, "/metrics", ops::metrics, Access.ADMIN);

    route(r, HandlerType.GET, "/api/v1/whoami", ops::whoami, Access.DOOR);
    // Routes over the gallery run on what is served when they start; a model switch waits for them.
    route(r, HandlerType.POST, "/api/v1/challenge", serving.handler((s, c) -> s.door().challenge(c)), Access.DOOR);
    route(r, HandlerType.POST, "/api/v1/identify", serving.handler((s, c) -> s.door().identify(c)), Access.DOOR);
    route(r, HandlerType.POST, "/api/v1/verify", serving.handler((s, c) -> s.door().verify(c)), Access.DOOR);

    route(r, HandlerType.GET, "/api/v1/people", serving.handler((s, c) -> s.people().list(c)), Access.ADMIN);
    route(r, HandlerType.GET, "/api/v1/people/{name}", serving.handler((s, c) -> s.people().show(c)), Access.ADMIN);
    route(r, HandlerType.DELETE, "/api/v1/people/{name}", serving.handler((s, c) -> s.people().remove(c)), Access.ADMIN);
    route(r, HandlerType.POST, "/api/v1/people/{name}/faces", serving.handler((s, c) -> s.people().enroll(c)),
        Access.ADMIN);
    route(r, HandlerType.DELETE, "/api/v1/people/{name}/faces/{id}",
        serving.handler((s, c) -> s.people().removeFace(c)), Access.ADMIN);
    route(r, HandlerType.GET, "/api/v1/people/{name}/faces/{id}/thumbnail",
        serving.handler((s, c) -> s.people().thumbnail(c)), Access.ADMIN);
    route(r, HandlerType.GET, "/api/v1/audit", ops::audit, Access.ADMIN);
    route(r, HandlerType.GET, "/api/v1/visits", ops::visits, Access.ADMIN);
    route(r, HandlerType.GET, "/api/v1/live", this::liveView, Access.ADMIN);
    route(r, HandlerType.GET, "/api/v1/admin/migrate", migrate::status, Access.ADMIN);
    route(r, HandlerType.POST, "/api/v1/admin/migrate", migrate::start, Access.ADMIN);

    ErrorMapping.install(r);
  }

  /** The live view's Server-Sent Events (see {@link LiveView}); 404 {@code no_camera} without a camera. */
  private void liveView(Context ctx) throws Exception {
    if (camera == null) {
      throw new ApiException(ErrorCode.NO_CAMERA, "this door service runs no camera; start it with --camera");
    }
    String accept = ctx.header("Accept");
    if (accept == null || !accept.contains("text/event-stream")) {
      // Javalin's SSE handler would answer an empty 200 to anything else.
      throw new ApiException(ErrorCode.INVALID_PARAMETER, "the live view is an event stream: send 'Accept:"
          + " text/event-stream', got '" + Uploads.clean(String.valueOf(accept), 80) + "'");
    }
    live.enter(); // 503 busy beyond the viewer limit
    // The seat is given back in afterAll, once Javalin has finished the asynchronous request: a
    // close that waits for the seats then never stops Jetty under a stream still being completed.
    // It is held by the context itself, not a request attribute, since by then Jetty may have
    // recycled the request (see afterAll).
    liveSeats.add(ctx);
    liveHandler.handle(ctx);
  }

  private void route(RoutesConfig r, HandlerType method, String path, Handler handler, Access access) {
    r.addHttpHandler(method, path, handler, access);
    routes.add(new Route(method.name(), path, access));
  }

  private void beforeAll(Context ctx) {
    ctx.attribute(ATTR_START, System.nanoTime());
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-store");
  }

  /** Authentication and the upload limit, before any handler reads the body. */
  private void beforeMatched(Context ctx) {
    String route = ctx.endpoints().matchedHttpEndpoint().path;
    ctx.attribute(ATTR_ROUTE, route);
    Access access = access(ctx.routeRoles(), route);
    if (access != Access.PUBLIC) {
      ctx.attribute(ATTR_CALLER, authenticator.authorize(ctx.header("Authorization"), access));
    }
    if (ctx.method() == HandlerType.POST) {
      uploads.checkDeclaredLength(ctx);
    }
  }

  private void afterAll(Context ctx) {
    if (liveSeats.remove(ctx)) {
      live.leave();
    }
    try {
      recordRequest(ctx);
    } catch (RuntimeException e) {
      // When a live-view client goes away while its stream is being written, Jetty can recycle the
      // request before the stream's sender completes it; Javalin then runs this hook on a context
      // whose request is gone (its attributes and headers throw NullPointerException). A throw
      // here is handled as an error of the same request, whose after-hook throws again, without
      // end (seen in CI: hundreds of MB of log a minute), so it is logged once and dropped.
      ACCESS.warn("a finished request could not be logged or counted (its connection may have been recycled): {}",
          e.toString());
    }
  }

  /** How many live-view requests hold a viewer's seat now (for tests: every finished one gives it back). */
  int liveSeatsHeld() {
    return liveSeats.size();
  }

  /** The access log line and the request metrics. */
  private void recordRequest(Context ctx) {
    Long start = ctx.attribute(ATTR_START);
    double seconds = start == null ? 0 : (System.nanoTime() - start) / 1e9;
    String route = route(ctx);
    metrics.recordRequest(ctx.method().name(), route, ctx.statusCode(), seconds);
    ACCESS.info("{} {} {} {}", ctx.method().name(), route, ctx.statusCode(),
        String.format(Locale.ROOT, "%.1f ms", seconds * 1e3));
  }

  private static Access access(Set<RouteRole> roles, String path) {
    if (roles.size() != 1 || !(roles.iterator().next() instanceof Access a)) {
      throw new IllegalStateException("route " + path + " must declare exactly one Access, got " + roles);
    }
    return a;
  }

  /** The matched route's template, or {@code unmatched}: what logs and metrics name a request by. */
  static String route(Context ctx) {
    String route = ctx.attribute(ATTR_ROUTE);
    return route == null ? "unmatched" : route;
  }

  /** The authenticated caller of a route that needs a key. */
  static Caller caller(Context ctx) {
    Caller caller = ctx.attribute(ATTR_CALLER);
    if (caller == null) {
      throw new IllegalStateException("route " + route(ctx) + " reads the caller but is public");
    }
    return caller;
  }

  /** The port listened on; with port 0 in the config, the one the system picked. */
  public int port() {
    return app.port();
  }

  /** The base URI, e.g. {@code http://127.0.0.1:8080/}. */
  public URI uri() {
    String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
    return URI.create("http://" + host + ":" + port() + "/");
  }

  /** The routes in declaration order. */
  public List<Route> routes() {
    return Collections.unmodifiableList(routes);
  }

  /** The model the door decides with now; it changes when a migration switches the door over. */
  public ModelSpec model() {
    return serving.current().model();
  }

  /** The thresholds the door decides at now, of {@link #model()}. */
  public Thresholds thresholds() {
    return serving.current().thresholds();
  }

  public ServerConfig config() {
    return config;
  }

  /** The model migration, for tests that hold it midway. */
  DoorMigration migration() {
    return migration;
  }

  /** The counters behind {@code /metrics}. */
  public Metrics metrics() {
    return metrics;
  }

  /** Blocks until {@link #close} has run (from a shutdown hook, say). */
  public void join() throws InterruptedException {
    closed.await();
  }

  /**
   * Stops listening (and the live view's streams), stops a running migration (it resumes when
   * started again), closes the camera's watcher, the camera and the lock, then the engines, the
   * audit log and the gallery.
   */
  @Override
  public void close() {
    if (closed.getCount() == 0) {
      return;
    }
    RuntimeException failure = null;
    live.close();
    try {
      if (app != null) {
        app.stop();
      }
    } catch (RuntimeException e) {
      failure = e;
    }
    RuntimeException rest = new RuntimeException("closing the door service failed");
    // The migration first: a switch it is making must end before we know which gallery to close.
    closeAll(List.of(migration), rest);
    // Then the camera: its watcher ends the visits in view (and records them), then the camera and the lock close.
    if (camera != null) {
      closeAll(List.of(camera), rest);
    }
    List<AutoCloseable> parts = new ArrayList<>();
    Served served = serving.current();
    parts.add(served.gallery());
    parts.add(audit);
    parts.add(served.engines());
    closeAll(parts, rest);
    closed.countDown();
    if (failure != null) {
      throw failure;
    }
    if (rest.getSuppressed().length > 0) {
      throw rest;
    }
    LOG.info("Likeness door service stopped");
  }

  /** Closes {@code parts} last-opened first, adding any failure to {@code failure}. */
  private static void closeAll(List<? extends AutoCloseable> parts, Throwable failure) {
    for (int i = parts.size() - 1; i >= 0; i--) {
      try {
        parts.get(i).close();
      } catch (Exception e) {
        failure.addSuppressed(e);
      }
    }
  }
}
