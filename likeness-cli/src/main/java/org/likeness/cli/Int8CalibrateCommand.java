package org.likeness.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.likeness.align.AlignmentTemplate;
import org.likeness.align.FaceAligner;
import org.likeness.detect.FaceSelection;
import org.likeness.embed.Embedding;
import org.likeness.embed.FaceEmbedder;
import org.likeness.engine.Likeness;
import org.likeness.error.BadInputException;
import org.likeness.eval.LfwPair;
import org.likeness.eval.ThresholdChoice;
import org.likeness.image.RgbImage;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelFetcher;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import org.likeness.models.Sha256;
import org.likeness.models.convert.ActivationRanges;
import org.likeness.models.convert.MobileFaceNetConverter;
import org.likeness.onnx.ActivationCalibrator;
import org.likeness.onnx.OnnxFaceEmbedder;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.FaceEncoding;
import org.likeness.pipeline.PipelineOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code likeness models calibrate-int8}: measures the activation ranges of MobileFaceNet on
 * aligned chips of LFW DevTrain photos, builds the int8 model for each candidate percentile, scores
 * each on the DevTrain pairs against the float model, and writes the chosen table: the resource
 * {@code likeness models fetch} makes {@code mobilefacenet-192-int8} from.
 */
@Command(
    name = "calibrate-int8",
    description = "Calibrate the int8 MobileFaceNet's activation ranges on LFW DevTrain chips and write the table.")
final class Int8CalibrateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin DevPairsOption devPairs;

  @Option(names = "--chips", paramLabel = "N", description = "Chips to calibrate on, spread evenly over the pairs' distinct images (default: ${DEFAULT-VALUE}).")
  int chips = 400;

  @Option(names = "--percentiles", paramLabel = "LIST", split = ",", description = "Candidate range percentiles, 100 = min/max (default: 100,99.999,99.99,99.9).")
  List<Double> percentiles = List.of(100.0, 99.999, 99.99, 99.9);

  @Option(names = "--equalizations", paramLabel = "LIST", split = ",", description = "Candidate cross-layer equalizations of the weights across each PReLU: ${COMPLETION-CANDIDATES} (default: all).")
  List<MobileFaceNetConverter.Equalization> equalizations = List.of(MobileFaceNetConverter.Equalization.values());

  @Option(names = "--choose-equalization", paramLabel = "E", description = "Write the table for this equalization (default: as --choose).")
  MobileFaceNetConverter.Equalization chooseEqualization;

  @Option(names = "--choose", paramLabel = "P", description = "Write the table for this percentile (default: the candidate with the best DevTrain accuracy, ties to the higher cosine to float).")
  Double choose;

  @Option(names = "--out", paramLabel = "FILE", description = "Where to write the chosen table (default: print only).")
  Path out;

  @Option(names = "--models-dir", paramLabel = "DIR", description = "Models directory (default: $LIKENESS_MODELS or ~/.likeness/models).")
  Path modelsDir;

  /** One candidate's DevTrain result. */
  record Candidate(MobileFaceNetConverter.Equalization equalization, double percentile, double accuracy, double meanCosine, double lowCosine, ActivationRanges ranges) {}

  @Override
  public Integer call() throws Exception {
    if (chips < 1) {
      throw new BadInputException("--chips must be positive, got " + chips);
    }
    ModelSpec floatSpec = ModelCatalog.MOBILEFACENET_192;
    ModelSpec int8Spec = ModelCatalog.MOBILEFACENET_192_INT8;
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter outp = spec.commandLine().getOut();
    ModelStore store = ModelStore.locate(Optional.ofNullable(modelsDir));
    Path tflite = new ModelFetcher(store, err::println).converterInput(floatSpec);
    Path pairFile = devPairs.pairFile();
    List<LfwPair> list = devPairs.read();
    List<Path> distinct = DevPairsOption.distinctPhotos(list);
    Map<Path, RgbImage> chipOf = new LinkedHashMap<>();
    PipelineOptions options = PipelineOptions.defaults().withFlip(false).withSelection(FaceSelection.CENTRAL);
    try (Likeness likeness = Likeness.open(floatSpec, store, options, OrtSettings.defaults());
        ProgressBar bar = new ProgressBar(err, "align")) {
      int done = 0;
      for (Path image : distinct) {
        RgbImage rgb = likeness.load(image);
        FaceEncoding enc = likeness.encode(rgb);
        if (enc.face().isPresent()) {
          chipOf.put(image, FaceAligner.align(rgb, enc.face().get().landmarks(), AlignmentTemplate.ARCFACE_112).chip());
        }
        bar.update(++done, distinct.size());
      }
    }
    List<Path> withFace = new ArrayList<>(chipOf.keySet());
    int step = Math.max(1, withFace.size() / chips);
    List<Path> calibration = new ArrayList<>();
    for (int i = 0; i < withFace.size() && calibration.size() < chips; i += step) {
      calibration.add(withFace.get(i));
    }
    String dataHash = imagesHash(calibration);
    err.printf(Locale.ROOT, "%d of %d DevTrain images have a face; calibrating on %d (every %d-th)%n",
        withFace.size(), distinct.size(), calibration.size(), step);

    Map<Path, float[]> floatVectors;
    try (FaceEmbedder e = new OnnxFaceEmbedder(floatSpec, store.require(floatSpec), OrtSettings.defaults(), "input", "embedding", true)) {
      floatVectors = embedAll(e, chipOf);
    }
    double floatAccuracy = accuracy(list, floatVectors);

    List<Candidate> candidates = new ArrayList<>();
    for (MobileFaceNetConverter.Equalization eq : equalizations) {
      try (ActivationCalibrator calibrator = new ActivationCalibrator(
          floatSpec, MobileFaceNetConverter.convertForCalibration(tflite, eq),
          Set.of(MobileFaceNetConverter.OUTPUT_NAME), OrtSettings.defaults())) {
        for (Path image : calibration) {
          calibrator.observe(chipOf.get(image));
        }
        for (double p : percentiles) {
          List<String> header = header(eq, p, pairFile, calibration.size(), withFace.size(), step, dataHash, floatSpec);
          ActivationRanges ranges = calibrator.ranges(p, header);
          Path model = Files.createTempFile("likeness-int8-", ".onnx");
          try {
            Files.write(model, MobileFaceNetConverter.convertInt8(tflite, ranges, eq));
            try (FaceEmbedder e = new OnnxFaceEmbedder(int8Spec, model, OrtSettings.defaults(), "input", "embedding", true)) {
              Map<Path, float[]> v = embedAll(e, chipOf);
              double[] cos = new double[withFace.size()];
              for (int i = 0; i < cos.length; i++) {
                Path img = withFace.get(i);
                cos[i] = 1 - floatSpec.metric().distance(floatVectors.get(img), v.get(img));
              }
              Arrays.sort(cos);
              candidates.add(new Candidate(eq, p, accuracy(list, v), Arrays.stream(cos).average().orElseThrow(),
                  cos[(int) Math.floor(0.01 * (cos.length - 1))], ranges));
              err.printf(Locale.ROOT, "%s %s: DevTrain %.2f%%%n", eq, p, 100 * candidates.get(candidates.size() - 1).accuracy());
            }
          } finally {
            Files.deleteIfExists(model);
          }
        }
      }
    }
    outp.printf(Locale.ROOT, "%s on %s, flip on: float %.2f%%%n", int8Spec.name(), pairFile.getFileName(), 100 * floatAccuracy);
    outp.println("| equalization | percentile | DevTrain accuracy | mean cosine to float | 1st-percentile cosine |");
    outp.println("|---|---|---|---|---|");
    for (Candidate c : candidates) {
      outp.printf(Locale.ROOT, "| %s | %s | %.2f%% | %.5f | %.5f |%n", c.equalization(), c.percentile(), 100 * c.accuracy(), c.meanCosine(), c.lowCosine());
    }
    Candidate chosen = null;
    for (Candidate c : candidates) {
      boolean named = choose != null || chooseEqualization != null;
      if (named ? (choose == null || c.percentile() == choose)
              && (chooseEqualization == null || c.equalization() == chooseEqualization)
              && chosen == null
          : chosen == null || c.accuracy() > chosen.accuracy()
              || (c.accuracy() == chosen.accuracy() && c.meanCosine() > chosen.meanCosine())) {
        chosen = c;
      }
    }
    if (chosen == null) {
      throw new BadInputException("--choose " + choose + " --choose-equalization " + chooseEqualization
          + " is not among --percentiles " + percentiles + " and --equalizations " + equalizations);
    }
    List<String> header = new ArrayList<>(chosen.ranges().header());
    header.add(String.format(Locale.ROOT, "DevTrain (%s, flip on): float %.2f%%, int8 %.2f%%, mean cosine to float %.5f",
        pairFile.getFileName(), 100 * floatAccuracy, 100 * chosen.accuracy(), chosen.meanCosine()));
    header.add("tensor\tmin\tmax");
    ActivationRanges table = new ActivationRanges(header, chosen.ranges().ranges());
    if (out != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, table.format(), StandardCharsets.UTF_8);
      outp.println("wrote " + chosen.equalization() + ", percentile " + chosen.percentile() + " to " + out);
      if (chosen.equalization() != MobileFaceNetConverter.INT8_EQUALIZATION) {
        err.println("note: " + ModelCatalog.MOBILEFACENET_192_INT8.name() + " is built with equalization "
            + MobileFaceNetConverter.INT8_EQUALIZATION + " (MobileFaceNetConverter.INT8_EQUALIZATION);"
            + " this table needs " + chosen.equalization());
      }
    }
    return 0;
  }

  private List<String> header(MobileFaceNetConverter.Equalization eq, double p, Path pairFile, int used, int withFace, int step, String dataHash, ModelSpec floatSpec)
      throws IOException {
    return List.of(
        "activation ranges of " + ModelCatalog.MOBILEFACENET_192_INT8.name()
            + " (uint8 asymmetric activations, int8 per-channel weights; QDQ)",
        "float model: " + floatSpec.name() + " sha256 " + floatSpec.sha256(),
        "weights: cross-layer equalization " + eq + " across each PReLU before calibration",
        "range: " + (p >= 100 ? "min/max" : p + "th percentile at each end") + " over every value of each tensor",
        "data: " + used + " ArcFace-112 chips, every " + step + "-th of the " + withFace + " images with a face in "
            + pairFile.getFileName() + " (sha256 " + Sha256.of(pairFile) + "); faceplugin detector, central face",
        "sha256 of the chips' JPEG files, in order: " + dataHash,
        "regenerate: likeness models calibrate-int8 --chips " + chips + " --percentiles "
            + percentiles.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow()
            + " --equalizations " + eq + " --choose " + p + " --out FILE");
  }

  /** Flip-on unit vectors (chip + mirror, summed, normalized) of every chip, as the pipeline makes them. */
  private static Map<Path, float[]> embedAll(FaceEmbedder e, Map<Path, RgbImage> chips) {
    Map<Path, float[]> out = new LinkedHashMap<>();
    for (Map.Entry<Path, RgbImage> c : chips.entrySet()) {
      float[][] both = e.embedChips(List.of(c.getValue(), c.getValue().mirrored()));
      for (int i = 0; i < both[0].length; i++) {
        both[0][i] += both[1][i];
      }
      out.put(c.getKey(), Embedding.normalized(both[0], e.id()).vector());
    }
    return out;
  }

  /** Best-threshold accuracy over the pairs whose two images both have a face (others count as wrong). */
  private static double accuracy(List<LfwPair> list, Map<Path, float[]> vectors) {
    double[] d = new double[list.size()];
    boolean[] same = new boolean[list.size()];
    for (int i = 0; i < d.length; i++) {
      LfwPair p = list.get(i);
      float[] a = vectors.get(p.first());
      float[] b = vectors.get(p.second());
      d[i] = a == null || b == null ? (p.same() ? Double.MAX_VALUE : 0) : ModelCatalog.MOBILEFACENET_192.metric().distance(a, b);
      same[i] = p.same();
    }
    return ThresholdChoice.accuracy(d, same, ThresholdChoice.bestAccuracy(d, same));
  }

  private static String imagesHash(List<Path> files) throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Path f : files) {
        sha.update(Files.readAllBytes(f));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
