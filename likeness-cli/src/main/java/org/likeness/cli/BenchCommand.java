package org.likeness.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.likeness.bench.gallery.GalleryBench;
import org.likeness.bench.micro.MicroBenchmarks;
import org.likeness.bench.pipeline.PipelineRun;
import org.likeness.bench.server.LoadBench;
import org.likeness.bench.watch.WatchBench;
import org.likeness.engine.DetectorChoice;
import org.likeness.engine.Models;
import org.likeness.eval.LfwPairs;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code likeness bench}: benchmarks that print tables. They are programs, not tests. */
@Command(
    name = "bench",
    description = "Benchmarks that print a table.",
    subcommands = {
      BenchCommand.Pipeline.class, BenchCommand.GallerySearch.class, BenchCommand.Serve.class, BenchCommand.Watch.class,
      BenchCommand.Micro.class
    })
final class BenchCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code likeness bench gallery}: identify latency, memory and recall at 10k to 1M templates. */
  @Command(
      name = "gallery",
      description = "Identify latency (p50/p99), heap and recall@1 for exact and HNSW search on synthetic templates.")
  static final class GallerySearch implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--sizes", split = ",", paramLabel = "N", description = "Gallery sizes (default: 10000,100000,1000000).")
    List<Integer> sizes = GalleryBench.Config.defaults().sizes();

    @Option(names = "--dims", paramLabel = "D", description = "Embedding dimensions (default: ${DEFAULT-VALUE}).")
    int dims = GalleryBench.Config.defaults().dimensions();

    @Option(names = "--queries", paramLabel = "N", description = "Probes per run (default: ${DEFAULT-VALUE}).")
    int queries = GalleryBench.Config.defaults().queries();

    @Option(names = "--sqlite", paramLabel = "N", description = "Templates for the SQLite enroll/open row; 0 skips it (default: ${DEFAULT-VALUE}).")
    int sqlite = GalleryBench.Config.defaults().sqliteTemplates();

    @Option(names = "--threads", paramLabel = "N", description = "Threads per query and per graph build (default: all cores).")
    int threads = GalleryBench.Config.defaults().threads();

    @Option(names = "--exact-only", description = "Time the exact scan alone: no HNSW graph is built (quick at 1M templates).")
    boolean exactOnly;

    @Override
    public Integer call() {
      GalleryBench.Config d = GalleryBench.Config.defaults();
      GalleryBench.Config config = new GalleryBench.Config(sizes, dims, d.templatesPerPerson(), queries, d.runs(),
          d.probeNoise(), d.hnsw(), d.efSweep(), threads, d.seed(), sqlite, !exactOnly);
      var out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "%d cores, max heap %d MiB, Java %s, %d-d, %d thread(s), %s%n",
          Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
          System.getProperty("java.version"), dims, threads, d.hnsw());
      out.println(GalleryBench.kernelLine());
      out.print(GalleryBench.format(GalleryBench.run(config, System.err)));
      if (sqlite > 0) {
        out.println();
        out.print(GalleryBench.format(GalleryBench.runStore(config, System.err)));
      }
      out.flush();
      return 0;
    }
  }

  /** {@code likeness bench serve}: the door service under load, over real HTTP. */
  @Command(
      name = "serve",
      description = "Load check: identify requests from concurrent clients against a 1,000-person gallery; prints latency and errors.")
  static final class Serve implements Callable<Integer> {
    @Option(names = "--requests", paramLabel = "N", description = "Timed requests (default: ${DEFAULT-VALUE}).")
    int requests = 2000;

    @Option(names = "--clients", paramLabel = "N", description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
    int clients = 16;

    @Option(names = "--people", paramLabel = "N", description = "Gallery size in people (default: ${DEFAULT-VALUE}).")
    int people = 1000;

    @Override
    public Integer call() throws IOException, InterruptedException {
      LoadBench.Options d = LoadBench.Options.defaults(LfwPairs.defaultRoot());
      LoadBench.Result r = LoadBench.run(
          new LoadBench.Options(d.lfw(), people, d.realPeople(), requests, clients, d.workers(), d.models()), System.out);
      return r.serverErrors() == 0 && r.failed() == 0 && r.otherStatus() == 0 ? 0 : 1;
    }
  }

  /** {@code likeness bench pipeline}: every stage on LFW images, one thread and all cores, and the peer beside it. */
  @Command(
      name = "pipeline",
      description = "Decode, detect, landmarks, align, embed and end to end on LFW images: images/s and ms p50/p99, "
          + "on 1 thread and on all cores; --peer adds face-api side by side.")
  static final class Pipeline implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--images", paramLabel = "N", description = "How many LFW images (default: ${DEFAULT-VALUE}).")
    int count = 200;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads for the all-cores rows (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--models", split = ",", paramLabel = "NAME",
        description = "Embedders to time (default: mobilefacenet-192,dlib-resnet-128,faceplugin-512).")
    List<String> modelNames = List.of("mobilefacenet-192", "dlib-resnet-128", "faceplugin-512");

    @Option(names = "--e2e-models", split = ",", paramLabel = "NAME",
        description = "Embedders of the end-to-end rows; the first one is also the one compared with the peer "
            + "(default: dlib-resnet-128,mobilefacenet-192).")
    List<String> e2eModels = List.of("dlib-resnet-128", "mobilefacenet-192");

    @Option(names = "--detector", paramLabel = "NAME",
        description = "Face detector of the detect and end-to-end rows: ultraface-two-scale (160x120 first, 320x240 for small faces or several), ultraface (320x240), ultraface-int8 or mtcnn (default: ${DEFAULT-VALUE}).")
    String detector = DetectorChoice.DEFAULT.cliName();

    @Option(names = "--no-stages", description = "Skip the per-stage table (with --peer: only the side-by-side).")
    boolean noStages;

    @Option(names = "--e2e-only", description = "Of the per-stage table, time only the end-to-end rows (for quick A/B runs).")
    boolean e2eOnly;

    @Option(names = "--models-dir", paramLabel = "DIR")
    Path modelsDir;

    @Option(names = "--intra-op", paramLabel = "N", description = "ONNX Runtime intra-op threads per session (default: ${DEFAULT-VALUE}).")
    int intraOp = OrtSettings.defaults().intraOpThreads();

    @Option(names = "--spinning", description = "Let idle ONNX Runtime threads spin-wait.")
    boolean spinning;

    @Option(names = "--graph-opt", paramLabel = "LEVEL", description = "ONNX Runtime graph optimization: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OrtSettings.GraphOptimization graphOpt = OrtSettings.defaults().optimization();

    @Option(names = "--no-arena", description = "Turn off ONNX Runtime's CPU memory arena.")
    boolean noArena;

    @Option(names = "--peer", description = "Also run face-api (bench/peer) on the same images, alternating with Likeness.")
    boolean peer;

    @Option(names = "--peer-rounds", paramLabel = "N", description = "Alternating Likeness/face-api rounds (default: ${DEFAULT-VALUE}).")
    int peerRounds = 3;

    @Option(names = "--peer-dir", paramLabel = "DIR", description = "Where the peer's script is (default: ${DEFAULT-VALUE}).")
    Path peerDir = Path.of("bench", "peer");

    @Override
    public Integer call() throws IOException, InterruptedException {
      OrtSettings ort = new OrtSettings(intraOp, spinning, graphOpt, !noArena);
      PipelineRun.Config config = new PipelineRun.Config(LfwPairs.defaultRoot(), count, threads,
          modelNames.stream().map(ModelCatalog::embedder).toList(),
          e2eModels.stream().map(ModelCatalog::embedder).toList(), !noStages, e2eOnly, ort,
          peer ? Optional.of(peerDir) : Optional.empty(), peerRounds);
      Models models = new Models(ModelStore.locate(Optional.ofNullable(modelsDir)), ort, DetectorChoice.parse(detector));
      PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
      PipelineRun.print(config, models, out);
      return 0;
    }
  }

  /** {@code likeness bench watch}: the door's loop on a long LFW door video, with a real lock. */
  @Command(
      name = "watch",
      description = "The door's loop end to end: a 640x480 LFW video of many walk-ups (enrolled people and strangers) "
          + "through the camera, the watcher and a lock with a real actuator; prints frames/s and the latency from a "
          + "visit's first good frame to the lock's answer (p50/p99), split into waiting, the watcher's work and the "
          + "actuator call.")
  static final class Watch implements Callable<Integer> {
    @Option(names = "--enrolled", paramLabel = "N", description = "Walk-ups by enrolled people, each a different one (default: ${DEFAULT-VALUE}).")
    int enrolled = 32;

    @Option(names = "--strangers", paramLabel = "N", description = "Walk-ups by people not enrolled (default: ${DEFAULT-VALUE}).")
    int strangers = 8;

    @Option(names = "--real-time", description = "Read the video at its 10 frames/s, dropping what the watcher misses, "
        + "as a camera delivers (default: as fast as the watcher takes frames).")
    boolean realTime;

    @Option(names = "--on-open", paramLabel = "CMD",
        description = "Open with this command instead of a signed webhook POST to a relay on 127.0.0.1.")
    String onOpen;

    @Option(names = "--model", paramLabel = "NAME", description = "The embedder (default: the default model).")
    String model;

    @Option(names = "--models-dir", paramLabel = "DIR")
    Path modelsDir;

    @Option(names = "--intra-op", paramLabel = "N",
        description = "ONNX Runtime intra-op threads, as `likeness watch` runs with (default: ${DEFAULT-VALUE}).")
    int intraOp = OrtSettings.defaults().intraOpThreads();

    @Option(names = "--seed", paramLabel = "N", description = "Picks the cast from LFW (default: ${DEFAULT-VALUE}).")
    long seed = 15;

    @Override
    public Integer call() throws IOException, InterruptedException {
      WatchBench.Config config = new WatchBench.Config(LfwPairs.defaultRoot(), enrolled, strangers, realTime,
          Optional.ofNullable(onOpen), model == null ? ModelCatalog.DEFAULT_EMBEDDER : ModelCatalog.embedder(model),
          ModelStore.locate(Optional.ofNullable(modelsDir)), OrtSettings.defaults().withIntraOpThreads(intraOp), seed);
      PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
      WatchBench.run(config, out, System.err);
      return 0;
    }
  }

  /** {@code likeness bench micro}: the JMH micro-benchmarks, per-call costs for A/B runs. */
  @Command(
      name = "micro",
      description = "JMH micro-benchmarks: one distance (DistanceBenchmark) and one exact gallery scan "
          + "(ExactSearchBenchmark); JMH prints its own table.")
  static final class Micro implements Callable<Integer> {
    @Parameters(paramLabel = "REGEX", arity = "0..*",
        description = "Benchmarks to run, as regular expressions over Class.method (default: all).")
    List<String> include = List.of();

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=V1,V2",
        description = "Override a benchmark parameter, e.g. -p templates=10000 -p dimensions=128,512.")
    Map<String, String> params = Map.of();

    @Option(names = "--forks", paramLabel = "N", description = "Forked JVMs per benchmark (default: the benchmark's, 1).")
    Integer forks;

    @Option(names = "--warmup", paramLabel = "N", description = "Warm-up iterations (default: the benchmark's, 3).")
    Integer warmup;

    @Option(names = "--iterations", paramLabel = "N", description = "Measured iterations (default: the benchmark's, 5).")
    Integer iterations;

    @Option(names = "--seconds", paramLabel = "S", description = "Seconds per iteration (default: the benchmark's, 1).")
    Integer seconds;

    @Override
    public Integer call() throws Exception {
      Map<String, List<String>> values = new TreeMap<>();
      params.forEach((name, list) -> values.put(name, List.of(list.split(","))));
      MicroBenchmarks.run(new MicroBenchmarks.Config(include, values, optional(forks), optional(warmup),
          optional(iterations), optional(seconds)));
      return 0;
    }

    private static OptionalInt optional(Integer n) {
      return n == null ? OptionalInt.empty() : OptionalInt.of(n);
    }
  }
}
