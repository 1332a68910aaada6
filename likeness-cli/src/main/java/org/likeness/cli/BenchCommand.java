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
import org.likeness.image.ImageLoader;
import org.likeness.image.RgbImage;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code likeness bench}: benchmarks that print tables. They are programs, not tests. */
@Command(name = "bench", description = "Benchmarks that print a table.", subcommands = BenchCommand.Pipeline.class)
final class BenchCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
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
