package org.likeness.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.likeness.detect.FaceBox;
import org.likeness.detect.FaceDetector;
import org.likeness.error.BadInputException;
import org.likeness.image.ImageLoader;
import org.likeness.image.RgbImage;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import org.likeness.models.Sha256;
import org.likeness.models.convert.ActivationRanges;
import org.likeness.models.convert.OnnxModel;
import org.likeness.models.convert.QdqRewrite;
import org.likeness.onnx.ActivationCalibrator;
import org.likeness.onnx.OnnxFaceDetector;
import org.likeness.onnx.OrtSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code likeness models calibrate-int8-detector}: measures the activation ranges of faceplugin's
 * UltraFace detector on whole LFW DevTrain photos (resized as the pipeline feeds them), builds the
 * int8 detector for each candidate percentile, scores each by how well its best box agrees with
 * the float detector's (IoU) on those photos, and writes the chosen table: the resource {@code
 * likeness models fetch} makes {@code faceplugin-detect-int8} from.
 */
@Command(
    name = "calibrate-int8-detector",
    description = "Calibrate the int8 UltraFace detector's activation ranges on LFW DevTrain photos and write the table.")
final class DetectorInt8CalibrateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin DevPairsOption devPairs;

  @Option(names = "--photos", paramLabel = "N", description = "Photos to calibrate on, spread evenly over the pairs' distinct images (default: ${DEFAULT-VALUE}).")
  int photos = 200;

  @Option(names = "--percentiles", paramLabel = "LIST", split = ",", description = "Candidate range percentiles, 100 = min/max (default: 100,99.999,99.99).")
  List<Double> percentiles = List.of(100.0, 99.999, 99.99);

  @Option(names = "--choose", paramLabel = "P", description = "Write the table for this percentile (default: the candidate with the highest mean IoU to float).")
  Double choose;

  @Option(names = "--out", paramLabel = "FILE", description = "Where to write the chosen table (default: print only).")
  Path out;

  @Option(names = "--models-dir", paramLabel = "DIR", description = "Models directory (default: $LIKENESS_MODELS or ~/.likeness/models).")
  Path modelsDir;

  record Candidate(double percentile, double meanIou, int lost, ActivationRanges ranges) {}

  @Override
  public Integer call() throws Exception {
    if (photos < 1) {
      throw new BadInputException("--photos must be positive, got " + photos);
    }
    ModelSpec floatSpec = ModelCatalog.FR_DETECT;
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter outp = spec.commandLine().getOut();
    ModelStore store = ModelStore.locate(Optional.ofNullable(modelsDir));
    Path floatFile = store.require(floatSpec);
    OnnxModel floatModel = OnnxModel.read(floatFile);
    Path pairFile = devPairs.pairFile();
    List<Path> all = DevPairsOption.distinctPhotos(devPairs.read());
    int step = Math.max(1, all.size() / photos);
    ImageLoader loader = new ImageLoader();
    List<RgbImage> used = new ArrayList<>();
    List<Path> usedPaths = new ArrayList<>();
    for (int i = 0; i < all.size() && used.size() < photos; i += step) {
      used.add(loader.load(all.get(i)));
      usedPaths.add(all.get(i));
    }
    err.printf(Locale.ROOT, "calibrating on %d of %d DevTrain photos (every %d-th)%n", used.size(), all.size(), step);
    List<FaceBox> floatBest = best(new OnnxFaceDetector(floatSpec, floatFile, OrtSettings.defaults()), used);

    List<Candidate> candidates = new ArrayList<>();
    try (ActivationCalibrator calibrator = new ActivationCalibrator(
        floatSpec, QdqRewrite.calibrationForm(floatModel).write(), Set.of("scores", "boxes"), OrtSettings.defaults())) {
      for (RgbImage photo : used) {
        calibrator.observe(OnnxFaceDetector.networkInput(floatSpec, photo));
      }
      for (double p : percentiles) {
        ActivationRanges ranges = calibrator.ranges(p, header(p, pairFile, used.size(), all.size(), step, usedPaths));
        Path model = Files.createTempFile("likeness-int8-detector-", ".onnx");
        try {
          Files.write(model, QdqRewrite.quantize(floatModel, ranges).write());
          List<FaceBox> got = best(new OnnxFaceDetector(ModelCatalog.FR_DETECT_INT8, model, OrtSettings.defaults()), used);
          double sum = 0;
          int lost = 0;
          for (int i = 0; i < got.size(); i++) {
            if (floatBest.get(i) == null) {
              continue;
            }
            if (got.get(i) == null) {
              lost++;
            } else {
              sum += got.get(i).box().iou(floatBest.get(i).box());
            }
          }
          long withFace = floatBest.stream().filter(b -> b != null).count();
          candidates.add(new Candidate(p, sum / withFace, lost, ranges));
        } finally {
          Files.deleteIfExists(model);
        }
      }
    }
    outp.println("| percentile | mean IoU of best box to float | faces float finds, int8 not |");
    outp.println("|---|---|---|");
    for (Candidate c : candidates) {
      outp.printf(Locale.ROOT, "| %s | %.4f | %d |%n", c.percentile(), c.meanIou(), c.lost());
    }
    Candidate chosen = null;
    for (Candidate c : candidates) {
      if (choose != null ? c.percentile() == choose : chosen == null || c.meanIou() > chosen.meanIou()) {
        chosen = c;
      }
    }
    if (chosen == null) {
      throw new BadInputException("--choose " + choose + " is not among --percentiles " + percentiles);
    }
    List<String> header = new ArrayList<>(chosen.ranges().header());
    header.add(String.format(Locale.ROOT, "DevTrain photos: mean IoU of the best box to float %.4f, %d faces lost",
        chosen.meanIou(), chosen.lost()));
    header.add("tensor\tmin\tmax");
    ActivationRanges table = new ActivationRanges(header, chosen.ranges().ranges());
    if (out != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, table.format(), StandardCharsets.UTF_8);
      outp.println("wrote percentile " + chosen.percentile() + " to " + out);
    }
    return 0;
  }

  /** The highest-scoring box of each photo, or null where the detector finds none. */
  private static List<FaceBox> best(FaceDetector detector, List<RgbImage> photos) {
    List<FaceBox> out = new ArrayList<>();
    try (detector) {
      for (RgbImage photo : photos) {
        FaceBox top = null;
        for (FaceBox b : detector.detect(photo)) {
          if (top == null || b.score() > top.score()) {
            top = b;
          }
        }
        out.add(top);
      }
    }
    return out;
  }

  private List<String> header(double p, Path pairFile, int used, int all, int step, List<Path> files) throws Exception {
    java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
    for (Path f : files) {
      sha.update(Files.readAllBytes(f));
    }
    return List.of(
        "activation ranges of " + ModelCatalog.FR_DETECT_INT8.name()
            + " (uint8 asymmetric activations, int8 per-channel weights; QDQ)",
        "float model: " + ModelCatalog.FR_DETECT.name() + " sha256 " + ModelCatalog.FR_DETECT.sha256(),
        "range: " + (p >= 100 ? "min/max" : p + "th percentile at each end") + " over every value of each tensor",
        "data: " + used + " whole photos resized to 320x240, every " + step + "-th of the " + all
            + " distinct images of " + pairFile.getFileName() + " (sha256 " + Sha256.of(pairFile) + ")",
        "sha256 of the photos' JPEG files, in order: " + java.util.HexFormat.of().formatHex(sha.digest()),
        "regenerate: likeness models calibrate-int8-detector --photos " + photos + " --percentiles "
            + percentiles.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow()
            + " --choose " + p + " --out FILE");
  }
}
