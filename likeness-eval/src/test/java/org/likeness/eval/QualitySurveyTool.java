package org.likeness.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.likeness.detect.DetectedFace;
import org.likeness.engine.Likeness;
import org.likeness.image.RgbImage;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.FaceEncoding;
import org.likeness.pipeline.PipelineOptions;
import org.likeness.quality.FaceQuality;
import org.likeness.quality.QualityAssessor;
import org.likeness.quality.QualityFloor;
import org.likeness.quality.QualityIssue;
import org.likeness.quality.QualityVerdict;

/**
 * Prints the distribution of every {@link FaceQuality} measure on clean LFW photos from
 * pairsDevTrain.txt and on degraded copies (faces shrunk to 40 and 24 px, darkened with noise,
 * blurred), and how many of each pass {@link QualityFloor#DEFAULT}: the data the default floor was
 * chosen from (a development tool; args: [images] [lfw root]).
 */
public final class QualitySurveyTool {
  record Variant(String name, java.util.function.BiFunction<RgbImage, FaceQuality, RgbImage> make) {}

  public static void main(String[] args) throws IOException {
    int limit = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    Path lfw = args.length > 1 ? Path.of(args[1]) : LfwPairs.defaultRoot();
    List<Path> images = sample(lfw, limit);
    List<Variant> variants = List.of(
        new Variant("clean", (img, q) -> img),
        new Variant("face 40 px", (img, q) -> Degradations.downscale(img, Math.min(1, 40 / q.faceWidthPx()))),
        new Variant("face 32 px", (img, q) -> Degradations.downscale(img, Math.min(1, 32 / q.faceWidthPx()))),
        new Variant("face 24 px", (img, q) -> Degradations.downscale(img, Math.min(1, 24 / q.faceWidthPx()))),
        new Variant("dim x0.35 noise 3", (img, q) -> Degradations.exposure(img, 0.35, 3, 1)),
        new Variant("dark x0.2 noise 4", (img, q) -> Degradations.exposure(img, 0.2, 4, 1)),
        new Variant("dark x0.12 noise 4", (img, q) -> Degradations.exposure(img, 0.12, 4, 1)),
        new Variant("bright x3", (img, q) -> Degradations.exposure(img, 3, 0, 1)),
        new Variant("blur 2% width", (img, q) -> Degradations.blur(img, 0.02 * q.faceWidthPx())),
        new Variant("blur 6% width", (img, q) -> Degradations.blur(img, 0.06 * q.faceWidthPx())),
        new Variant("40 px + blur 1 px", (img, q) -> Degradations.blur(
            Degradations.downscale(img, Math.min(1, 40 / q.faceWidthPx())), 1.0)));
    Map<String, List<FaceQuality>> byVariant = new LinkedHashMap<>();
    Map<String, Integer> noFace = new LinkedHashMap<>();
    Map<String, Map<QualityIssue, Integer>> issues = new LinkedHashMap<>();
    List<Double> boxPerEyes = new ArrayList<>();
    for (Variant v : variants) {
      byVariant.put(v.name(), new ArrayList<>());
      noFace.put(v.name(), 0);
      issues.put(v.name(), new EnumMap<>(QualityIssue.class));
    }
    try (Likeness face = Likeness.open(ModelCatalog.DEFAULT_EMBEDDER, ModelStore.locate(Optional.empty()),
        PipelineOptions.defaults().withFlip(false), OrtSettings.defaults())) {
      for (Path p : images) {
        RgbImage img = face.load(p);
        FaceEncoding clean = face.encode(img);
        if (clean.quality().isEmpty()) {
          noFace.merge("clean", 1, Integer::sum);
          continue;
        }
        FaceQuality q0 = clean.quality().get();
        DetectedFace f = clean.face().orElseThrow();
        boxPerEyes.add(f.box().width() / (q0.faceWidthPx() / QualityAssessor.FACE_WIDTH_PER_EYE_DISTANCE));
        for (Variant v : variants) {
          FaceEncoding e = v.name().equals("clean") ? clean : face.encode(v.make().apply(img, q0));
          if (e.quality().isEmpty()) {
            noFace.merge(v.name(), 1, Integer::sum);
            continue;
          }
          byVariant.get(v.name()).add(e.quality().get());
          QualityFloor.DEFAULT.check(e.quality().get()).map(QualityVerdict::issue)
              .ifPresent(i -> issues.get(v.name()).merge(i, 1, Integer::sum));
        }
      }
    }
    System.out.printf(Locale.ROOT, "%d LFW images from pairsDevTrain.txt; box width / eye-equivalent distance: %s%n",
        images.size(), percentiles(boxPerEyes.stream().mapToDouble(Double::doubleValue).toArray()));
    Map<String, ToDoubleFunction<FaceQuality>> measures = new LinkedHashMap<>();
    measures.put("width px", FaceQuality::faceWidthPx);
    measures.put("sharpness", FaceQuality::sharpness);
    measures.put("exposure", FaceQuality::exposure);
    measures.put("contrast", FaceQuality::contrast);
    measures.put("|yaw|", q -> Math.abs(q.yawDegrees()));
    measures.put("|pitch|", q -> Math.abs(q.pitchDegrees()));
    measures.put("score", FaceQuality::detectorScore);
    measures.put("yaw", FaceQuality::yawDegrees);
    measures.put("pitch", FaceQuality::pitchDegrees);
    measures.put("roll", FaceQuality::rollDegrees);
    System.out.println();
    System.out.printf(Locale.ROOT, "| %-20s | %-10s | %7s %7s %7s %7s %7s %7s %7s |%n", "variant", "measure",
        "p0", "p1", "p5", "p50", "p95", "p99", "p100");
    for (var v : byVariant.entrySet()) {
      for (var m : measures.entrySet()) {
        double[] xs = v.getValue().stream().mapToDouble(m.getValue()).toArray();
        System.out.printf(Locale.ROOT, "| %-20s | %-10s | %s |%n", v.getKey(), m.getKey(), percentiles(xs));
      }
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "| %-20s | %6s | %7s | %6s | %s |%n", "variant", "faces", "no face", "pass", "first failing check");
    for (var v : byVariant.entrySet()) {
      int n = v.getValue().size();
      long pass = v.getValue().stream().filter(QualityFloor.DEFAULT::passes).count();
      System.out.printf(Locale.ROOT, "| %-20s | %6d | %7d | %5.1f%% | %s |%n", v.getKey(), n, noFace.get(v.getKey()),
          n == 0 ? 0 : 100.0 * pass / n, issues.get(v.getKey()));
    }
  }

  private static String percentiles(double[] xs) {
    if (xs.length == 0) {
      return "(none)";
    }
    double[] s = xs.clone();
    Arrays.sort(s);
    StringBuilder sb = new StringBuilder();
    for (double p : new double[] {0, 1, 5, 50, 95, 99, 100}) {
      double v = s[(int) Math.min(s.length - 1, Math.floor(p / 100 * s.length))];
      sb.append(String.format(Locale.ROOT, "%7.2f ", v));
    }
    return sb.toString().trim();
  }

  /** Every {@code step}-th distinct image of pairsDevTrain.txt, up to {@code limit}. */
  static List<Path> sample(Path lfw, int limit) throws IOException {
    Set<Path> all = new LinkedHashSet<>();
    for (LfwPair pair : LfwPairs.read(lfw.resolve("pairsDevTrain.txt"), lfw.resolve("images_deepfunneled"))) {
      all.add(pair.first());
      all.add(pair.second());
    }
    List<Path> list = new ArrayList<>(all);
    int step = Math.max(1, list.size() / limit);
    List<Path> out = new ArrayList<>();
    for (int i = 0; i < list.size() && out.size() < limit; i += step) {
      if (Files.isRegularFile(list.get(i))) {
        out.add(list.get(i));
      }
    }
    return out;
  }
}
