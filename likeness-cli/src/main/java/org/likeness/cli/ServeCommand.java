package org.likeness.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.likeness.error.BadInputException;
import org.likeness.models.DecisionThreshold;
import org.likeness.lock.DoorLock;
import org.likeness.server.DoorCameraConfig;
import org.likeness.server.DoorLiveness;
import org.likeness.server.KeyFile;
import org.likeness.server.LikenessServer;
import org.likeness.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code likeness serve}: the office door. Runs the REST API, the kiosk page and the admin page on
 * localhost over a gallery that is created on first start; no other setup. API keys come from
 * {@code $LIKENESS_ADMIN_KEY} and {@code $LIKENESS_KIOSK_KEY}, or from {@code keys.properties} in the
 * data directory, which the first start creates and prints once. With {@code --camera} the service
 * also watches a camera and opens the door per visit, with the actuator options of {@code likeness
 * watch}.
 */
@Command(name = "serve", description = {
    "Run the office door service: kiosk page at /, admin page at /admin, REST API under /api/v1 (see /openapi.json).",
    "First start creates the gallery and the API keys, and prints the keys once."})
final class ServeCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin ModelOptions models;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Keys, audit log and face thumbnails (default: ~/.likeness/door).")
  Path dataDir = ServerConfig.DEFAULT_DATA_DIR;

  @Option(names = "--gallery", paramLabel = "DIR", description = "Gallery directory, created on first start (default: DATA-DIR/gallery).")
  Path gallery;

  @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
  String host = "127.0.0.1";

  @Option(names = "--port", description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port = 8080;

  @Option(names = "--far", paramLabel = "RATE", description = "Security level: the threshold calibrated for this false-accept rate, e.g. 0.001.")
  Double far;

  @Option(names = "--max-distance", paramLabel = "D", description = "Accept when the distance is at most D (overrides --far).")
  Double maxDistance;

  @Option(names = "--workers", paramLabel = "N", description = "Photos worked on in parallel, one face engine each (default: all cores).")
  int workers = Runtime.getRuntime().availableProcessors();

  @Option(names = "--challenge", paramLabel = "MODE",
      description = "required (default): a kiosk must pass a head-turn challenge (a burst of frames turning the asked way);"
          + " off: a kiosk may send one photo. An admin key may always send one photo.")
  String challenge = "required";

  @Option(names = "--liveness", paramLabel = "MODE",
      description = "Passive presentation-attack network: report (default; its score is shown to admin keys, never"
          + " refuses), gate (refuses a face at or above the threshold as a spoof) or off.")
  String liveness = "report";

  @Option(names = "--liveness-threshold", paramLabel = "SCORE",
      description = "This door's attack-score threshold for the passive network (default: its shipped calibration).")
  Double livenessThreshold;

  @Option(names = "--max-upload-mb", paramLabel = "MB", description = "Largest request body accepted, in MiB (default: ${DEFAULT-VALUE}).")
  int maxUploadMb = 10;

  @Option(names = "--camera", paramLabel = "URL|DEVICE|FILE",
      description = "Also watch this camera (rtsp://..., http://... MJPEG, /dev/videoN or a video file) and open the door"
          + " once per visit of an enrolled person; the admin page shows it live and lists the day's visits.")
  String camera;

  @Mixin DoorLockOptions lock;
  @Mixin CameraOptions cameraOptions;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Defaults for these options, one 'name = value' a line (port = 8080); options given here override"
          + " them. Default: a distribution's conf/likeness.properties, when there is one.")
  Path configFile;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Optional<Path> defaults = OptionsFile.locate(Optional.ofNullable(configFile), Optional.ofNullable(System.getProperty(OptionsFile.HOME_PROPERTY)));
    defaults.ifPresent(f -> OptionsFile.apply(f, spec, ServeCommand::new));
    Optional<DoorCameraConfig> door = Optional.empty();
    if (camera != null) {
      org.likeness.camera.CameraSource source = CameraOptions.source(camera);
      door = Optional.of(new DoorCameraConfig(source, cameraOptions.feed(source), lock.door()));
    } else if (!lock.actuators().logOnly()) {
      throw new BadInputException("--on-open, --on-open-webhook and --on-open-mqtt open the door for the camera's"
          + " visits; give --camera too");
    }
    ServerConfig config;
    try {
      config = ServerConfig.defaults(dataDir)
          .withGallery(gallery != null ? gallery : dataDir.resolve("gallery"))
          .withAddress(host, port)
          .withModel(Optional.ofNullable(models.model), models.store(), models.pipelineOptions())
          .withThreshold(Optional.ofNullable(far), Optional.ofNullable(maxDistance))
          .withWorkers(workers)
          .withMaxUploadBytes((long) maxUploadMb * 1024 * 1024)
          .withLiveness(new DoorLiveness(DoorLiveness.Challenge.parse(challenge), DoorLiveness.Passive.parse(liveness),
              Optional.ofNullable(livenessThreshold)))
          .withCamera(door);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
    KeyFile.Resolved keys = KeyFile.resolve(dataDir, System.getenv());
    // The lock before any model loads: a missing webhook secret is refused first.
    Optional<DoorLock> doorLock = door.map(d -> lock.open());
    if (door.isPresent() && lock.actuators().logOnly()) {
      out.println("door camera: " + lock.actuators().describe());
    }
    LikenessServer server = LikenessServer.start(config, keys.keys(), doorLock);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "likeness-serve-shutdown"));
    keys.created().ifPresent(k -> {
      out.println("Created API keys in " + k.file() + " (readable by you only). They are shown this once:");
      k.adminSecret().ifPresent(s -> out.println("  admin key: " + s + "   (everything: the admin page, enrollment, audit, metrics)"));
      k.kioskSecret().ifPresent(s -> out.println("  kiosk key: " + s + "   (identify and verify: the kiosk page)"));
    });
    DecisionThreshold verify = server.thresholds().verify();
    out.println("Likeness door service, model " + server.model().name() + ", verify threshold " + verify.maxDistance()
        + verify.far().map(f -> " (FAR " + f + ")").orElse("")
        + "; identify thresholds tighten with the gallery so that at most 1% of strangers match");
    defaults.ifPresent(f -> out.println("  options: " + f + ", then the command line"));
    out.println("  kiosk: " + server.uri());
    out.println("  admin: " + server.uri() + "admin");
    out.println("  API:   " + server.uri() + "openapi.json");
    door.ifPresent(d -> out.println("  camera: " + d.source().display() + " at door '" + d.door() + "', "
        + doorLock.get().describe() + "; live view and the day's visits on the admin page"));
    if (!isLoopback(host)) {
      out.println("warning: listening on " + host + " without TLS: keys and photos cross the network in clear;"
          + " put the service behind an HTTPS proxy (browsers also allow the camera only over HTTPS or on localhost)");
    }
    out.println("Press Ctrl-C to stop.");
    out.flush();
    server.join();
    return LikenessCommand.OK;
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
