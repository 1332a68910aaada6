package org.likeness.bench.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.likeness.detect.FaceSelection;
import org.likeness.engine.Likeness;
import org.likeness.eval.LfwPair;
import org.likeness.eval.LfwPairs;
import org.likeness.eval.ThresholdChoice;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.PipelineOptions;
import org.likeness.train.EmbeddingHead;
import org.likeness.train.EpochStats;
import org.likeness.train.FaceSample;
import org.likeness.train.FaceViews;
import org.likeness.train.HeadArchitecture;
import org.likeness.train.HeadTrainer;
import org.likeness.train.Mining;
import org.likeness.train.PairSet;
import org.likeness.train.TrainingConfig;
import org.likeness.train.TrainingListener;
import org.likeness.train.TrainingSet;
import org.likeness.train.ViewEncoder;

/**
 * Does a head trained on door-camera faces ({@link DoorCamera}) beat the bare backbone on
 * door-camera faces of other people, without costing accuracy on clean photos?
 *
 * <p>Training people: everyone named in LFW {@code pairsDevTrain.txt}, all their photos in {@code
 * images_deepfunneled}, degraded. Test: the {@code pairsDevTest.txt} pairs (disjoint people),
 * degraded, and the clean View 2 {@code pairs.txt}. Embeddings are cached under {@code
 * target/domain-shift/}.
 *
 * <p>Usage, from the repository root after {@code ./likeness} has built the CLI: {@code java -cp
 * likeness-cli/target/likeness-cli.jar org.likeness.bench.train.DomainShiftExperiment
 * [select|final] [key=value...]} with keys {@code lfw},
 * {@code backbone}, {@code head}, {@code dims}, {@code mining}, {@code epochs}, {@code lr}, {@code
 * batchPeople}, {@code batchImages}, {@code alpha}, {@code seeds} (comma list), {@code mix} (also train on the
 * clean views: true/false), {@code cache}. {@code select} compares configurations on held-out
 * DevTrain people only (DevTest is not looked at); {@code final} reports the table.
 */
public final class DomainShiftExperiment {
  private DomainShiftExperiment() {}

  record Data(
      Path images, Map<String, List<Path>> trainPeople, List<LfwPair> devTrain, List<LfwPair> devTest,
      List<LfwPair> view2, Map<Path, Optional<FaceViews>> door, Map<Path, Optional<FaceViews>> clean) {}

  public static void main(String[] args) throws IOException {
    String mode = args.length > 0 && !args[0].contains("=") ? args[0] : "final";
    Map<String, String> opt = new TreeMap<>();
    for (String a : args) {
      if (a.contains("=")) {
        opt.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
      }
    }
    ModelSpec backbone = ModelCatalog.embedder(opt.getOrDefault("backbone", ModelCatalog.DLIB_RESNET_128.name()));
    TrainingConfig config = new TrainingConfig(
        HeadArchitecture.valueOf(opt.getOrDefault("head", "LINEAR")),
        Integer.parseInt(opt.getOrDefault("dims", String.valueOf(backbone.dimensions()))),
        Integer.parseInt(opt.getOrDefault("epochs", "30")),
        Integer.parseInt(opt.getOrDefault("batchPeople", "32")),
        Integer.parseInt(opt.getOrDefault("batchImages", "4")),
        Mining.valueOf(opt.getOrDefault("mining", "SEMI_HARD")),
        Double.parseDouble(opt.getOrDefault("alpha", String.valueOf(TrainingConfig.DEFAULT_ALPHA))),
        Double.parseDouble(opt.getOrDefault("lr", "1e-3")),
        1);
    boolean mix = Boolean.parseBoolean(opt.getOrDefault("mix", "false"));
    long[] seeds = Arrays.stream(opt.getOrDefault("seeds", "1,2,3").split(",")).mapToLong(Long::parseLong).toArray();
    Path lfw = Path.of(opt.getOrDefault("lfw", LfwPairs.defaultRoot().toString()));
    Path cache = Path.of(opt.getOrDefault("cache", "target/domain-shift"));
    Data data = load(lfw, backbone, cache);
    System.out.printf(Locale.ROOT, "backbone %s; %s; config %s; mix clean views %s%n", backbone.name(), DoorCamera.DESCRIPTION, config, mix);
    if (mode.equals("select")) {
      select(data, config, mix);
    } else {
      report(data, config, mix, seeds);
    }
  }

  static Data load(Path lfw, ModelSpec backbone, Path cache) throws IOException {
    Path images = lfw.resolve("images_deepfunneled");
    List<LfwPair> devTrain = LfwPairs.read(lfw.resolve("pairsDevTrain.txt"), images);
    List<LfwPair> devTest = LfwPairs.read(lfw.resolve("pairsDevTest.txt"), images);
    List<LfwPair> view2 = LfwPairs.read(lfw.resolve("pairs.txt"), images);
    Map<String, List<Path>> trainPeople = new TreeMap<>();
    for (LfwPair p : devTrain) {
      for (Path image : List.of(p.first(), p.second())) {
        String name = image.getParent().getFileName().toString();
        if (!trainPeople.containsKey(name)) {
          try (Stream<Path> files = Files.list(image.getParent())) {
            trainPeople.put(name, files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList());
          }
        }
      }
    }
    Set<Path> doorImages = new LinkedHashSet<>();
    trainPeople.values().forEach(doorImages::addAll);
    devTest.forEach(p -> doorImages.addAll(List.of(p.first(), p.second())));
    Set<Path> cleanImages = new LinkedHashSet<>(doorImages);
    view2.forEach(p -> cleanImages.addAll(List.of(p.first(), p.second())));
    PipelineOptions options = PipelineOptions.defaults().withSelection(FaceSelection.CENTRAL);
    ModelStore store = ModelStore.locate(Optional.empty());
    int threads = Runtime.getRuntime().availableProcessors();
    Function<UnaryOperator<org.likeness.image.RgbImage>, ViewCache.Encode> encoder = chip -> list ->
        ViewEncoder.encodeAll(list, () -> Likeness.open(backbone, store, options, OrtSettings.defaults()), chip, threads,
            (d, t) -> {
              if (d % 200 == 0 || d == t) {
                System.err.printf("\r  %d/%d", d, t);
              }
            });
    String key = backbone.name() + "@" + backbone.sha256() + ", flip, central face, ";
    Map<Path, Optional<FaceViews>> door = ViewCache.load(
        cache.resolve(backbone.name() + "-door.bin"), key + DoorCamera.DESCRIPTION, images, List.copyOf(doorImages),
        encoder.apply(DoorCamera::degrade));
    Map<Path, Optional<FaceViews>> clean = ViewCache.load(
        cache.resolve(backbone.name() + "-clean.bin"), key + "clean", images, List.copyOf(cleanImages),
        encoder.apply(UnaryOperator.identity()));
    return new Data(images, trainPeople, devTrain, devTest, view2, door, clean);
  }

  /** Samples of the named people: door views, and with {@code mix} the clean views as extra samples. */
  static TrainingSet trainingSet(Data data, List<String> people, boolean mix) {
    List<FaceSample> samples = new ArrayList<>();
    int label = 0;
    for (String name : people) {
      List<FaceSample> mine = new ArrayList<>();
      for (Path image : data.trainPeople().get(name)) {
        int l = label;
        data.door().get(image).ifPresent(v -> mine.add(new FaceSample(l, v.unitViews())));
        if (mix) {
          data.clean().get(image).ifPresent(v -> mine.add(new FaceSample(l, v.unitViews())));
        }
      }
      if (mine.size() >= 2) {
        samples.addAll(mine);
        label++;
      }
    }
    return new TrainingSet(samples);
  }

  /** Compares a configuration on DevTrain people only: 80% train, 20% held out (degraded and clean). */
  static void select(Data data, TrainingConfig config, boolean mix) {
    List<String> names = new ArrayList<>(data.trainPeople().keySet());
    shuffle(names, new SplittableRandom(0));
    int held = names.size() / 5;
    List<String> heldOut = names.subList(0, held);
    TrainingSet set = trainingSet(data, names.subList(held, names.size()), mix);
    List<FaceViews> door = new ArrayList<>();
    List<FaceViews> clean = new ArrayList<>();
    List<Integer> doorPerson = new ArrayList<>();
    List<Integer> cleanPerson = new ArrayList<>();
    for (int p = 0; p < heldOut.size(); p++) {
      for (Path image : data.trainPeople().get(heldOut.get(p))) {
        int person = p;
        data.door().get(image).ifPresent(v -> {
          door.add(v);
          doorPerson.add(person);
        });
        data.clean().get(image).ifPresent(v -> {
          clean.add(v);
          cleanPerson.add(person);
        });
      }
    }
    PairSet doorPairs = PairSet.sample(doorPerson.stream().mapToInt(i -> i).toArray(), 4000, 7);
    PairSet cleanPairs = PairSet.sample(cleanPerson.stream().mapToInt(i -> i).toArray(), 4000, 7);
    double doorBefore = doorPairs.crossValidatedAccuracy(doorPairs.distances(embed(door, Optional.empty())));
    double cleanBefore = cleanPairs.crossValidatedAccuracy(cleanPairs.distances(embed(clean, Optional.empty())));
    System.out.printf(Locale.ROOT, "select: %d training people (%d samples), %d held out: %d door pairs, %d clean pairs%n",
        set.people(), set.samples().size(), held, doorPairs.size(), cleanPairs.size());
    System.out.printf(Locale.ROOT, "backbone: door %.4f, clean %.4f%n", doorBefore, cleanBefore);
    for (int epochs : new int[] {1, 3, 10, config.epochs()}) {
      HeadTrainer.Result r = HeadTrainer.train(set, config.withEpochs(epochs), TrainingListener.none());
      EpochStats last = r.epochs().get(r.epochs().size() - 1);
      double doorAfter = doorPairs.crossValidatedAccuracy(doorPairs.distances(embed(door, Optional.of(r.head()))));
      double cleanAfter = cleanPairs.crossValidatedAccuracy(cleanPairs.distances(embed(clean, Optional.of(r.head()))));
      System.out.printf(Locale.ROOT, "%3d epochs (loss %.4f, active %.3f, %.3f s/epoch): door %.4f (%+.2f pts), clean %.4f (%+.2f pts)%n",
          epochs, last.meanLoss(), last.activeFraction(), r.epochs().stream().mapToDouble(EpochStats::seconds).average().orElse(0),
          doorAfter, 100 * (doorAfter - doorBefore), cleanAfter, 100 * (cleanAfter - cleanBefore));
    }
  }

  /** One row of the table: accuracies of one embedding (backbone or one seed's head). */
  record Row(double doorDevTrainThreshold, double doorTenFold, double cleanDevTrainThreshold, double cleanTenFold) {}

  static void report(Data data, TrainingConfig config, boolean mix, long[] seeds) {
    TrainingSet set = trainingSet(data, List.copyOf(data.trainPeople().keySet()), mix);
    System.out.printf(Locale.ROOT, "training on %d DevTrain people, %d photos; testing on %d DevTest pairs (door) and %d View 2 pairs (clean)%n",
        set.people(), set.samples().size(), data.devTest().size(), data.view2().size());
    Row base = evaluate(data, Optional.empty());
    List<Row> heads = new ArrayList<>();
    double[] epochSeconds = new double[seeds.length];
    for (int i = 0; i < seeds.length; i++) {
      HeadTrainer.Result r = HeadTrainer.train(set, config.withSeed(seeds[i]), TrainingListener.none());
      epochSeconds[i] = r.epochs().stream().mapToDouble(EpochStats::seconds).average().orElse(0);
      EpochStats last = r.epochs().get(r.epochs().size() - 1);
      Row row = evaluate(data, Optional.of(r.head()));
      heads.add(row);
      System.out.printf(Locale.ROOT, "seed %d: last epoch loss %.4f active %.3f, %.3f s/epoch; %s%n",
          seeds[i], last.meanLoss(), last.activeFraction(), epochSeconds[i], row);
    }
    System.out.println();
    System.out.println("| accuracy (%) | backbone | backbone + head, mean ± sd over " + seeds.length + " seeds | difference |");
    System.out.println("|---|---|---|---|");
    line("door DevTest, threshold from door DevTrain", base.doorDevTrainThreshold(), heads.stream().mapToDouble(Row::doorDevTrainThreshold).toArray());
    line("door DevTest, 10-fold", base.doorTenFold(), heads.stream().mapToDouble(Row::doorTenFold).toArray());
    line("clean View 2, threshold from clean DevTrain", base.cleanDevTrainThreshold(), heads.stream().mapToDouble(Row::cleanDevTrainThreshold).toArray());
    line("clean View 2, 10-fold", base.cleanTenFold(), heads.stream().mapToDouble(Row::cleanTenFold).toArray());
    System.out.printf(Locale.ROOT, "training time: %.3f s per epoch (%d epochs, %d steps each)%n",
        Arrays.stream(epochSeconds).average().orElse(0), config.epochs(), (set.people() + config.batchPeople() - 1) / config.batchPeople());
  }

  private static void line(String what, double base, double[] head) {
    double mean = Arrays.stream(head).average().orElse(0);
    double sd = Math.sqrt(Arrays.stream(head).map(x -> (x - mean) * (x - mean)).sum() / Math.max(1, head.length - 1));
    System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f ± %.2f | %+.2f |%n", what, 100 * base, 100 * mean, 100 * sd, 100 * (mean - base));
  }

  /** Accuracies of the bare backbone (empty head) or of the backbone with {@code head}. */
  static Row evaluate(Data data, Optional<EmbeddingHead> head) {
    double[] doorTrain = distances(data.devTrain(), data.door(), head);
    double[] doorTest = distances(data.devTest(), data.door(), head);
    double[] cleanTrain = distances(data.devTrain(), data.clean(), head);
    double[] cleanView2 = distances(data.view2(), data.clean(), head);
    boolean[] devTrainSame = labels(data.devTrain());
    boolean[] devTestSame = labels(data.devTest());
    boolean[] view2Same = labels(data.view2());
    int[] devTestFolds = new int[devTestSame.length];
    for (int i = 0; i < devTestFolds.length; i++) {
      devTestFolds[i] = i % 10; // 500 same then 500 different: each fold gets 50 of each
    }
    int[] view2Folds = data.view2().stream().mapToInt(LfwPair::fold).toArray();
    return new Row(
        ThresholdChoice.accuracy(doorTest, devTestSame, ThresholdChoice.bestAccuracy(doorTrain, devTrainSame)),
        tenFold(doorTest, devTestSame, devTestFolds),
        ThresholdChoice.accuracy(cleanView2, view2Same, ThresholdChoice.bestAccuracy(cleanTrain, devTrainSame)),
        tenFold(cleanView2, view2Same, view2Folds));
  }

  /** Mean accuracy over the folds, each fold's threshold chosen on the other nine. */
  static double tenFold(double[] d, boolean[] same, int[] fold) {
    double sum = 0;
    for (int f = 0; f < 10; f++) {
      List<Integer> in = new ArrayList<>();
      List<Integer> out = new ArrayList<>();
      for (int i = 0; i < d.length; i++) {
        (fold[i] == f ? out : in).add(i);
      }
      double t = ThresholdChoice.bestAccuracy(pick(d, in), pickB(same, in));
      sum += ThresholdChoice.accuracy(pick(d, out), pickB(same, out), t);
    }
    return sum / 10;
  }

  private static double[] pick(double[] d, List<Integer> idx) {
    return idx.stream().mapToDouble(i -> d[i]).toArray();
  }

  private static boolean[] pickB(boolean[] b, List<Integer> idx) {
    boolean[] out = new boolean[idx.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = b[idx.get(i)];
    }
    return out;
  }

  static boolean[] labels(List<LfwPair> pairs) {
    boolean[] out = new boolean[pairs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = pairs.get(i).same();
    }
    return out;
  }

  /** Cosine distances; a pair with a photo without a face gets +infinity (decided "different"). */
  static double[] distances(List<LfwPair> pairs, Map<Path, Optional<FaceViews>> views, Optional<EmbeddingHead> head) {
    Map<Path, float[]> memo = new LinkedHashMap<>();
    Function<Path, float[]> emb = p -> memo.computeIfAbsent(p, q -> views.get(q)
        .map(v -> head.map(v::headEmbedding).orElseGet(v::backboneEmbedding)).orElse(null));
    double[] d = new double[pairs.size()];
    for (int i = 0; i < d.length; i++) {
      float[] a = emb.apply(pairs.get(i).first());
      float[] b = emb.apply(pairs.get(i).second());
      if (a == null || b == null) {
        d[i] = Double.POSITIVE_INFINITY;
      } else {
        double dot = 0;
        for (int j = 0; j < a.length; j++) {
          dot += (double) a[j] * b[j];
        }
        d[i] = 1 - dot;
      }
    }
    return d;
  }

  static float[][] embed(List<FaceViews> faces, Optional<EmbeddingHead> head) {
    float[][] out = new float[faces.size()][];
    for (int i = 0; i < out.length; i++) {
      FaceViews f = faces.get(i);
      out[i] = head.map(f::headEmbedding).orElseGet(f::backboneEmbedding);
    }
    return out;
  }

  private static <T> void shuffle(List<T> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
  }
}
