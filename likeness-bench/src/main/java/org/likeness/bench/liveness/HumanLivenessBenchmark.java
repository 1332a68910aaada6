package org.likeness.bench.liveness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.likeness.detect.DetectedFace;
import org.likeness.engine.Likeness;
import org.likeness.image.RgbImage;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelStore;
import org.likeness.onnx.HumanFaceCrop.ChannelOrder;
import org.likeness.onnx.HumanFaceCrop;
import org.likeness.onnx.HumanLivenessScorer.Network;
import org.likeness.onnx.HumanLivenessScorer;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.PipelineOptions;

/**
 * Prints how Human's liveness and antispoof networks separate real from fake faces on the spoof
 * sets, and what they cost: per set, the AUC of each raw output read as Human names it (liveness
 * column 0 "live", column 1, column 1 with the channels swapped to BGR, antispoof "real"; real faces
 * positive, so 0.5 is chance and below 0.5 means the output points the other way) for several box
 * enlargements, then the median
 * milliseconds per face (crop and network, one thread).
 *
 * <p>Run from the repository root, models fetched, with the CLI's class path: {@code java -cp
 * likeness-cli/target/likeness-cli.jar org.likeness.bench.liveness.HumanLivenessBenchmark
 * ../shared/data/spoof}. The spoof images are tight face
 * crops, so any enlargement above 1 reaches past the photo into cropAndResize's black fill, and how
 * much depends on each set's image geometry: read the wider crops' AUCs with that in mind.
 */
public final class HumanLivenessBenchmark {
  /** Box enlargements tried: tight, between, and Human's own 1.4 (antispoof: tight and Human's). */
  private static final double[] LIVENESS_ENLARGE = {1.0, 1.1, 1.2, 1.3, HumanFaceCrop.HUMAN_ENLARGE};

  private static final double[] ANTISPOOF_ENLARGE = {1.0, HumanFaceCrop.HUMAN_ENLARGE};

  private HumanLivenessBenchmark() {}

  /** One detected face of a set: its image, box and label. */
  private record Face(String file, RgbImage image, DetectedFace face, boolean real) {}

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : "../shared/data/spoof");
    ModelStore store = ModelStore.locate(Optional.empty());
    OrtSettings one = OrtSettings.defaults().withIntraOpThreads(1);
    List<String> sets;
    try (Stream<Path> s = Files.list(root)) {
      sets = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    }
    List<Double> livenessMs = new ArrayList<>();
    List<Double> antispoofMs = new ArrayList<>();
    System.out.println(
        "| set | real/fake faces (missed) | crop | liveness col 0 AUC | liveness col 1 AUC | liveness col 1 AUC, BGR input | antispoof AUC |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
    try (Likeness likeness = Likeness.open(ModelCatalog.DEFAULT_EMBEDDER, store, PipelineOptions.defaults(), one)) {
      for (String set : sets) {
        List<Face> faces = new ArrayList<>();
        int missed = 0;
        for (String label : List.of("real", "fake")) {
          List<Path> files;
          try (Stream<Path> s = Files.list(root.resolve(set).resolve(label))) {
            files = s.sorted().toList();
          }
          for (Path f : files) {
            RgbImage image = likeness.load(f);
            List<DetectedFace> found = likeness.pipeline().detect(image);
            if (found.isEmpty()) {
              missed++;
              continue;
            }
            faces.add(new Face(f.toString(), image, found.get(0), label.equals("real")));
          }
        }
        long reals = faces.stream().filter(Face::real).count();
        String counts = reals + "/" + (faces.size() - reals) + " (" + missed + ")";
        for (double enlarge : LIVENESS_ENLARGE) {
          double[][] live = scores(store, one, Network.LIVENESS, enlarge, ChannelOrder.RGB, faces,
              enlarge == Network.LIVENESS.enlarge() ? livenessMs : null);
          double[][] bgr = scores(store, one, Network.LIVENESS, enlarge, ChannelOrder.BGR, faces, null);
          boolean antispoofToo = Arrays.stream(ANTISPOOF_ENLARGE).anyMatch(e -> e == enlarge);
          String anti = "";
          if (antispoofToo) {
            double[][] real = scores(store, one, Network.ANTISPOOF, enlarge, ChannelOrder.RGB, faces,
                enlarge == Network.ANTISPOOF.enlarge() ? antispoofMs : null);
            anti = fmt(auc(real[0], faces));
          }
          System.out.printf(Locale.ROOT, "| %s | %s | x%.1f | %s | %s | %s | %s |%n",
              set, counts, enlarge, fmt(auc(live[0], faces)), fmt(auc(live[1], faces)), fmt(auc(bgr[1], faces)), anti);
        }
      }
    }
    System.out.printf(Locale.ROOT,
        "%nmedian ms per face, one thread, crop + network, at each scorer's default crop: liveness %.3f, antispoof %.3f%n",
        median(livenessMs), median(antispoofMs));
  }

  /** Raw outputs per face, one row per output; adds per-face milliseconds to {@code ms} if given. */
  private static double[][] scores(
      ModelStore store, OrtSettings settings, Network network, double enlarge, ChannelOrder order, List<Face> faces,
      List<Double> ms) {
    try (HumanLivenessScorer scorer =
        new HumanLivenessScorer(network, store.require(network.spec()), settings, enlarge, order)) {
      double[][] out = null;
      for (int i = 0; i < faces.size(); i++) {
        Face f = faces.get(i);
        long start = System.nanoTime();
        float[] o = scorer.outputs(f.image(), f.face());
        long took = System.nanoTime() - start;
        if (ms != null) {
          ms.add(took / 1e6);
        }
        if (out == null) {
          out = new double[o.length][faces.size()];
        }
        for (int k = 0; k < o.length; k++) {
          out[k][i] = o[k];
        }
      }
      return out;
    }
  }

  /** P(score of a real face > score of a fake face), ties counting half: real faces positive. */
  static double auc(double[] score, List<Face> faces) {
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < faces.size(); i++) {
      if (!faces.get(i).real()) {
        continue;
      }
      for (int j = 0; j < faces.size(); j++) {
        if (faces.get(j).real()) {
          continue;
        }
        pairs++;
        wins += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
      }
    }
    return wins / pairs;
  }

  private static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v.length == 0 ? Double.NaN : v[v.length / 2];
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
