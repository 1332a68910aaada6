package org.likeness.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.likeness.camera.CameraFeed;
import org.likeness.camera.CameraHealth;
import org.likeness.camera.CameraSource;
import org.likeness.camera.FeedOptions;
import org.likeness.engine.Likeness;
import org.likeness.error.BadInputException;
import org.likeness.gallery.PersonGallery;
import org.likeness.liveness.LivenessCheck;
import org.likeness.lock.ActuatorConfig;
import org.likeness.lock.DoorLock;
import org.likeness.models.Calibrations;
import org.likeness.models.ModelSpec;
import org.likeness.models.Thresholds;
import org.likeness.watch.CameraFrames;
import org.likeness.watch.LockOpener;
import org.likeness.watch.OpenResult;
import org.likeness.watch.VisitEvent;
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

  @Mixin DoorLockOptions lock;
  @Mixin CameraOptions cameraOptions;

  @Option(names = "--far", paramLabel = "RATE", description = "Security level: the threshold calibrated for this false-accept rate, e.g. 0.001.")
  Double far;

  @Option(names = "--max-distance", paramLabel = "D", description = "Accept when the nearest person's distance is at most D (overrides --far).")
  Double maxDistance;

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
    CameraSource source = cameraSource();
    if (maxFrames != null && maxFrames < 1) {
      throw new BadInputException("--max-frames must be at least 1, got " + maxFrames);
    }
    FeedOptions feedOptions = cameraOptions.feed(source);
    ActuatorConfig actuators = lock.actuators();
    String door = lock.door();
    if (actuators.logOnly()) {
      err.println("likeness watch: " + actuators.describe());
    }
    // The actuators first: a missing webhook secret is refused before any model loads.
    try (DoorLock doorLock = lock.open();
        PersonGallery g = gallery.openExisting();
        LivenessCheck check = liveness.open(models.store()).orElse(null)) {
      ModelSpec s = models.specFor(g.spec());
      Thresholds t = new Calibrations(models.store())
          .thresholds(s, models.pipelineOptions(), Optional.ofNullable(maxDistance), Optional.ofNullable(far));
      try (Likeness engine = models.open(s);
          CameraFeed feed = CameraFeed.open(source, feedOptions)) {
        err.println("likeness watch: camera " + source.display() + " (" + source.kind() + "), door '" + door
            + "', " + doorLock.describe() + ", gallery '" + g.spec().name() + "' (" + g.personCount() + " people, "
            + g.size() + " templates)");
        if (!json) {
          out.println(EventLine.CSV_HEADER);
        }
        CameraFrames cameraLog = new CameraFrames(feed, health -> cameraChanged(err, health),
            maxFrames == null ? OptionalLong.empty() : OptionalLong.of(maxFrames));
        LockOpener opener = new LockOpener(doorLock, door, outcome -> {
          synchronized (err) {
            err.println("likeness watch: " + outcome.auditLine());
          }
        });
        Watcher watcher = new Watcher(cameraLog, engine, g, t, Optional.ofNullable(check), opener,
            List.of(e -> print(out, e)), WatchPolicy.DEFAULT);
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

  private void print(PrintWriter out, VisitEvent e) {
    EventLine line = EventLine.of(e);
    synchronized (out) {
      out.println(json ? Json.write(line) : line.csv());
    }
  }

  /** The camera named by --camera, or by the first line of --camera-url-file (its password never repeated in errors). */
  private CameraSource cameraSource() {
    if (cameraArg.camera != null) {
      return CameraOptions.source(cameraArg.camera);
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
    try {
      return CameraSource.parse(url);
    } catch (IllegalArgumentException e) {
      // CameraSource's messages show a URL with its password redacted.
      throw new BadInputException("--camera-url-file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The camera option as an error names it; a URL read from a file is not repeated (it may hold a password). */
  private String cameraOption() {
    return cameraArg.urlFile != null ? "--camera-url-file " + cameraArg.urlFile : "--camera " + cameraArg.camera;
  }

  /** Reports a change of the camera's state (reconnecting, streaming, failed) on stderr. */
  static void cameraChanged(PrintWriter err, CameraHealth health) {
    CameraHealth.State state = health.state();
    synchronized (err) {
      err.println("likeness watch: camera " + health.source() + " " + state.name().toLowerCase(Locale.ROOT)
          + (state == CameraHealth.State.STREAMING ? "" : health.lastError().map(m -> ": " + m).orElse("")));
    }
  }
}
