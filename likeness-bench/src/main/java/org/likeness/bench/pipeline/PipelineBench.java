package org.likeness.bench.pipeline;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.likeness.align.AlignedFace;
import org.likeness.align.FaceAligner;
import org.likeness.detect.FaceBox;
import org.likeness.detect.FaceDetector;
import org.likeness.detect.LandmarkDetector;
import org.likeness.detect.Landmarks;
import org.likeness.embed.FaceEmbedder;
import org.likeness.engine.DetectorChoice;
import org.likeness.engine.Models;
import org.likeness.image.ImageLoader;
import org.likeness.image.RgbImage;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;
import org.likeness.onnx.OrtCost;
import org.likeness.pipeline.FaceEncoding;
import org.likeness.pipeline.FacePipeline;
import org.likeness.pipeline.PipelineOptions;

/**
 * The pipeline benchmark behind {@code likeness bench pipeline}: every stage timed on the same
 * images, first on one thread and then on several, each worker thread with its own models. Inputs
 * of a stage are prepared before it is timed, so a row measures that stage alone.
 */
final class PipelineBench {
  /** Untimed calls each worker makes before timing starts. */
  static final int WARMUP = 10;

  private PipelineBench() {}

  /**
   * One timed stage: throughput over the wall clock, the latency of single items, and the CPU time
   * the worker thread spent per item. ORT sessions with one intra-op thread run on the caller's
   * thread, so CPU time counts the inference too; on a shared, loaded machine it is the steadier
   * number to compare two builds by.
   */
  record Row(String stage, int threads, int items, double seconds, double[] sortedMs, double cpuMsMean, String note) {
    double perSecond() {
      return items / seconds;
    }

    double p50() {
      return percentile(sortedMs, 0.50);
    }

    double p99() {
      return percentile(sortedMs, 0.99);
    }

    Row withNote(String text) {
      return new Row(stage, threads, items, seconds, sortedMs, cpuMsMean, text);
    }
  }

  /** One worker's hold on its models; {@link #run} processes item {@code i}. */
  interface Task extends AutoCloseable {
    /** Processes item {@code i}; returns 1 when it counts as a face found, else 0. */
    int run(int i);

    @Override
    default void close() {}
  }

  /** The inputs of each stage, computed once with one set of models. */
  record Inputs(
      List<Path> files,
      byte[][] jpeg,
      RgbImage[] images,
      List<Integer> withFace,
      FaceBox[] boxes,
      Landmarks[] landmarks) {
    int faces() {
      return withFace.size();
    }
  }

  static Inputs prepare(List<Path> files, Models models) {
    ImageLoader loader = new ImageLoader();
    byte[][] jpeg = new byte[files.size()][];
    RgbImage[] images = new RgbImage[files.size()];
    List<Integer> withFace = new ArrayList<>();
    List<FaceBox> boxes = new ArrayList<>();
    List<Landmarks> marks = new ArrayList<>();
    try (FaceDetector detector = models.detector();
        LandmarkDetector landmarks = models.landmarks()) {
      for (int i = 0; i < files.size(); i++) {
        try {
          jpeg[i] = Files.readAllBytes(files.get(i));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read benchmark image " + files.get(i), e);
        }
        images[i] = loader.decode(jpeg[i], files.get(i).toString());
        List<FaceBox> found = detector.detect(images[i]);
        if (!found.isEmpty()) {
          withFace.add(i);
          boxes.add(found.get(0));
          marks.add(landmarks.locate(images[i], found.get(0).box()));
        }
      }
    }
    return new Inputs(files, jpeg, images, withFace, boxes.toArray(FaceBox[]::new), marks.toArray(Landmarks[]::new));
  }

  /**
   * Runs {@code items} items on {@code threads} workers, each opened by {@code open} before the
   * clock starts and warmed up with {@link #WARMUP} items.
   */
  static Row measure(String stage, int threads, int items, Supplier<Task> open) {
    double[] ms = new double[items];
    double[] cpuMs = new double[items];
    java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger counted = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CyclicBarrier ready = new CyclicBarrier(threads + 1);
    CyclicBarrier done = new CyclicBarrier(threads + 1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread w = new Thread(() -> {
        Task task = null;
        try {
          task = open.get();
          for (int i = 0; i < Math.min(WARMUP, items); i++) {
            task.run(i);
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
        try {
          ready.await();
          for (int i; task != null && failure.get() == null && (i = next.getAndIncrement()) < items; ) {
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            int c = task.run(i);
            ms[i] = (System.nanoTime() - t0) / 1e6;
            cpuMs[i] = (cpu.getCurrentThreadCpuTime() - c0) / 1e6;
            counted.addAndGet(c);
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        } finally {
          if (task != null) {
            task.close();
          }
        }
        try {
          done.await();
        } catch (Exception e) {
          failure.compareAndSet(null, e);
        }
      }, "bench-" + stage + "-" + t);
      w.setDaemon(true);
      workers.add(w);
      w.start();
    }
    long start;
    long end;
    try {
      ready.await();
      start = System.nanoTime();
      done.await();
      end = System.nanoTime();
      for (Thread w : workers) {
        w.join();
      }
    } catch (Exception e) {
      throw new IllegalStateException("benchmark of " + stage + " was interrupted", e);
    }
    if (failure.get() != null) {
      throw new IllegalStateException("benchmark of " + stage + " failed: " + failure.get(), failure.get());
    }
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    return new Row(stage, threads, items, (end - start) / 1e9, sorted, Arrays.stream(cpuMs).average().orElse(Double.NaN),
        counted.get() + " faces");
  }

  static Row decode(Inputs in, int threads) {
    ImageLoader loader = new ImageLoader();
    return measure("decode (JPEG to RGB)", threads, in.files().size(), () -> i -> {
      loader.decode(in.jpeg()[i], "bench");
      return 1;
    }).withNote("");
  }

  static Row detect(Inputs in, int threads, Models models) {
    String name = models.detectorChoice().cliName() + switch (models.detectorChoice()) {
      case ULTRAFACE_TWO_SCALE -> " 160x120, 320x240 for small faces";
      case ULTRAFACE, ULTRAFACE_INT8 -> " 320x240";
      case MTCNN -> "";
    };
    return measure("detect (" + name + ")", threads, in.images().length, () -> {
      FaceDetector d = models.detector();
      return task(i -> d.detect(in.images()[i]).isEmpty() ? 0 : 1, d);
    });
  }

  static Row landmarks(Inputs in, int threads, Models models) {
    return measure("landmarks (68 points, 64x64)", threads, in.faces(), () -> {
      LandmarkDetector l = models.landmarks();
      return task(i -> {
        l.locate(in.images()[in.withFace().get(i)], in.boxes()[i].box());
        return 1;
      }, l);
    }).withNote("");
  }

  static Row align(Inputs in, int threads, org.likeness.align.AlignmentTemplate template) {
    return measure("align " + template.name(), threads, in.faces(), () -> i -> {
      FaceAligner.align(in.images()[in.withFace().get(i)], in.landmarks()[i], template);
      return 1;
    }).withNote("");
  }

  /** Chips aligned for {@code spec}, one per face found, and their mirror images. */
  static RgbImage[][] chips(Inputs in, ModelSpec spec) {
    RgbImage[][] out = new RgbImage[2][in.faces()];
    for (int i = 0; i < in.faces(); i++) {
      AlignedFace a = FaceAligner.align(in.images()[in.withFace().get(i)], in.landmarks()[i], spec.alignment());
      out[0][i] = a.chip();
      out[1][i] = a.chip().mirrored();
    }
    return out;
  }

  /** The embedder alone, one chip per call, or the chip and its mirror in one call when {@code flip}. */
  static Row embed(RgbImage[][] chips, ModelSpec spec, boolean flip, int threads, Models models) {
    return measure(embedStage(spec, flip), threads, chips[0].length, () -> {
      FaceEmbedder e = models.embedder(spec);
      return task(i -> {
        e.embedChips(flip ? List.of(chips[0][i], chips[1][i]) : List.of(chips[0][i]));
        return 1;
      }, e);
    }).withNote("");
  }

  /** The name of an embed row, which {@link #printCompute} also looks rows up by. */
  static String embedStage(ModelSpec spec, boolean flip) {
    return "embed " + spec.name() + (flip ? " (chip + mirror, one call)" : " (one chip)");
  }

  /** JPEG bytes to one embedding, through {@link FacePipeline#encode}. */
  static Row endToEnd(Inputs in, ModelSpec spec, PipelineOptions options, int threads, Models models) {
    ImageLoader loader = new ImageLoader();
    String what = "end to end " + spec.name() + ", flip " + (options.flip() ? "on" : "off");
    return measure(what, threads, in.files().size(), () -> {
      FacePipeline p = new FacePipeline(models.detector(), models.landmarks(), models.embedder(spec), options);
      return task(i -> {
        FaceEncoding enc = p.encode(loader.decode(in.jpeg()[i], "bench"));
        return enc.hasFace() ? 1 : 0;
      }, p);
    });
  }

  private static Task task(java.util.function.IntUnaryOperator body, AutoCloseable owned) {
    return new Task() {
      @Override
      public int run(int i) {
        return body.applyAsInt(i);
      }

      @Override
      public void close() {
        try {
          owned.close();
        } catch (Exception e) {
          throw new IllegalStateException("cannot close benchmark models", e);
        }
      }
    };
  }

  /**
   * The arithmetic one call of a network does (convolutions and matrix products, counted from ORT's
   * profile) and the rate the 1-thread benchmark reached with it.
   *
   * @param network the model's name
   * @param input the input shape it was profiled with
   * @param gflop work of one call on one input
   * @param cpuMs CPU ms of one call on one thread (from the stage's 1-thread row)
   */
  record Compute(String network, String input, double gflop, double cpuMs) {
    double gflopsPerCore() {
      return gflop / (cpuMs / 1000);
    }
  }

  /** The work of the detector, the landmark network and each ONNX embedder, one input each. */
  static List<Compute> compute(Models models, List<ModelSpec> embedders, List<Row> oneThreadRows) {
    List<Compute> out = new ArrayList<>();
    // The two-scale detector searches at 160x120 and only photos without a large face again at 320x240.
    ModelSpec detector = models.detectorChoice() == DetectorChoice.ULTRAFACE_TWO_SCALE ? ModelCatalog.FR_DETECT_SMALL : ModelCatalog.FR_DETECT;
    List<ModelSpec> networks = new ArrayList<>(List.of(detector, ModelCatalog.FR_LANDMARK));
    networks.addAll(embedders);
    for (ModelSpec spec : networks) {
      long[] shape = inputShape(spec);
      // ORT's profile gives no weight shapes for int8 kernels: count the float form's work, which
      // has the same convolutions.
      ModelSpec counted = spec.equals(ModelCatalog.MOBILEFACENET_192_INT8) ? ModelCatalog.MOBILEFACENET_192 : spec;
      OrtCost.Cost cost = OrtCost.measure(counted.name(), models.store().require(counted), shape);
      String stage = spec == detector ? "detect" : spec == ModelCatalog.FR_LANDMARK ? "landmarks"
          : embedStage(spec, false);
      out.add(new Compute(spec.name(), Arrays.toString(shape), cost.gflop(), oneThreadCpu(oneThreadRows, stage)));
    }
    return out;
  }

  private static long[] inputShape(ModelSpec spec) {
    int channels = spec.mean().length;
    return spec.layout() == org.likeness.models.TensorLayout.NHWC
        ? new long[] {1, spec.inputHeight(), spec.inputWidth(), channels}
        : new long[] {1, channels, spec.inputHeight(), spec.inputWidth()};
  }

  /**
   * Prints the work per network, the rate each reached, and the budget of {@code e2e} end to end: the
   * 1-thread CPU ms of its stages (from {@code rows}) against what {@code target} faces/s on
   * {@code cores} cores allow, and the rate the networks would need to fit that budget.
   */
  static void printCompute(PrintStream out, List<Compute> networks, List<Row> rows, int cores, ModelSpec e2e,
      double target) {
    out.println("| network | input | GFLOP per call | CPU ms per call (1 thread) | GFLOP/s reached per core |");
    out.println("|---|---|---|---|---|");
    for (Compute c : networks) {
      out.printf(Locale.ROOT, "| %s | %s | %.3f | %.2f | %.1f |%n", c.network(), c.input(), c.gflop(), c.cpuMs(),
          c.gflopsPerCore());
    }
    double best = networks.stream().mapToDouble(Compute::gflopsPerCore).max().orElse(Double.NaN);
    Compute detect = networks.get(0);
    Compute marks = networks.get(1);
    Compute embed = networks.stream().filter(c -> c.network().equals(e2e.name())).findFirst().orElse(null);
    if (embed == null) {
      out.flush();
      return;
    }
    double decode = oneThreadCpu(rows, "decode");
    double align = oneThreadCpu(rows, "align " + e2e.alignment().name());
    double budget = 1000.0 * cores / target;
    for (boolean flip : List.of(true, false)) {
      double embedMs = oneThreadCpu(rows, embedStage(e2e, flip));
      double gflop = detect.gflop() + marks.gflop() + (flip ? 2 : 1) * embed.gflop();
      double networksMs = detect.cpuMs() + marks.cpuMs() + embedMs;
      double allMs = networksMs + decode + align;
      out.printf(Locale.ROOT, "%s, flip %s: %.3f GFLOP per face. Stages on one core: networks %.1f ms + decode %.1f "
          + "+ align %.1f = %.1f ms, so at most %.0f faces/s on %d cores with perfect scaling. %.0f faces/s allow %.1f ms "
          + "per face per core: the networks would have to run at %.1f GFLOP/s per core, %.2fx the best rate any "
          + "network reached here (%.1f).%n", e2e.name(), flip ? "on (the default)" : "off", gflop, networksMs, decode,
          align, allMs, 1000.0 * cores / allMs, cores, target, budget, gflop / ((budget - decode - align) / 1000),
          gflop / ((budget - decode - align) / 1000) / best, best);
    }
    out.flush();
  }

  private static double oneThreadCpu(List<Row> rows, String stagePrefix) {
    return rows.stream().filter(r -> r.threads() == 1 && r.stage().startsWith(stagePrefix)).mapToDouble(Row::cpuMsMean)
        .findFirst().orElse(Double.NaN);
  }

  static void printTable(PrintStream out, List<Row> rows) {
    out.println("| stage | threads | items/s | ms/item p50 | ms/item p99 | CPU ms/item | note |");
    out.println("|---|---|---|---|---|---|---|");
    for (Row r : rows) {
      out.printf(Locale.ROOT, "| %s | %d | %.1f | %.2f | %.2f | %.2f | %s |%n", r.stage(), r.threads(), r.perSecond(),
          r.p50(), r.p99(), r.cpuMsMean(), r.note());
    }
    out.flush();
  }

  static double percentile(double[] sorted, double q) {
    return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
  }

  static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
