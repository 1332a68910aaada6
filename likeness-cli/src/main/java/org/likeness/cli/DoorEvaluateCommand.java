package org.likeness.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.likeness.engine.DetectorChoice;
import org.likeness.engine.Likeness;
import org.likeness.eval.EmbeddingCache;
import org.likeness.eval.LfwPairs;
import org.likeness.eval.door.DoorBenchmark;
import org.likeness.eval.door.DoorFaces;
import org.likeness.eval.door.DoorPolicies;
import org.likeness.eval.door.DoorSplit;
import org.likeness.eval.door.DoorTables;
import org.likeness.eval.door.DoorVariant;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.FacePipeline;
import org.likeness.pipeline.PipelineOptions;
import org.likeness.restore.ChipRestoration;
import org.likeness.train.ModelVariant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code likeness evaluate door}: the door benchmark, door-camera variants of LFW photos through
 * verification and open-set identification at the shipped defaults.
 */
@Command(name = "door", description = "Door benchmark: tight, small, grey, dim, JPEG and blurred variants of LFW"
    + " photos; verification and open-set identification (galleries of 20 and 100) at the shipped defaults.")
final class DoorEvaluateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", paramLabel = "NAME", split = ",",
      description = "Models to run, comma-separated (default: mobilefacenet-192,dlib-resnet-128,fused).")
  List<String> models = List.of(ModelCatalog.DEFAULT_EMBEDDER.name(), ModelCatalog.DLIB_RESNET_128.name(),
      ModelCatalog.FUSED.name());

  @Option(names = "--split", paramLabel = "SPLIT",
      description = "dev-test (report; default) or dev-train (where defaults are chosen).")
  String split = "dev-test";

  @Option(names = "--variants", paramLabel = "LIST", split = ",",
      description = "Variants, comma-separated (default: all: clean, tight, face-40, face-24, gray-92x112,"
          + " dim-noise, jpeg-20, blur).")
  List<String> variants = Arrays.stream(DoorVariant.values()).map(DoorVariant::label).toList();

  @Option(names = "--pairs", paramLabel = "N",
      description = "Verification pairs per half, same and different (default: ${DEFAULT-VALUE}).")
  int pairs = 500;

  @Option(names = "--galleries", paramLabel = "SIZE:TRIALS", split = ",",
      description = "Gallery sizes and seeded trials of each (default: 20:3,100:1).")
  List<String> galleries = List.of("20:3", "100:1");

  @Option(names = "--lfw", paramLabel = "DIR", description = "LFW folder (default: ../shared/data/lfw).")
  Path lfw;

  @Option(names = "--models-dir", paramLabel = "DIR", description = "Models directory.")
  Path modelsDir;

  @Option(names = "--cache", paramLabel = "DIR", description = "Door-photo cache (default: ~/.likeness/cache/door).")
  Path cacheDir;

  @Option(names = "--dump", paramLabel = "DIR", description = "Also write every trial's embeddings as CSV here.")
  Path dump;

  @Option(names = "--examples", paramLabel = "DIR",
      description = "Write each variant of the first 4 photos of the split here as JPEG, to see them, and stop.")
  Path examples;

  @Option(names = "--detector", paramLabel = "NAME", description = "Face detector: ultraface-two-scale (default), ultraface (320x240 only), ultraface-int8 or mtcnn.")
  String detector = DetectorChoice.DEFAULT.cliName();

  @Option(names = "--restoration", paramLabel = "SPEC",
      description = "Chip restoration before embedding: shipped (default), none, or"
          + " brighten=BELOW:TARGET,denoise=SIGMA,sharpen=BELOW:AMOUNT:SIGMA (to choose it on dev-train).")
  String restoration = "shipped";

  @Option(names = "--no-flip", description = "Embed only the face, not also its mirror image.")
  boolean noFlip;

  @Option(names = "--floor", paramLabel = "CHANGES",
      description = "Also decide with the shipped policy under this quality floor, e.g. min-exposure=25+min-sharpness=0.18"
          + " (repeatable; to choose the floor on dev-train).")
  List<String> floors = List.of();

  @Option(names = "--threads", description = "Worker threads (default: all cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  private ChipRestoration parseRestoration() {
    try {
      return ChipRestoration.parse(restoration);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--restoration: " + e.getMessage());
    }
  }

  @Override
  public Integer call() {
    DoorSplit s = DoorSplit.parse(split);
    List<DoorVariant> vs = variants.stream().map(DoorVariant::parse).toList();
    List<DoorBenchmark.GalleryTrials> gs = new ArrayList<>();
    for (String g : galleries) {
      String[] f = g.split(":");
      try {
        gs.add(new DoorBenchmark.GalleryTrials(Integer.parseInt(f[0]), f.length > 1 ? Integer.parseInt(f[1]) : 1));
      } catch (NumberFormatException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "--galleries takes SIZE:TRIALS, e.g. 20:3, got '" + g + "'");
      }
    }
    Path root = lfw != null ? lfw : LfwPairs.defaultRoot();
    if (examples != null) {
      for (Path p : org.likeness.eval.door.DoorExamples.write(s, root, vs, examples, 4)) {
        spec.commandLine().getOut().println(p);
      }
      return 0;
    }
    ModelStore store = ModelStore.locate(Optional.ofNullable(modelsDir));
    Path cacheRoot = cacheDir != null ? cacheDir : EmbeddingCache.defaultRoot().resolveSibling("door");
    DoorBenchmark.Options o = new DoorBenchmark.Options(s, vs, gs, pairs, root, threads, Optional.ofNullable(dump));
    PipelineOptions shipped = PipelineOptions.defaults().withFlip(!noFlip);
    PipelineOptions options = restoration.equals("shipped") ? shipped : shipped.withRestoration(parseRestoration());
    DetectorChoice detectorChoice = DetectorChoice.parse(detector);
    List<DoorBenchmark.Report> reports = new ArrayList<>();
    var err = spec.commandLine().getErr();
    for (String m : models) {
      ModelVariant variant = ModelVariant.parse(m);
      var model = variant.spec();
      // Faces found and measured without restoration key the detections a restored run reuses.
      String detectionsName = model.name() + "-" + model.sha256().substring(0, 12)
          + (noFlip ? "-noflip" : "-flip") + "-largest-" + detectorChoice.cliName() + "-"
          + FacePipeline.DETECTION_REVISION + "-" + org.likeness.quality.QualityAssessor.REVISION;
      ChipRestoration r = options.restoration();
      String cacheName = detectionsName + (r.equals(ChipRestoration.NONE) ? "" : "-" + r.label());
      try (DoorFaces cache = new DoorFaces(cacheRoot, cacheName, model.id(), model.dimensions());
          DoorFaces detections = r.equals(ChipRestoration.NONE)
              ? null : new DoorFaces(cacheRoot, detectionsName, model.id(), model.dimensions());
          ProgressBar bar = new ProgressBar(err, model.name() + " door photos")) {
        reports.add(DoorBenchmark.run(model.name() + (detectorChoice == DetectorChoice.DEFAULT ? "" : " " + detectorChoice.cliName()), model,
            () -> Likeness.open(model, variant::open, store, options, OrtSettings.defaults(), detectorChoice),
            DoorPolicies.withFloors(floors), cache, Optional.ofNullable(detections), o, bar::update));
      }
    }
    var out = spec.commandLine().getOut();
    out.println("Door benchmark on LFW " + s.pairsFile() + " people (" + s.label() + "), shipped defaults.");
    out.println();
    out.println("Verification at the model's 1:1 threshold (mixed: clean photo against door photo):");
    out.println();
    DoorTables.verification(out, reports);
    out.println();
    out.println("Open-set identification (staff: up to " + org.likeness.eval.door.OpenSetTrial.ENROLL_PHOTOS
        + " enrollment photos each; strangers: twice as many people, not enrolled):");
    out.println();
    DoorTables.openSet(out, reports);
    for (DoorBenchmark.Report r : reports) {
      if (r.encoded() > 0) {
        out.printf(java.util.Locale.ROOT, "%s: encoded %d door photos, %.1f ms each on one thread%n",
            r.model(), r.encoded(), r.msPerImage());
      }
    }
    return 0;
  }
}
