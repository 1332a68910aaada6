package org.likeness.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.likeness.camera.CameraFeed;
import org.likeness.camera.CameraHealth;
import org.likeness.camera.CameraSource;
import org.likeness.camera.FeedOptions;
import org.likeness.camera.Frame;
import org.likeness.engine.Likeness;
import org.likeness.error.BadInputException;
import org.likeness.gallery.PersonGallery;
import org.likeness.liveness.LivenessCheck;
import org.likeness.lock.ActuatorConfig;
import org.likeness.lock.DoorActuator;
import org.likeness.lock.DoorLock;
import org.likeness.lock.LockOutcome;
import org.likeness.lock.LockPolicy;
import org.likeness.lock.Opening;
import org.likeness.models.Calibrations;
import org.likeness.models.ModelSpec;
import org.likeness.models.Thresholds;
import org.likeness.watch.FrameFeed;
import org.likeness.watch.OpenResult;
import org.likeness.watch.VisitDecision;
import org.likeness.watch.VisitEvent;
import org.likeness.watch.WatchFrame;
import org.likeness.watch.WatchPolicy;
import org.likeness.watch.WatchStats;
import org.likeness.watch.Watcher;
import org.likeness.watch.visit.Refusal;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code likeness watch}: the door controller. A camera feeds a {@link Watcher}, which decides once
 * per visit and asks a {@link DoorLock} to open for an enrolled person; one line per visit event on
 * stdout, camera trouble and the summary on stderr. Runs until a file ends or the process is
 * stopped (Ctrl-C closes the watcher, the camera and the lock).
 */
@Command(name = "watch", description = "Watch a camera and open the door once per visit of an enrolled person.")
final class WatchCommand implements Callable<Integer> {
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
  /** The limit on each actuator call (a command's run, a webhook attempt, an MQTT publish). */
  private static final Duration ACTUATOR_TIMEOUT = Duration.ofSeconds(5);

  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin ModelOptions models;
  @Mixin LivenessOption liveness;
  @Mixin GalleryOption gallery;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Camera cameraArg;

  /** Where the camera is: on the command line, or in a file when its URL holds a password. */
  static final class Camera {
    @Option(names = "--camera", paramLabel = "URL|DEVICE|FILE",
        description = "rtsp://..., http://... (MJPEG), /dev/videoN, or a video file.")
    String camera;

    @Option(names = "--camera-url-file", paramLabel = "FILE",
        description = "Read the camera's URL from this file (its first line), so that a URL with a password stays off "
            + "the command line and out of ps; e.g. a mounted secret.")
    Path urlFile;
  }

  /** The camera argument as given or as read from --camera-url-file. */
  private String camera;

  @Option(names = "--door", paramLabel = "NAME", description = "The door's name in openings and logs (default: ${DEFAULT-VALUE}).")
  String door = "door";

  @Option(names = "--on-open", paramLabel = "CMD", description = "Run this command to open the door.")
  String onOpen;

  @Option(names = "--on-open-webhook", paramLabel = "URL",
      description = "POST each opening as signed JSON to this URL (see likeness-lock/README.md).")
  String webhook;

  @Option(names = "--webhook-secret-env", paramLabel = "NAME",
      description = "The environment variable holding the webhook's HMAC secret (default: "
          + ActuatorConfig.DEFAULT_SECRET_ENV + ").")
  String webhookSecretEnv;

  @Option(names = "--webhook-secret-file", paramLabel = "FILE",
      description = "Read the webhook's HMAC secret from this file instead of the environment (e.g. a mounted secret).")
  Path webhookSecretFile;

  @Option(names = "--on-open-mqtt", paramLabel = "URL", description = "Publish each opening to this MQTT broker, tcp://host:1883.")
  String mqtt;

  @Option(names = "--mqtt-topic", paramLabel = "TOPIC", description = "The MQTT topic of --on-open-mqtt.")
  String mqttTopic;

  @Option(names = "--hold", paramLabel = "DURATION", description = "How long the door stays open, e.g. 3s (default: ${DEFAULT-VALUE}).")
  String hold = "3s";

  @Option(names = "--min-gap", paramLabel = "DURATION",
      description = "The least time between two openings, e.g. 5s or 0s (default: ${DEFAULT-VALUE}).")
  String minGap = "5s";

  @Option(names = "--far", paramLabel = "RATE", description = "Security level: the threshold calibrated for this false-accept rate, e.g. 0.001.")
  Double far;

  @Option(names = "--max-distance", paramLabel = "D", description = "Accept when the nearest person's distance is at most D (overrides --far).")
  Double maxDistance;

  @ArgGroup(exclusive = true)
  Pace pace;

  static final class Pace {
    @Option(names = "--real-time", description = "Read a file at its own frame rate, dropping frames as a camera would.")
    boolean realTime;

    @Option(names = "--as-fast-as-possible", description = "Read a file as fast as frames are processed, dropping none (the default for files).")
    boolean fast;
  }

  @Option(names = "--loop", description = "Start a file again at its end (for demos).")
  boolean loop;

  @Option(names = "--max-frames", paramLabel = "N",
      description = "Stop after N frames, as if the camera had ended (a bounded --loop demo, a smoke test).")
  Long maxFrames;

  @Option(names = "--json", description = "Print each visit event as a JSON line.")
  boolean json;

  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "Serve the watcher's and the camera's counters at http://127.0.0.1:PORT/metrics (Prometheus text) and its state at /health (200, or 503 while the camera is down).")
  Integer metricsPort;

  /** One visit event as printed: CSV columns time,visit,event,person,reason,door,frames, or JSON. */
  record EventLine(String time, long visit, String event, String person, String reason, String door, int frames,
      String explanation) {
    static final String CSV_HEADER = "time,visit,event,person,reason,door,frames";

    static EventLine of(VisitEvent e) {
      String reason = e.refusal().map(Refusal::label)
          .orElse(e.kind() == VisitEvent.Kind.NOT_OPENED ? e.door().orElseThrow().label() : "");
      return new EventLine(e.at().toString(), e.visitId(), e.kind().name().toLowerCase(Locale.ROOT),
          e.person().orElse(""), reason, e.door().map(OpenResult::label).orElse(""), e.frames(), e.explanation());
    }

    String csv() {
      return String.join(",", time, Long.toString(visit), event, Csv.field(person), reason, door,
          Integer.toString(frames));
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LockPolicy policy = lockPolicy();
    ActuatorConfig actuators = actuatorConfig();
    camera = cameraArgument();
    CameraSource source = cameraSource();
    if (maxFrames != null && maxFrames < 1) {
      throw new BadInputException("--max-frames must be at least 1, got " + maxFrames);
    }
    if (door.isBlank()) {
      throw new BadInputException("--door must name the door, got '" + door + "'");
    }
    Map<String, String> env = secretEnvironment();
    FeedOptions feedOptions = FeedOptions.DEFAULTS
        .withRealTime(source.kind().live() || (pace != null && pace.realTime))
        .withLoop(loop);
    if (actuators.logOnly()) {
      err.println("likeness watch: " + actuators.describe());
    }
    // The actuators first: a missing webhook secret is refused before any model loads.
    try (DoorLock lock = new DoorLock(actuatorsOrBadInput(actuators, env, policy), policy, Clock.systemUTC());
        PersonGallery g = gallery.openExisting();
        LivenessCheck check = liveness.open(models.store()).orElse(null)) {
      ModelSpec s = models.specFor(g.spec());
      Thresholds t = new Calibrations(models.store())
          .thresholds(s, Optional.ofNullable(maxDistance), Optional.ofNullable(far));
      try (Likeness engine = models.open(s);
          CameraFeed feed = CameraFeed.open(source, feedOptions)) {
        err.println("likeness watch: camera " + source.display() + " (" + source.kind() + "), door '" + door
            + "', " + lock.describe() + ", gallery '" + g.spec().name() + "' (" + g.personCount() + " people, "
            + g.size() + " templates)");
        if (!json) {
          out.println(EventLine.CSV_HEADER);
        }
        CameraFrames cameraLog = new CameraFrames(feed, err,
            maxFrames == null ? OptionalLong.empty() : OptionalLong.of(maxFrames));
        Watcher watcher = new Watcher(cameraLog, engine, g, t, Optional.ofNullable(check),
            decision -> open(lock, decision, err), List.of(e -> print(out, e)), WatchPolicy.DEFAULT);
        Optional<WatchMetrics> metrics = Optional.ofNullable(metricsPort)
            .map(port -> WatchMetrics.serve(port, watcher::stats, feed::health));
        metrics.ifPresent(m -> err.println("likeness watch: metrics at http://127.0.0.1:" + m.port() + "/metrics"));
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
          watcher.close();
          try {
            finished.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "likeness-watch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long start = System.nanoTime();
        try {
          watcher.start();
          while (!watcher.awaitEnd(Duration.ofSeconds(1))) {
            cameraLog.note();
          }
        } finally {
          watcher.close();
          metrics.ifPresent(WatchMetrics::close);
          double seconds = (System.nanoTime() - start) / 1e9;
          WatchStats stats = watcher.stats();
          CameraHealth health = feed.health();
          err.println(String.format(Locale.ROOT, "likeness watch: %d frames in %.1f s (%.1f frames/s), %d dropped,"
                  + " %d visits, %d openings, %d not opened, %d refusals; camera %s",
              stats.framesProcessed(), seconds, stats.framesProcessed() / Math.max(seconds, 1e-9),
              // The camera numbers every frame it decodes, so the watcher's gaps count the frames the
              // camera's slot dropped as well; adding health.framesDropped() would count them twice.
              stats.framesDropped(), stats.visits(), stats.openings(), stats.notOpened(),
              stats.refusals(), health.state().name().toLowerCase(Locale.ROOT)
                  + health.lastError().map(m -> " (" + m + ")").orElse("")));
          err.flush();
          out.flush();
          finished.countDown();
          try {
            Runtime.getRuntime().removeShutdownHook(hook);
          } catch (IllegalStateException shuttingDown) {
            // The hook is running: it waits for the summary above, then the JVM exits.
          }
        }
        WatchStats stats = watcher.stats();
        if (stats.failure().isPresent()) {
          err.println("likeness watch: the watcher stopped: " + stats.failure().get());
          return LikenessCommand.INTERNAL;
        }
        if (feed.health().state() == CameraHealth.State.FAILED) {
          String why = feed.health().lastError().orElse("no error recorded");
          if (!source.kind().live()) {
            // A file that does not decode is a bad --camera value, not a fault of ours.
            throw new BadInputException(cameraOption() + " cannot be read as video: " + why);
          }
          err.println("likeness watch: camera " + source.display() + " failed: " + why);
          return LikenessCommand.INTERNAL;
        }
        return LikenessCommand.OK;
      }
    }
  }

  /** Asks the lock to open for a decision; the door's answer goes back to the watcher, a failure to stderr. */
  private OpenResult open(DoorLock lock, VisitDecision d, PrintWriter err) {
    LockOutcome outcome = lock.request(new Opening(d.person(), door, d.at(), d.distance(), d.maxDistance(),
        Long.toString(d.visitId())));
    if (outcome.kind() != LockOutcome.Kind.OPENED) {
      synchronized (err) {
        err.println("likeness watch: " + outcome.auditLine());
      }
    }
    return switch (outcome.kind()) {
      case OPENED -> OpenResult.OPENED;
      case TOO_SOON -> OpenResult.TOO_SOON;
      case FAILED -> OpenResult.FAILED;
    };
  }

  private void print(PrintWriter out, VisitEvent e) {
    EventLine line = EventLine.of(e);
    synchronized (out) {
      out.println(json ? Json.write(line) : line.csv());
    }
  }

  /**
   * The camera as the watcher's frame feed; ends when the camera ended or failed, or after the
   * frame limit, and reports each change of the camera's state (reconnecting, streaming, failed) on
   * stderr once.
   */
  static final class CameraFrames implements FrameFeed {
    private final CameraFeed feed;
    private final PrintWriter err;
    private final OptionalLong limit;
    private CameraHealth.State reported;
    // Written and read by the watcher's thread only.
    private long given;

    CameraFrames(CameraFeed feed, PrintWriter err) {
      this(feed, err, OptionalLong.empty());
    }

    /** A feed that ends after {@code limit} frames, when there is one. */
    CameraFrames(CameraFeed feed, PrintWriter err, OptionalLong limit) {
      this.feed = feed;
      this.err = err;
      this.limit = limit;
    }

    @Override
    public Optional<WatchFrame> next(Duration timeout) throws InterruptedException {
      if (limitReached()) {
        return Optional.empty();
      }
      Optional<Frame> frame = feed.next(timeout);
      note();
      if (frame.isPresent()) {
        given++;
      }
      return frame.map(f -> new WatchFrame(f.image(), f.sequence(), f.capturedAt()));
    }

    @Override
    public boolean ended() {
      CameraHealth.State state = note();
      return limitReached() || state == CameraHealth.State.ENDED || state == CameraHealth.State.FAILED;
    }

    private boolean limitReached() {
      return limit.isPresent() && given >= limit.getAsLong();
    }

    /** Reports the camera's state when it changed since the last report; returns it. */
    synchronized CameraHealth.State note() {
      CameraHealth health = feed.health();
      CameraHealth.State state = health.state();
      if (state != reported && state != CameraHealth.State.CONNECTING && state != CameraHealth.State.CLOSED) {
        synchronized (err) {
          err.println("likeness watch: camera " + health.source() + " " + state.name().toLowerCase(Locale.ROOT)
              + (state == CameraHealth.State.STREAMING ? "" : health.lastError().map(m -> ": " + m).orElse("")));
        }
        reported = state;
      }
      return state;
    }
  }

  private LockPolicy lockPolicy() {
    Duration h = duration("--hold", hold);
    Duration g = duration("--min-gap", minGap);
    try {
      return new LockPolicy(h, g, ACTUATOR_TIMEOUT);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--hold " + hold + ", --min-gap " + minGap + ": " + e.getMessage(), e);
    }
  }

  private ActuatorConfig actuatorConfig() {
    if (webhookSecretFile != null && (webhook == null || webhookSecretEnv != null)) {
      throw new BadInputException("--webhook-secret-file " + webhookSecretFile + " needs --on-open-webhook and"
          + " excludes --webhook-secret-env" + (webhookSecretEnv == null ? "" : " " + webhookSecretEnv));
    }
    try {
      return ActuatorConfig.fromOptions(onOpen, webhook, webhookSecretEnv, mqtt, mqttTopic);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
  }

  /** --camera, or the first line of --camera-url-file. */
  private String cameraArgument() {
    if (cameraArg.camera != null) {
      return cameraArg.camera;
    }
    Path file = cameraArg.urlFile;
    String url;
    try {
      url = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip).filter(l -> !l.isEmpty())
          .findFirst().orElse("");
    } catch (IOException e) {
      throw new BadInputException("--camera-url-file " + file + " cannot be read: " + e.getMessage(), e);
    }
    if (url.isEmpty()) {
      throw new BadInputException("--camera-url-file " + file + " is empty");
    }
    return url;
  }

  /** The camera option as an error names it; a URL read from a file is not repeated (it may hold a password). */
  private String cameraOption() {
    return cameraArg.urlFile != null ? "--camera-url-file " + cameraArg.urlFile : "--camera " + camera;
  }

  private CameraSource cameraSource() {
    try {
      return CameraSource.parse(camera);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(cameraOption() + ": " + e.getMessage(), e);
    }
  }

  /** The environment the webhook secret is read from: the process's, or the secret file's under the default name. */
  private Map<String, String> secretEnvironment() {
    if (webhookSecretFile == null) {
      return System.getenv();
    }
    String secret;
    try {
      secret = Files.readString(webhookSecretFile, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new BadInputException("--webhook-secret-file " + webhookSecretFile + " cannot be read: " + e.getMessage(), e);
    }
    if (secret.isEmpty()) {
      throw new BadInputException("--webhook-secret-file " + webhookSecretFile + " is empty");
    }
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put(ActuatorConfig.DEFAULT_SECRET_ENV, secret);
    return env;
  }

  private static List<DoorActuator> actuatorsOrBadInput(ActuatorConfig config,
      Map<String, String> env, LockPolicy policy) {
    try {
      return config.actuators(env, policy);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
  }

  /**
   * A duration as {@code 500ms}, {@code 3s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT3S}).
   *
   * @throws BadInputException naming the option and the value
   */
  static Duration duration(String option, String value) {
    Matcher m = SHORT_DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
    try {
      return Duration.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new BadInputException(option + " takes a duration such as 500ms, 3s or 2m, got '" + value + "'", e);
    }
  }
}
