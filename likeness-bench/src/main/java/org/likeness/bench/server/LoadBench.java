package org.likeness.bench.server;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.likeness.detect.Box;
import org.likeness.embed.Embedding;
import org.likeness.gallery.Enrollment;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.GalleryOptions;
import org.likeness.gallery.GallerySpec;
import org.likeness.gallery.Template;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import org.likeness.pipeline.PipelineOptions;
import org.likeness.server.ApiKeys;
import org.likeness.server.DoorLiveness;
import org.likeness.server.LikenessServer;
import org.likeness.server.ServerConfig;

/**
 * A load check of the door service, run as a program: it builds a gallery of {@code people} people
 * (real LFW people enrolled through the API, the rest synthetic unit vectors), starts the service on
 * a free port of 127.0.0.1, and sends {@code requests} identify requests with real LFW photos from
 * {@code clients} concurrent clients. It prints a table with the request rate, latency percentiles,
 * and the count of server errors and failed requests, which should both be zero.
 *
 * <pre>
 * java -cp ... org.likeness.bench.server.LoadBench [--lfw DIR] [--people N] [--requests N] [--clients N] [--workers N]
 * </pre>
 *
 * <p>The service's access log is turned down to warnings for the run unless the system property
 * {@value #ACCESS_LOG_PROPERTY} is set, so that 2,000 request lines do not bury the table.
 */
public final class LoadBench {
  /** The slf4j-simple property that sets the access log's level. */
  public static final String ACCESS_LOG_PROPERTY = "org.slf4j.simpleLogger.log.org.likeness.server.access";

  private static final String ADMIN = "loadbench-admin-" + HexFormat.of().formatHex(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
  private static final String KIOSK = "loadbench-kiosk-" + HexFormat.of().formatHex(new byte[] {8, 7, 6, 5, 4, 3, 2, 1});

  private LoadBench() {}

  /**
   * What to run.
   *
   * @param lfw the LFW root (holding {@code images_deepfunneled})
   * @param people people in the gallery, real and synthetic together
   * @param realPeople of those, LFW people enrolled from two photos each through the API
   * @param requests identify requests to time
   * @param clients concurrent clients sending them
   * @param workers the service's face engines
   * @param models where the weights are installed
   */
  public record Options(Path lfw, int people, int realPeople, int requests, int clients, int workers, ModelStore models) {
    public Options {
      if (lfw == null || models == null) {
        throw new IllegalArgumentException("the load check needs the LFW root and a models directory");
      }
      if (realPeople < 1 || people < realPeople || requests < 1 || clients < 1 || workers < 1) {
        throw new IllegalArgumentException("need 1 <= realPeople <= people and positive requests, clients and workers, got "
            + realPeople + " real of " + people + ", " + requests + " requests, " + clients + " clients, " + workers + " workers");
      }
    }

    /** 1,000 people (50 from LFW), 2,000 requests from 16 clients, one engine per core. */
    public static Options defaults(Path lfw) {
      return new Options(lfw, 1000, 50, 2000, 16, Runtime.getRuntime().availableProcessors(), ModelStore.locate(Optional.empty()));
    }
  }

  /**
   * What a run measured.
   *
   * @param requests requests sent (after a short warm-up that is not counted)
   * @param ok answers with status 200
   * @param serverErrors answers with a 5xx status
   * @param otherStatus answers with any other status
   * @param failed requests that got no answer (connection or timeout errors)
   * @param correct 200 answers that named the right person, or nobody for a stranger
   * @param seconds wall time of the timed requests
   * @param p50Millis median latency
   * @param p90Millis 90th percentile latency
   * @param p99Millis 99th percentile latency
   * @param maxMillis slowest request
   */
  public record Result(int requests, int ok, int serverErrors, int otherStatus, int failed, int correct, double seconds,
      double p50Millis, double p90Millis, double p99Millis, double maxMillis) {
    public double requestsPerSecond() {
      return requests / seconds;
    }
  }

  private record Probe(String fileName, byte[] bytes, Optional<String> expected) {}

  private record Outcome(int status, long nanos, boolean correct) {}

  public static void main(String[] args) throws Exception {
    Options o = Options.defaults(Path.of(System.getProperty("likeness.lfw", "../shared/data/lfw")));
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      if (value == null) {
        throw new IllegalArgumentException("option " + args[i] + " needs a value");
      }
      o = switch (args[i]) {
        case "--lfw" -> new Options(Path.of(value), o.people(), o.realPeople(), o.requests(), o.clients(), o.workers(), o.models());
        case "--people" -> new Options(o.lfw(), Integer.parseInt(value), o.realPeople(), o.requests(), o.clients(), o.workers(), o.models());
        case "--real-people" -> new Options(o.lfw(), o.people(), Integer.parseInt(value), o.requests(), o.clients(), o.workers(), o.models());
        case "--requests" -> new Options(o.lfw(), o.people(), o.realPeople(), Integer.parseInt(value), o.clients(), o.workers(), o.models());
        case "--clients" -> new Options(o.lfw(), o.people(), o.realPeople(), o.requests(), Integer.parseInt(value), o.workers(), o.models());
        case "--workers" -> new Options(o.lfw(), o.people(), o.realPeople(), o.requests(), o.clients(), Integer.parseInt(value), o.models());
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; known: --lfw DIR --people N --real-people N --requests N --clients N --workers N");
      };
    }
    Result r = run(o, System.out);
    System.exit(r.serverErrors() == 0 && r.failed() == 0 && r.otherStatus() == 0 ? 0 : 1);
  }

  /** Runs the load check in a temporary directory, prints the table to {@code out}, and returns the numbers. */
  public static Result run(Options o, PrintStream out) throws IOException, InterruptedException {
    if (System.getProperty(ACCESS_LOG_PROPERTY) == null) {
      System.setProperty(ACCESS_LOG_PROPERTY, "warn");
    }
    Path images = o.lfw().resolve("images_deepfunneled");
    if (!Files.isDirectory(images)) {
      throw new IllegalArgumentException("no LFW images under " + images + "; pass --lfw DIR");
    }
    List<Path> folders;
    try (Stream<Path> s = Files.list(images)) {
      folders = s.filter(Files::isDirectory).sorted().toList();
    }
    List<Path> enrolled = new ArrayList<>();
    List<Path> strangers = new ArrayList<>();
    for (Path f : folders) {
      int photos = count(f);
      if (photos >= 4 && enrolled.size() < o.realPeople()) {
        enrolled.add(f);
      } else if (photos == 1 && strangers.size() < o.realPeople()) {
        strangers.add(f);
      }
    }
    Path work = Files.createTempDirectory("likeness-loadbench");
    try {
      ModelSpec spec = ModelCatalog.DEFAULT_EMBEDDER;
      int synthetic = o.people() - enrolled.size();
      seedSynthetic(work.resolve("gallery"), spec, synthetic);
      ServerConfig config = ServerConfig.defaults(work).withAddress("127.0.0.1", 0).withWorkers(o.workers())
          .withModel(Optional.empty(), o.models(), PipelineOptions.defaults())
          // One photo per identify, as the door's single-photo clients send it: the head-turn challenge
          // (a burst per request) is off; the passive check runs as it ships.
          .withLiveness(new DoorLiveness(DoorLiveness.Challenge.OFF, DoorLiveness.defaults().passive(), Optional.empty()));
      try (LikenessServer server = LikenessServer.start(config, ApiKeys.of(ADMIN, KIOSK))) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(4)).connectTimeout(Duration.ofSeconds(10)).build();
        long t0 = System.nanoTime();
        List<Probe> probes = new ArrayList<>();
        for (Path person : enrolled) {
          String name = person.getFileName().toString().replace('_', ' ');
          List<Path> photos = photos(person);
          MultipartBody body = new MultipartBody();
          for (Path p : photos.subList(0, 2)) {
            body.file("image", p.getFileName().toString(), "image/jpeg", Files.readAllBytes(p));
          }
          // force=true: this times identify; the enrollment quality gate refuses some LFW photos (a face
          // turned 61 degrees), and the gallery would then hold fewer real people than asked for.
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(server.uri().resolve("api/v1/people/"
                  + name.replace(" ", "%20") + "/faces?force=true"))
              .header("Authorization", "Bearer " + ADMIN).header("Content-Type", body.contentType())
              .POST(body.publisher()).build(), HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() != 200) {
            throw new IllegalStateException("enrolling " + name + " failed: " + r.statusCode() + " " + r.body());
          }
          for (Path p : photos.subList(2, Math.min(photos.size(), 5))) {
            probes.add(new Probe(p.getFileName().toString(), Files.readAllBytes(p), Optional.of(name)));
          }
        }
        for (Path person : strangers) {
          Path p = photos(person).get(0);
          probes.add(new Probe(p.getFileName().toString(), Files.readAllBytes(p), Optional.empty()));
        }
        double enrollSeconds = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "Likeness door service load check on %s%n", server.uri());
        out.printf(Locale.ROOT, "gallery: %d people (%d LFW people enrolled from 2 photos each over HTTP in %.1f s, %d synthetic),"
            + " model %s, %d engines%n", o.people(), enrolled.size(), enrollSeconds, synthetic, server.model().name(), o.workers());
        out.printf(Locale.ROOT, "probes: %d LFW photos (%d of enrolled people, %d of strangers), sent round-robin%n",
            probes.size(), probes.size() - strangers.size(), strangers.size());
        URI identify = server.uri().resolve("api/v1/identify");
        runRequests(http, identify, probes, Math.min(32, o.requests()), o.clients()); // warm-up, not counted
        long start = System.nanoTime();
        List<Outcome> outcomes = runRequests(http, identify, probes, o.requests(), o.clients());
        double seconds = (System.nanoTime() - start) / 1e9;
        Result result = summarize(outcomes, seconds);
        print(out, o, result);
        return result;
      }
    } finally {
      deleteTree(work);
    }
  }

  private static List<Outcome> runRequests(HttpClient http, URI identify, List<Probe> probes, int requests, int clients)
      throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<List<Outcome>>> futures = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      futures.add(pool.submit(() -> {
        List<Outcome> mine = new ArrayList<>();
        for (int i; (i = next.getAndIncrement()) < requests; ) {
          mine.add(send(http, identify, probes.get(i % probes.size())));
        }
        return mine;
      }));
    }
    pool.shutdown();
    if (!pool.awaitTermination(30, TimeUnit.MINUTES)) {
      pool.shutdownNow();
      throw new IllegalStateException("the load check did not finish in 30 minutes");
    }
    List<Outcome> all = new ArrayList<>(requests);
    for (Future<List<Outcome>> f : futures) {
      try {
        all.addAll(f.get());
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("a load client failed", e.getCause());
      }
    }
    return all;
  }

  private static final Pattern IDENTITY = Pattern.compile("\"identity\":(null|\"((?:[^\"\\\\]|\\\\.)*)\")");

  private static Outcome send(HttpClient http, URI identify, Probe probe) {
    MultipartBody body = new MultipartBody().file("image", probe.fileName(), "image/jpeg", probe.bytes());
    HttpRequest request = HttpRequest.newBuilder(identify).timeout(Duration.ofSeconds(120))
        .header("Authorization", "Bearer " + KIOSK).header("Content-Type", body.contentType())
        .POST(body.publisher()).build();
    long t = System.nanoTime();
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      long nanos = System.nanoTime() - t;
      boolean correct = false;
      if (r.statusCode() == 200) {
        Matcher m = IDENTITY.matcher(r.body());
        Optional<String> who = m.find() && m.group(2) != null ? Optional.of(m.group(2)) : Optional.empty();
        correct = who.equals(probe.expected());
      }
      return new Outcome(r.statusCode(), nanos, correct);
    } catch (IOException e) {
      return new Outcome(-1, System.nanoTime() - t, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(-1, System.nanoTime() - t, false);
    }
  }

  private static Result summarize(List<Outcome> outcomes, double seconds) {
    int ok = 0;
    int server = 0;
    int other = 0;
    int failed = 0;
    int correct = 0;
    long[] nanos = new long[outcomes.size()];
    for (int i = 0; i < outcomes.size(); i++) {
      Outcome o = outcomes.get(i);
      nanos[i] = o.nanos();
      if (o.status() == 200) {
        ok++;
      } else if (o.status() >= 500) {
        server++;
      } else if (o.status() < 0) {
        failed++;
      } else {
        other++;
      }
      if (o.correct()) {
        correct++;
      }
    }
    Arrays.sort(nanos);
    return new Result(outcomes.size(), ok, server, other, failed, correct, seconds,
        percentile(nanos, 0.50), percentile(nanos, 0.90), percentile(nanos, 0.99), nanos[nanos.length - 1] / 1e6);
  }

  /** The nearest-rank percentile, in milliseconds. */
  static double percentile(long[] sorted, double q) {
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }

  private static void print(PrintStream out, Options o, Result r) {
    out.println();
    out.printf(Locale.ROOT, "%8s %7s %8s %7s %8s %8s %8s %8s %6s %5s %6s %6s %8s%n",
        "requests", "clients", "seconds", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "200", "5xx", "other", "failed", "correct");
    out.printf(Locale.ROOT, "%8d %7d %8.1f %7.1f %8.1f %8.1f %8.1f %8.1f %6d %5d %6d %6d %7.1f%%%n",
        r.requests(), o.clients(), r.seconds(), r.requestsPerSecond(), r.p50Millis(), r.p90Millis(), r.p99Millis(),
        r.maxMillis(), r.ok(), r.serverErrors(), r.otherStatus(), r.failed(), 100.0 * r.correct() / Math.max(1, r.ok()));
  }

  private static void seedSynthetic(Path dir, ModelSpec spec, int count) {
    Random random = new Random(20_240_601L);
    try (Gallery g = Gallery.create(dir, new GallerySpec("gallery", spec.id(), spec.dimensions(), spec.metric()),
        GalleryOptions.defaults())) {
      List<Enrollment> batch = new ArrayList<>();
      for (int p = 0; p < count; p++) {
        float[] v = new float[spec.dimensions()];
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) random.nextGaussian();
        }
        byte[] sha = new byte[32];
        random.nextBytes(sha);
        batch.add(new Enrollment(String.format(Locale.ROOT, "Synthetic %04d", p), new Template(
            Embedding.normalized(v, spec.id()), HexFormat.of().formatHex(sha), new Box(0, 0, 112, 112), 1f, Instant.now())));
        if (batch.size() == 500) {
          g.enrollAll(batch);
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        g.enrollAll(batch);
      }
    }
  }

  private static int count(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return (int) s.filter(p -> p.toString().endsWith(".jpg")).count();
    }
  }

  private static List<Path> photos(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
