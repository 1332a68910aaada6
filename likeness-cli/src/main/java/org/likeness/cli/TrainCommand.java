package org.likeness.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.likeness.detect.FaceSelection;
import org.likeness.error.BadInputException;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelKind;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import org.likeness.train.EpochStats;
import org.likeness.train.HeadArchitecture;
import org.likeness.train.HeadTraining;
import org.likeness.train.Mining;
import org.likeness.train.TrainingConfig;
import org.likeness.train.TripletObjective;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code likeness train --data ROOT --out head.bin}: trains an embedding head on your own people
 * with the triplet loss, on top of a frozen backbone.
 */
@Command(
    name = "train",
    description = {
      "Train an embedding head on your own people (ROOT/<name>/*.jpg) with the triplet loss.",
      "Embeds every photo once with the frozen backbone, holds out whole people for validation,",
      "prints validation accuracy before and after, writes the head and a loss-curve PNG beside it."
    })
final class TrainCommand implements Callable<Integer> {
  private static final TrainingConfig DEFAULTS = TrainingConfig.defaults();

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "ROOT", description = "Folder with one sub-folder of photos per person.")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The head file to write, e.g. head.bin.")
  Path out;

  @Option(names = "--model", paramLabel = "BACKBONE", description = "Backbone embedder: a neural model from the catalog (default: ${DEFAULT-VALUE}).")
  String model = ModelCatalog.DEFAULT_EMBEDDER.name();

  @Option(names = "--models-dir", paramLabel = "DIR", description = "Where models are installed (default: $LIKENESS_MODELS or ~/.likeness/models).")
  Path modelsDir;

  @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training people (default: ${DEFAULT-VALUE}).")
  int epochs = DEFAULTS.epochs();

  @Option(names = "--batch-people", paramLabel = "P", description = "People per batch (default: ${DEFAULT-VALUE}).")
  int batchPeople = DEFAULTS.batchPeople();

  @Option(names = "--batch-images", paramLabel = "K", description = "Photos per person per batch (default: ${DEFAULT-VALUE}).")
  int batchImages = DEFAULTS.batchImages();

  @Option(names = "--mining", paramLabel = "RULE", description = "Triplet selection: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Mining mining = DEFAULTS.mining();

  @Option(names = "--head", paramLabel = "KIND", description = "Head architecture: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  HeadArchitecture head = DEFAULTS.architecture();

  @Option(names = "--dims", paramLabel = "K", description = "Output dimensions of the head (default: ${DEFAULT-VALUE}).")
  int dims = DEFAULTS.outputDims();

  @Option(names = "--learning-rate", paramLabel = "LR", description = "Adam step size (default: ${DEFAULT-VALUE}).")
  double learningRate = DEFAULTS.learningRate();

  @Option(names = "--seed", paramLabel = "S", description = "Seeds the split, the initialization and the batches (default: ${DEFAULT-VALUE}).")
  long seed = DEFAULTS.seed();

  @Option(names = "--validation-split", paramLabel = "F", description = "Fraction of the PEOPLE held out for validation and threshold calibration (default: ${DEFAULT-VALUE}).")
  double validationSplit = 0.2;

  @Option(names = "--face", paramLabel = "RULE", description = "Which face to use when a photo holds several: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  FaceSelection face = FaceSelection.LARGEST;

  @Option(names = "--json", description = "Print the summary as one JSON object.")
  boolean json;

  record Epoch(int epoch, double meanLoss, double activeFraction) {}

  record Result(
      String backbone, String head, String headFile, String lossCurve, int people, int skippedFewerThan2Images,
      int imagesWithoutFace, int skippedFewerThan2Faces, int trainPeople, int trainImages, int validationPeople,
      int validationPairs, double validationAccuracyBefore, double validationAccuracyAfter, double maxDistance,
      List<Epoch> epochs, double encodeSeconds, double trainSeconds) {}

  @Override
  public Integer call() {
    ModelSpec backbone = ModelCatalog.embedder(model);
    if (backbone.kind() != ModelKind.EMBEDDER) {
      throw new BadInputException("--model " + model + " is a " + backbone.kind() + "; a head trains on a neural embedder");
    }
    TrainingConfig config;
    try {
      config = new TrainingConfig(head, dims, epochs, batchPeople, batchImages, mining, TrainingConfig.DEFAULT_ALPHA, learningRate, seed);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
    HeadTraining.Request request = new HeadTraining.Request(
        data, backbone, ModelStore.locate(Optional.ofNullable(modelsDir)), config, validationSplit, face,
        Runtime.getRuntime().availableProcessors(), out, "likeness " + Version.current());
    PrintWriter err = spec.commandLine().getErr();
    HeadTraining.Report r = HeadTraining.run(request, new ProgressBar(err, epochs));
    PrintWriter o = spec.commandLine().getOut();
    if (json) {
      o.println(Json.write(new Result(
          r.backbone(), r.head(), r.headFile().toString(), r.lossCurve().toString(), r.peopleFound(),
          r.peopleTooFewImages(), r.imagesWithoutFace(), r.peopleTooFewFaces(), r.trainPeople(), r.trainImages(),
          r.validationPeople(), r.validationPairs(), r.accuracyBefore(), r.accuracyAfter(), r.maxDistance(),
          r.epochs().stream().map(e -> new Epoch(e.epoch(), e.meanLoss(), e.activeFraction())).toList(),
          r.encodeSeconds(), r.trainSeconds())));
      return 0;
    }
    o.printf(Locale.ROOT, "people: %d with 2+ photos; skipped: %d with fewer than 2 photos, %d with fewer than 2 faces; photos without a face: %d%n",
        r.peopleFound(), r.peopleTooFewImages(), r.peopleTooFewFaces(), r.imagesWithoutFace());
    o.printf(Locale.ROOT, "train: %d people, %d photos; validation: %d held-out people, %d pairs (half same, half different)%n",
        r.trainPeople(), r.trainImages(), r.validationPeople(), r.validationPairs());
    for (EpochStats e : r.epochs()) {
      o.printf(Locale.ROOT, "epoch %d: loss %.4f, active triplets %.1f%%, %.2f s%n", e.epoch(), e.meanLoss(), 100 * e.activeFraction(), e.seconds());
    }
    o.printf(Locale.ROOT, "validation accuracy (2-fold threshold): before %.4f, after %.4f%n", r.accuracyBefore(), r.accuracyAfter());
    o.printf(Locale.ROOT, "threshold: %.4f (cosine, %s)%n", r.maxDistance(), r.head());
    o.println("head: " + r.headFile());
    o.println("loss curve: " + r.lossCurve());
    return 0;
  }

  /** One stderr line redrawn in place: embedding progress, then training progress with loss. */
  private static final class ProgressBar implements HeadTraining.Listener {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final int epochs;
    private double lossSum;
    private long triplets;
    private long active;

    ProgressBar(PrintWriter err, int epochs) {
      this.err = err;
      this.epochs = epochs;
    }

    @Override
    public synchronized void onEncoded(int done, int total) {
      if (done == total || done % 8 == 0) {
        draw("embedding", done, total, String.format(Locale.ROOT, "%d/%d photos", done, total));
        if (done == total) {
          err.println();
        }
      }
    }

    @Override
    public void onStep(int epoch, int step, int stepsPerEpoch, TripletObjective.Value batch) {
      if (step == 1) {
        lossSum = 0;
        triplets = 0;
        active = 0;
      }
      lossSum += batch.lossSum();
      triplets += batch.triplets();
      active += batch.active();
      draw("epoch " + epoch + "/" + epochs, step, stepsPerEpoch, String.format(Locale.ROOT, "loss %.4f active %.1f%%",
          triplets == 0 ? 0 : lossSum / triplets, triplets == 0 ? 0 : 100.0 * active / triplets));
    }

    @Override
    public void onEpoch(EpochStats stats) {
      err.println();
    }

    private void draw(String what, int done, int total, String tail) {
      int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
      err.print("\r" + what + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + tail);
      err.flush();
    }
  }
}
