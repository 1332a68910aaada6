package org.likeness.bench.pipeline;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.likeness.engine.Models;
import org.likeness.image.RgbImage;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.PipelineOptions;

/**
 * The program behind {@code likeness bench pipeline}: picks the LFW images, times every stage on
 * one thread and on all cores, and, when asked, alternates rounds with the face-api peer. It prints
 * tables to {@code out} and progress to {@code System.err}.
 */
public final class PipelineRun {
  /**
   * The rate issue 16 asks of the default model end to end on this 2-core machine (the first
   * round asked 120).
   */
  static final double TARGET_FACES_PER_SECOND = 150;

  private PipelineRun() {}

  /**
   * What to time.
   *
   * @param images LFW photos under {@code lfw/images_deepfunneled}, spread evenly over the sorted list
   * @param threads worker threads of the all-cores rows
   * @param embedders the networks of the per-stage embed rows
   * @param e2eModels the networks of the end-to-end rows; the first is the one compared with the peer
   * @param stages whether to print the per-stage table at all
   * @param e2eOnly whether the per-stage table holds only the end-to-end rows
   * @param peerDir where the peer's {@code run.sh} is, when the peer runs beside Likeness
   * @param peerRounds alternating Likeness/face-api rounds
   */
  public record Config(
      Path lfw,
      int images,
      int threads,
      List<ModelSpec> embedders,
      List<ModelSpec> e2eModels,
      boolean stages,
      boolean e2eOnly,
      OrtSettings ort,
      Optional<Path> peerDir,
      int peerRounds) {
    public Config {
      if (threads < 1 || images < 1 || peerRounds < 1) {
        throw new IllegalArgumentException("threads, images and peer rounds must be at least 1, got "
            + threads + ", " + images + ", " + peerRounds);
      }
      if (e2eModels.isEmpty()) {
        throw new IllegalArgumentException("at least one end-to-end model is needed, the one compared with the peer");
      }
      embedders = List.copyOf(embedders);
      e2eModels = List.copyOf(e2eModels);
    }
  }

  /** Runs the benchmark with {@code models} and prints its tables to {@code out}. */
  public static void print(Config config, Models models, PrintStream out) throws IOException, InterruptedException {
    List<Path> files = lfwSample(config.lfw(), config.images());
    int threads = config.threads();
    out.printf(Locale.ROOT, "%d LFW images (250x250 JPEG) from %s%n", files.size(), config.lfw());
    out.printf(Locale.ROOT, "machine: %d cores (%s), %s %s, %d MiB max heap, Java %s; load average %s%n",
        Runtime.getRuntime().availableProcessors(), cpuName(), System.getProperty("os.arch"),
        System.getProperty("os.name"), Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"),
        loadAverage());
    out.printf(Locale.ROOT, "settings: ONNX Runtime %s; all-cores rows use %d worker threads, each with its own "
        + "sessions; face selection LARGEST; warm-up %d items per worker%n", config.ort(), threads, PipelineBench.WARMUP);
    PipelineBench.Inputs in = PipelineBench.prepare(files, models);
    if (config.stages()) {
      List<PipelineBench.Row> rows = new ArrayList<>();
      for (int t : threads == 1 ? List.of(1) : List.of(1, threads)) {
        if (!config.e2eOnly()) {
          rows.add(PipelineBench.decode(in, t));
          rows.add(PipelineBench.detect(in, t, models));
          rows.add(PipelineBench.landmarks(in, t, models));
        }
        for (ModelSpec s : config.e2eOnly() ? List.<ModelSpec>of() : config.embedders()) {
          rows.add(PipelineBench.align(in, t, s.alignment()));
          RgbImage[][] chips = PipelineBench.chips(in, s);
          rows.add(PipelineBench.embed(chips, s, false, t, models));
          rows.add(PipelineBench.embed(chips, s, true, t, models));
        }
        for (ModelSpec s : config.e2eModels()) {
          for (boolean flip : List.of(true, false)) {
            rows.add(PipelineBench.endToEnd(in, s, PipelineOptions.defaults().withFlip(flip), t, models));
          }
        }
        System.err.printf(Locale.ROOT, "bench: %d-thread rows done%n", t);
      }
      PipelineBench.printTable(out, rows);
      if (!config.e2eOnly()) {
        out.println();
        out.println("Work per network (ONNX Runtime's profile of one call: convolutions and matrix products, "
            + "2 FLOP per multiply-add) and the rate the 1-thread rows reached with it.");
        PipelineBench.printCompute(out, PipelineBench.compute(models, config.embedders(), rows), rows,
            Runtime.getRuntime().availableProcessors(), ModelCatalog.DEFAULT_EMBEDDER, TARGET_FACES_PER_SECOND);
      }
    }
    if (config.peerDir().isPresent()) {
      printPeer(config, models, in, files, out);
    }
  }

  private static void printPeer(Config config, Models models, PipelineBench.Inputs in, List<Path> files,
      PrintStream out) throws IOException, InterruptedException {
    ModelSpec e2e = config.e2eModels().get(0);
    int threads = config.threads();
    RgbImage[][] dlibChips = PipelineBench.chips(in, ModelCatalog.DLIB_RESNET_128);
    List<PeerBench.Round> flipOn = new ArrayList<>();
    List<PeerBench.Round> flipOff = new ArrayList<>();
    for (int r = 0; r < config.peerRounds(); r++) {
      PipelineOptions on = PipelineOptions.defaults().withFlip(true);
      PipelineOptions off = PipelineOptions.defaults().withFlip(false);
      var onOne = PipelineBench.endToEnd(in, e2e, on, 1, models);
      var onAll = PipelineBench.endToEnd(in, e2e, on, threads, models);
      var offOne = PipelineBench.endToEnd(in, e2e, off, 1, models);
      var offAll = PipelineBench.endToEnd(in, e2e, off, threads, models);
      var dOne = PipelineBench.embed(dlibChips, ModelCatalog.DLIB_RESNET_128, false, 1, models);
      var dAll = PipelineBench.embed(dlibChips, ModelCatalog.DLIB_RESNET_128, false, threads, models);
      PeerBench.Pass p = PeerBench.run(config.peerDir().orElseThrow(), files);
      flipOn.add(new PeerBench.Round(onOne, onAll, dOne, dAll, p));
      flipOff.add(new PeerBench.Round(offOne, offAll, dOne, dAll, p));
      System.err.printf(Locale.ROOT, "bench: peer round %d of %d done%n", r + 1, config.peerRounds());
    }
    for (List<PeerBench.Round> rounds : List.of(flipOn, flipOff)) {
      out.println();
      PeerBench.printRounds(out, rounds, e2e.name() + ", flip " + (rounds == flipOn ? "on (the default)" : "off")
          + ", all cores = " + threads + " threads");
    }
  }

  /** {@code n} photos spread evenly over the sorted JPEGs under {@code lfw/images_deepfunneled}. */
  static List<Path> lfwSample(Path lfw, int n) throws IOException {
    Path root = lfw.resolve("images_deepfunneled");
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

  /** The CPU's model name from /proc/cpuinfo, for a benchmark's machine line. */
  public static String cpuName() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim())
          .orElse("unknown CPU");
    } catch (IOException e) {
      return "unknown CPU (" + e.getMessage() + ")";
    }
  }

  /** /proc/loadavg as it reads now, for a benchmark's machine line. */
  public static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }
}
