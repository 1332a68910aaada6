package org.likeness.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.likeness.align.AlignedFace;
import org.likeness.align.FaceAligner;
import org.likeness.detect.FaceBox;
import org.likeness.detect.FaceDetector;
import org.likeness.detect.LandmarkDetector;
import org.likeness.detect.Landmarks;
import org.likeness.embed.FaceEmbedder;
import org.likeness.engine.Models;
import org.likeness.eval.LfwPairs;
import org.likeness.gallery.bench.GalleryBench;
import org.likeness.image.ImageLoader;
import org.likeness.image.RgbImage;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import org.likeness.server.bench.LoadBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code likeness bench}: benchmarks that print tables. They are programs, not tests. */
@Command(
    name = "bench",
    description = "Benchmarks that print a table.",
    subcommands = {BenchCommand.Pipeline.class, BenchCommand.GallerySearch.class, BenchCommand.Serve.class})
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

    @Override
    public Integer call() {
      GalleryBench.Config d = GalleryBench.Config.defaults();
      GalleryBench.Config config = new GalleryBench.Config(sizes, dims, d.templatesPerPerson(), queries, d.runs(),
          d.probeNoise(), d.hnsw(), d.efSweep(), d.threads(), d.seed(), sqlite);
      var out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "%d cores, max heap %d MiB, Java %s, %d-d, %s%n", Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"), dims, d.hnsw());
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

  /** {@code likeness bench pipeline}: time per stage on LFW images, one thread. */
  @Command(name = "pipeline", description = "Per-stage time on LFW images, single thread: decode, detect, landmarks, align, embed.")
  static final class Pipeline implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--images", paramLabel = "N", description = "How many LFW images (default: ${DEFAULT-VALUE}).")
    int count = 200;

    @Option(names = "--models-dir", paramLabel = "DIR")
    Path modelsDir;

    @Override
    public Integer call() throws IOException {
      List<Path> files = lfwSample(count);
      ModelStore store = ModelStore.locate(Optional.ofNullable(modelsDir));
      Models models = new Models(store, OrtSettings.defaults());
      ImageLoader loader = new ImageLoader();
      Map<String, double[]> ms = new LinkedHashMap<>();
      List<ModelSpec> embedders = ModelCatalog.embedders().stream().filter(ModelSpec::unitLength).toList();
      try (FaceDetector detector = models.detector(); LandmarkDetector landmarks = models.landmarks()) {
        List<FaceEmbedder> opened = new ArrayList<>();
        try {
          for (ModelSpec s : embedders) {
            opened.add(models.embedder(s));
          }
          int warmup = Math.min(10, files.size());
          for (int i = -warmup; i < files.size(); i++) {
            Path f = files.get(Math.floorMod(i, files.size()));
            long t0 = System.nanoTime();
            RgbImage img = loader.load(f);
            long t1 = System.nanoTime();
            List<FaceBox> faces = detector.detect(img);
            long t2 = System.nanoTime();
            if (faces.isEmpty()) {
              continue;
            }
            Landmarks lm = landmarks.locate(img, faces.get(0).box());
            long t3 = System.nanoTime();
            if (i < 0) {
              continue;
            }
            record(ms, "decode (JPEG 250x250)", i, files.size(), t1 - t0);
            record(ms, "detect (320x240)", i, files.size(), t2 - t1);
            record(ms, "landmarks (68 points)", i, files.size(), t3 - t2);
            for (FaceEmbedder e : opened) {
              long a0 = System.nanoTime();
              AlignedFace chip = FaceAligner.align(img, lm, e.template());
              long a1 = System.nanoTime();
              e.embedChips(List.of(chip.chip()));
              long a2 = System.nanoTime();
              record(ms, "align " + e.template().name(), i, files.size(), a1 - a0);
              record(ms, "embed " + e.id().name() + " (one chip)", i, files.size(), a2 - a1);
            }
          }
        } finally {
          opened.forEach(FaceEmbedder::close);
        }
      }
      var out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "%d LFW images, 1 thread, %d cores, %s %s, Java %s%n", files.size(),
          Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"), System.getProperty("os.name"),
          System.getProperty("java.version"));
      out.println("| stage | p50 ms | p99 ms | mean ms |");
      out.println("|---|---|---|---|");
      for (Map.Entry<String, double[]> e : ms.entrySet()) {
        double[] v = Arrays.stream(e.getValue()).filter(x -> x > 0).sorted().toArray();
        out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f |%n", e.getKey(), pct(v, 0.5), pct(v, 0.99),
            Arrays.stream(v).average().orElse(Double.NaN));
      }
      return 0;
    }

    private static void record(Map<String, double[]> ms, String stage, int i, int n, long nanos) {
      ms.computeIfAbsent(stage, k -> new double[n])[i] = nanos / 1e6;
    }

    private static double pct(double[] sorted, double q) {
      return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }

    static List<Path> lfwSample(int n) throws IOException {
      Path root = LfwPairs.defaultRoot().resolve("images_deepfunneled");
      try (Stream<Path> s = Files.walk(root, 2)) {
        List<Path> all = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        List<Path> pick = new ArrayList<>();
        int step = Math.max(1, all.size() / n);
        for (int i = 0; i < all.size() && pick.size() < n; i += step) {
          pick.add(all.get(i));
        }
        return pick;
      }
    }
  }
}
