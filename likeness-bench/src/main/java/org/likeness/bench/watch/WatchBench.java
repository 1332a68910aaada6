package org.likeness.bench.watch;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.likeness.bench.pipeline.PipelineRun;
import org.likeness.camera.CameraFeed;
import org.likeness.camera.CameraHealth;
import org.likeness.camera.CameraSource;
import org.likeness.camera.FeedOptions;
import org.likeness.camera.LfwVideo;
import org.likeness.detect.DetectedFace;
import org.likeness.engine.Likeness;
import org.likeness.gallery.Enrollment;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.GalleryOptions;
import org.likeness.gallery.GallerySpec;
import org.likeness.gallery.Template;
import org.likeness.lock.CommandActuator;
import org.likeness.lock.DoorActuator;
import org.likeness.lock.DoorLock;
import org.likeness.lock.LockOutcome;
import org.likeness.lock.LockPolicy;
import org.likeness.lock.Opening;
import org.likeness.lock.WebhookActuator;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import org.likeness.models.Sha256;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.FaceEncoding;
import org.likeness.pipeline.PipelineOptions;
import org.likeness.watch.CameraFrames;
import org.likeness.watch.DoorOpener;
import org.likeness.watch.OpenResult;
import org.likeness.watch.VisitEvent;
import org.likeness.watch.WatchPolicy;
import org.likeness.watch.WatchStats;
import org.likeness.watch.Watcher;
import org.likeness.watch.visit.Refusal;

/**
 * {@code likeness bench watch}: the door's loop end to end on a long LFW door video. Visitors,
 * most of them enrolled from two other LFW photos of theirs and every fifth a stranger, walk up
 * one after another in a 640x480 MJPEG video; the camera module decodes it, a {@link Watcher}
 * decides once per visit and a {@link DoorLock} calls a real actuator (a webhook POST to a relay on
 * 127.0.0.1, or a command). It prints frames per second, and for every admitted visit the time from
 * its first good frame (the first frame the decision counts) to the lock's answer, split into
 * waiting for enough good frames, the watcher's own work and the actuator call.
 */
public final class WatchBench {
  /**
   * The walk-up of the benchmark's video: 10 frames approaching, 12 standing, then 16 empty frames,
   * more than the tracker's 10 missed frames and 1.5 s unseen ({@code TrackerPolicy.DEFAULT}), so
   * that each visitor's track has ended before the next one steps up. With shorter gaps a visitor
   * who steps into the spot the last one just left, while the last one's track is still alive, can
   * continue that track and is then never decided on (a queue at the door; see docs/performance.md).
   */
  public static final LfwVideo.Timing TIMING = new LfwVideo.Timing(5, 10, 12, 16);
  private static final String DOOR = "bench";
  private static final Duration HOLD = Duration.ofSeconds(1);
  private static final Duration ACTUATOR_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);

  /**
   * What to run.
   *
   * @param lfw the LFW root (with {@code images_deepfunneled/})
   * @param enrolledVisits walk-ups by enrolled people, each a different person
   * @param strangers walk-ups by people not enrolled, spread among the others
   * @param realTime read the video at its 10 frames a second, dropping what the watcher misses, as a
   *     camera delivers; false reads it as fast as the watcher takes frames (the throughput run)
   * @param command the actuator: empty for a signed webhook POST to a local relay, else this command
   * @param model the embedder
   * @param store where the models are installed
   * @param ort the ONNX Runtime settings of the engine
   * @param seed picks the cast
   */
  public record Config(Path lfw, int enrolledVisits, int strangers, boolean realTime, Optional<String> command,
      ModelSpec model, ModelStore store, OrtSettings ort, long seed) {
    public Config {
      if (enrolledVisits < 1 || strangers < 0) {
        throw new IllegalArgumentException("the benchmark needs at least one enrolled visit and no negative number of"
            + " strangers, got " + enrolledVisits + " enrolled and " + strangers + " strangers");
      }
      if (lfw == null || command == null || model == null || store == null || ort == null) {
        throw new IllegalArgumentException("a watch benchmark needs LFW, an optional command, a model, a model store"
            + " and ONNX Runtime settings; one of them is null");
      }
    }
  }

  /** The people of the video: who walks up with which photo, and who is enrolled from which. */
  record Cast(List<Path> walkUps, Map<String, List<Path>> enrollFrom) {}

  /**
   * One admitted visit's instants, all on the wall clock the camera stamps frames with.
   *
   * @param firstCounted capture of the first good frame the decision counted
   * @param decidingFrame capture of the frame that completed the decision
   * @param called when the watcher called the door opener
   * @param answered when the lock answered (every actuator acknowledged or failed)
   */
  record Admission(long visit, String person, Instant firstCounted, Instant decidingFrame, Instant called,
      Instant answered, LockOutcome.Kind outcome) {
    double waitMs() {
      return millis(firstCounted, decidingFrame);
    }

    double workMs() {
      return millis(decidingFrame, called);
    }

    double actuatorMs() {
      return millis(called, answered);
    }

    double totalMs() {
      return millis(firstCounted, answered);
    }

    private static double millis(Instant from, Instant to) {
      return Duration.between(from, to).toNanos() / 1e6;
    }
  }

  /**
   * What one run measured.
   *
   * @param frames frames in the video
   * @param walkUps visits the video scripts
   * @param enrolled the people enrolled, each of whom walks up once
   * @param stats the watcher's counters at the end
   * @param seconds from the watcher's start to the video's end
   * @param refusals refused visits by reason
   * @param admissions every admitted visit, in order
   * @param relayPosts webhook POSTs the relay answered (0 with a command)
   */
  public record Result(int frames, int walkUps, Set<String> enrolled, WatchStats stats, double seconds,
      Map<Refusal, Long> refusals, List<Admission> admissions, int relayPosts) {}

  private WatchBench() {}

  /** Prepares the cast, the gallery and the video, runs the watcher over it and prints the tables to {@code out}. */
  public static Result run(Config config, PrintStream out, PrintStream progress) throws IOException, InterruptedException {
    Path work = Files.createTempDirectory("likeness-bench-watch");
    try {
      Cast cast = cast(config.lfw(), config.enrolledVisits(), config.strangers(), config.seed());
      LfwVideo video = new LfwVideo(LfwVideo.walkUps(cast.walkUps(), TIMING));
      progress.printf(Locale.ROOT, "bench watch: writing %d frames of %d walk-ups%n", video.script().frameCount(),
          cast.walkUps().size());
      Path avi = video.write(work.resolve("door.avi"));
      try (Likeness engine = Likeness.open(config.model(), config.store(), PipelineOptions.defaults(), config.ort());
          Gallery gallery = enroll(engine, cast, work.resolve("gallery"), progress);
          LocalWebhook relay = new LocalWebhook();
          DoorLock lock = new DoorLock(List.of(actuator(config, relay)),
              new LockPolicy(HOLD, Duration.ZERO, ACTUATOR_TIMEOUT), Clock.systemUTC())) {
        printSetup(config, video, cast, gallery, lock, avi, out);
        Result result = watch(config, engine, gallery, lock, avi, video.script(), cast, relay, progress);
        print(result, out);
        return result;
      }
    } finally {
      deleteTree(work);
    }
  }

  /**
   * Picks {@code enrolled} people with at least three LFW photos (enrolled from the first two, walking
   * up with the third) and {@code strangers} with one photo, both shuffled by {@code seed}; every fifth
   * walk-up or so is a stranger's.
   */
  static Cast cast(Path lfw, int enrolled, int strangers, long seed) throws IOException {
    Path images = lfw.resolve("images_deepfunneled");
    if (!Files.isDirectory(images)) {
      throw new IllegalArgumentException("no LFW images at " + images + "; set -Dlikeness.lfw to the LFW root");
    }
    List<String> many = new ArrayList<>();
    List<String> single = new ArrayList<>();
    try (Stream<Path> people = Files.list(images)) {
      for (Path person : people.sorted().toList()) {
        String name = person.getFileName().toString();
        if (Files.isRegularFile(photo(images, name, 3))) {
          many.add(name);
        } else if (Files.isRegularFile(photo(images, name, 1)) && !Files.exists(photo(images, name, 2))) {
          single.add(name);
        }
      }
    }
    if (many.size() < enrolled || single.size() < strangers) {
      throw new IllegalArgumentException("LFW at " + lfw + " has " + many.size() + " people with 3 photos and "
          + single.size() + " with one; the benchmark asked for " + enrolled + " and " + strangers);
    }
    Random random = new Random(seed);
    Collections.shuffle(many, random);
    Collections.shuffle(single, random);
    Map<String, List<Path>> enrollFrom = new LinkedHashMap<>();
    List<Path> walkUps = new ArrayList<>();
    int every = strangers == 0 ? Integer.MAX_VALUE : Math.max(1, enrolled / strangers);
    int strangerIndex = 0;
    for (int i = 0; i < enrolled; i++) {
      String name = many.get(i);
      enrollFrom.put(name, List.of(photo(images, name, 1), photo(images, name, 2)));
      walkUps.add(photo(images, name, 3));
      if ((i + 1) % every == 0 && strangerIndex < strangers) {
        walkUps.add(photo(images, single.get(strangerIndex++), 1));
      }
    }
    while (strangerIndex < strangers) {
      walkUps.add(photo(images, single.get(strangerIndex++), 1));
    }
    return new Cast(walkUps, enrollFrom);
  }

  private static Path photo(Path images, String person, int n) {
    return images.resolve(person).resolve(String.format(Locale.ROOT, "%s_%04d.jpg", person, n));
  }

  /** A gallery of the cast's enrolled people; a photo without a face is skipped and counted. */
  private static Gallery enroll(Likeness engine, Cast cast, Path dir, PrintStream progress) throws IOException {
    ModelSpec spec = engine.model();
    Gallery gallery = Gallery.create(dir, GallerySpec.cosine("door", spec.id(), spec.dimensions()),
        GalleryOptions.defaults());
    List<Enrollment> batch = new ArrayList<>();
    int noFace = 0;
    for (Map.Entry<String, List<Path>> person : cast.enrollFrom().entrySet()) {
      for (Path photo : person.getValue()) {
        FaceEncoding e = engine.encode(photo);
        if (!e.hasFace()) {
          noFace++;
          continue;
        }
        DetectedFace face = e.face().orElseThrow();
        batch.add(new Enrollment(person.getKey(), new Template(e.embedding().orElseThrow(), Sha256.of(photo),
            face.box(), face.score(), Instant.now())));
      }
    }
    gallery.enrollAll(batch);
    progress.printf(Locale.ROOT, "bench watch: enrolled %d templates of %d people (%d photos without a face)%n",
        batch.size(), cast.enrollFrom().size(), noFace);
    return gallery;
  }

  private static DoorActuator actuator(Config config, LocalWebhook relay) {
    if (config.command().isPresent()) {
      return new CommandActuator(CommandActuator.parse(config.command().get()), ACTUATOR_TIMEOUT);
    }
    return new WebhookActuator(relay.url(), "bench-watch-secret", ACTUATOR_TIMEOUT, WebhookActuator.Retry.DEFAULT,
        Clock.systemUTC());
  }

  private static Result watch(Config config, Likeness engine, Gallery gallery, DoorLock lock, Path avi,
      LfwVideo.Script script, Cast cast, LocalWebhook relay, PrintStream progress) throws InterruptedException {
    List<Admission> admissions = Collections.synchronizedList(new ArrayList<>());
    Map<Refusal, Long> refusals = Collections.synchronizedMap(new EnumMap<>(Refusal.class));
    DoorOpener opener = d -> {
      Instant called = Instant.now();
      LockOutcome outcome = lock.request(new Opening(d.person(), DOOR, d.at(), d.distance(), d.maxDistance(),
          Long.toString(d.visitId())));
      admissions.add(new Admission(d.visitId(), d.person(), d.firstCounted(), d.at(), called, Instant.now(),
          outcome.kind()));
      return switch (outcome.kind()) {
        case OPENED -> OpenResult.OPENED;
        case TOO_SOON -> OpenResult.TOO_SOON;
        case FAILED -> OpenResult.FAILED;
      };
    };
    FeedOptions options = FeedOptions.DEFAULTS.withRealTime(config.realTime());
    try (CameraFeed feed = CameraFeed.open(CameraSource.parse(avi.toString()), options);
        Watcher watcher = new Watcher(new CameraFrames(feed, health -> { }), engine, gallery, engine.thresholds(), Optional.empty(),
            opener, List.of(e -> e.refusal().ifPresent(r -> refusals.merge(r, 1L, Long::sum))),
            WatchPolicy.DEFAULT)) {
      long start = System.nanoTime();
      watcher.start();
      while (!watcher.awaitEnd(PROGRESS_EVERY)) {
        WatchStats s = watcher.stats();
        progress.printf(Locale.ROOT, "bench watch: %d of %d frames, %.1f frames/s, %d visits, %d openings%n",
            s.framesProcessed(), script.frameCount(), s.framesPerSecond(), s.visits(), s.openings());
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      WatchStats stats = watcher.stats();
      if (stats.failure().isPresent()) {
        throw new IllegalStateException("the watcher stopped: " + stats.failure().get());
      }
      if (feed.health().state() == CameraHealth.State.FAILED) {
        throw new IllegalStateException("the camera failed on " + avi + ": " + feed.health().lastError().orElse("?"));
      }
      return new Result(script.frameCount(), cast.walkUps().size(), Set.copyOf(cast.enrollFrom().keySet()), stats, seconds,
          Map.copyOf(refusals), List.copyOf(admissions), relay.received());
    }
  }

  private static void printSetup(Config config, LfwVideo video, Cast cast, Gallery gallery, DoorLock lock, Path avi,
      PrintStream out) throws IOException {
    LfwVideo.Script script = video.script();
    out.printf(Locale.ROOT, "machine: %d cores (%s), %s, Java %s; load average %s%n",
        Runtime.getRuntime().availableProcessors(), PipelineRun.cpuName(), System.getProperty("os.arch"),
        System.getProperty("java.version"), PipelineRun.loadAverage());
    out.printf(Locale.ROOT, "engine: %s, ONNX Runtime %s, liveness off; the watcher decides on 1 thread while the "
        + "camera decodes on another%n", config.model().name(), config.ort());
    out.printf(Locale.ROOT, "video: %dx%d MJPEG/AVI (%d MiB), %d frames at %d fps (%.1f s of door), %d walk-ups: %d by "
            + "enrolled people (gallery of %d templates from 2 other LFW photos each) and %d by strangers; read %s%n",
        LfwVideo.WIDTH, LfwVideo.HEIGHT, Files.size(avi) >> 20, script.frameCount(), script.fps(),
        script.frameCount() / (double) script.fps(), cast.walkUps().size(), cast.enrollFrom().size(), gallery.size(),
        cast.walkUps().size() - cast.enrollFrom().size(),
        config.realTime() ? "at its frame rate, dropping what the watcher misses (--real-time)" : "as fast as the "
            + "watcher takes frames, none dropped");
    out.printf(Locale.ROOT, "lock: %s, hold %d s, no minimum gap%n", lock.describe(), HOLD.toSeconds());
    out.println();
  }

  /** The throughput table, then the latency table. */
  static void print(Result r, PrintStream out) {
    WatchStats s = r.stats();
    String refused = r.refusals().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey().label() + " " + e.getValue()).collect(Collectors.joining(", "));
    out.println("| frames | seconds | frames/s | dropped | visits (tracks) | openings | not opened | refusals |");
    out.println("|---|---|---|---|---|---|---|---|");
    out.printf(Locale.ROOT, "| %d | %.1f | **%.2f** | %d | %d | %d | %d | %d (%s) |%n", s.framesProcessed(),
        r.seconds(), s.framesProcessed() / r.seconds(), s.framesDropped(), s.visits(), s.openings(), s.notOpened(),
        s.refusals(), refused.isEmpty() ? "none" : refused);
    Set<String> opened = new TreeSet<>();
    Set<String> twice = new TreeSet<>();
    for (Admission a : r.admissions()) {
      if (a.outcome() == LockOutcome.Kind.OPENED && !opened.add(a.person())) {
        twice.add(a.person());
      }
    }
    Set<String> missed = new TreeSet<>(r.enrolled());
    missed.removeAll(opened);
    out.printf(Locale.ROOT, "%d of %d enrolled visitors admitted%s; admitted on more than one visit: %s;"
            + " the relay answered %d POSTs%n%n", opened.size(), r.enrolled().size(),
        missed.isEmpty() ? "" : " (not: " + String.join(", ", missed) + ")", twice.isEmpty() ? "none" : twice,
        r.relayPosts());
    List<Admission> timed = r.admissions();
    out.printf(Locale.ROOT, "| latency over %d admitted visits | p50 ms | p99 ms | max ms |%n", timed.size());
    out.println("|---|---|---|---|");
    row(out, "**first good frame to the lock's answer**", timed, Admission::totalMs);
    row(out, "waiting for enough good frames (first to last counted frame)", timed, Admission::waitMs);
    row(out, "the watcher's work (deciding frame captured to actuator called)", timed, Admission::workMs);
    row(out, "the actuator call (lock asked to answered)", timed, Admission::actuatorMs);
    out.flush();
  }

  private static void row(PrintStream out, String what, List<Admission> timed,
      java.util.function.ToDoubleFunction<Admission> ms) {
    double[] v = timed.stream().mapToDouble(ms).sorted().toArray();
    out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", what, percentile(v, 0.50), percentile(v, 0.99),
        v.length == 0 ? Double.NaN : v[v.length - 1]);
  }

  /** The nearest-rank percentile of sorted values: the smallest value with at least q of them at or below it. */
  static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the benchmark's work folder " + root, e);
    }
  }
}
