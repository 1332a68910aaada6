package org.likeness.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.likeness.detect.FaceSelection;
import org.likeness.engine.Likeness;
import org.likeness.error.BadInputException;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.PipelineOptions;

/**
 * The whole of {@code likeness train}: scan {@code ROOT/<person>/*.jpg}, embed every photo once
 * with the frozen backbone (flip on, all cores), hold out whole people for validation, train the
 * head on the cached embeddings, measure validation accuracy before and after, calibrate the
 * head's threshold, and write {@code head.bin} and its loss curve.
 */
public final class HeadTraining {
  /** Most validation pairs drawn (half same, half different). */
  public static final int MAX_VALIDATION_PAIRS = 1000;

  private HeadTraining() {}

  /**
   * What to train.
   *
   * @param dataRoot the folder of people
   * @param backbone the catalog embedder to train on
   * @param store where the models are installed
   * @param config hyper-parameters and seed
   * @param validationSplit fraction of the people held out (in (0, 1)); they calibrate the threshold
   * @param selection which face to use when a photo holds several
   * @param threads encoding threads
   * @param out the head file to write
   * @param software program and version recorded in the head
   */
  public record Request(
      Path dataRoot, ModelSpec backbone, ModelStore store, TrainingConfig config, double validationSplit,
      FaceSelection selection, int threads, Path out, String software) {
    public Request {
      if (!(validationSplit > 0 && validationSplit < 1)) {
        throw new BadInputException(
            "--validation-split must be between 0 and 1 (exclusive): held-out people calibrate the head's threshold; got "
                + validationSplit);
      }
      if (threads < 1) {
        throw new IllegalArgumentException("need at least one encoding thread, got " + threads);
      }
    }
  }

  /** Hears the phases of a run; the default methods ignore everything. */
  public interface Listener extends TrainingListener {
    /** After each photo is embedded. */
    default void onEncoded(int done, int total) {}
  }

  /**
   * What a run did.
   *
   * @param backbone the backbone's identity
   * @param head the trained head's identity ({@code <backbone>+head-<sha8>@...})
   * @param headFile where the head was written
   * @param lossCurve where the loss plot was written
   * @param peopleFound people folders with at least 2 photos
   * @param peopleTooFewImages people folders skipped for having fewer than 2 photos
   * @param imagesWithoutFace photos in which no face was found (left out)
   * @param peopleTooFewFaces people skipped because fewer than 2 of their photos had a face
   * @param trainPeople people trained on
   * @param trainImages photos trained on
   * @param validationPeople people held out
   * @param validationPairs validation pairs (half same, half different)
   * @param accuracyBefore two-fold cross-validated accuracy of the bare backbone on the validation pairs
   * @param accuracyAfter the same for the backbone with the trained head
   * @param maxDistance the head's calibrated cosine threshold (best accuracy on all validation pairs)
   * @param epochs per-epoch statistics
   * @param encodeSeconds wall time embedding the photos
   * @param trainSeconds wall time training
   */
  public record Report(
      String backbone, String head, Path headFile, Path lossCurve, int peopleFound, int peopleTooFewImages,
      int imagesWithoutFace, int peopleTooFewFaces, int trainPeople, int trainImages, int validationPeople,
      int validationPairs, double accuracyBefore, double accuracyAfter, double maxDistance,
      List<EpochStats> epochs, double encodeSeconds, double trainSeconds) {}

  /** Runs the whole training; see the class comment. */
  public static Report run(Request request, Listener listener) {
    Path outDir = request.out().toAbsolutePath().getParent();
    if (!java.nio.file.Files.isDirectory(outDir)) {
      throw new BadInputException("cannot write head file " + request.out() + ": folder " + outDir + " does not exist");
    }
    PeopleFolders folders = PeopleFolders.scan(request.dataRoot());
    if (folders.people().size() < 4) {
      throw new BadInputException(
          "training data " + request.dataRoot() + " has " + folders.people().size()
              + " people with 2 or more photos; training and validation need at least 4");
    }
    List<Path> all = new ArrayList<>();
    folders.people().forEach(p -> all.addAll(p.images()));
    long start = System.nanoTime();
    PipelineOptions options = PipelineOptions.defaults().withFlip(true).withSelection(request.selection());
    Map<Path, Optional<FaceViews>> views = ViewEncoder.encodeAll(
        all, () -> Likeness.open(request.backbone(), request.store(), options, OrtSettings.defaults()),
        UnaryOperator.identity(), request.threads(), listener::onEncoded);
    double encodeSeconds = (System.nanoTime() - start) / 1e9;

    Split split = split(folders, views, request.validationSplit(), request.config().seed());
    TrainingSet train = trainingSet(split.train());
    List<FaceViews> valFaces = new ArrayList<>();
    List<Integer> valPerson = new ArrayList<>();
    for (int p = 0; p < split.validation().size(); p++) {
      for (FaceViews f : split.validation().get(p).faces()) {
        valFaces.add(f);
        valPerson.add(p);
      }
    }
    PairSet pairs = PairSet.sample(
        valPerson.stream().mapToInt(Integer::intValue).toArray(), MAX_VALIDATION_PAIRS, request.config().seed());
    double before = pairs.crossValidatedAccuracy(pairs.distances(backboneEmbeddings(valFaces)));

    start = System.nanoTime();
    HeadTrainer.Result result = HeadTrainer.train(train, request.config(), listener);
    double trainSeconds = (System.nanoTime() - start) / 1e9;
    double[] after = pairs.distances(headEmbeddings(valFaces, result.head()));
    double accuracyAfter = pairs.crossValidatedAccuracy(after);
    double maxDistance = pairs.bestThreshold(after);

    List<Path> used = new ArrayList<>();
    split.train().forEach(p -> used.addAll(p.images()));
    split.validation().forEach(p -> used.addAll(p.images()));
    DataProvenance data = new DataProvenance(
        PeopleFolders.dataHash(request.dataRoot(), used), train.people(), train.samples().size(),
        "folder '" + request.dataRoot().getFileName() + "'; " + split.validation().size()
            + " more people held out for validation; flip views; face selection " + request.selection());
    HeadManifest manifest = new HeadManifest(
        request.config().architecture(), train.dimensions(), request.config().outputDims(),
        request.backbone().id(), data, request.config(), request.validationSplit(), maxDistance,
        "accuracy-maximizing cosine distance on " + pairs.size() + " pairs of " + split.validation().size()
            + " held-out people, flip on",
        request.software(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    Path png = LossCurvePlot.besideHead(request.out());
    TrainedHead written;
    try {
      written = HeadFile.write(request.out(), manifest, result.head());
      if (!result.epochs().isEmpty()) {
        LossCurvePlot.write(result.epochs(), "triplet loss: " + written.id().name(), png);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + request.out() + " or " + png, e);
    }
    return new Report(
        request.backbone().id().toString(), written.id().toString(), request.out(), png,
        folders.people().size(), folders.tooFew().size(), split.withoutFace(), split.tooFewFaces(),
        train.people(), train.samples().size(), split.validation().size(), pairs.size(), before,
        accuracyAfter, maxDistance, result.epochs(), encodeSeconds, trainSeconds);
  }

  /** One person's photos with a face, and their views. */
  record PersonFaces(String name, List<Path> images, List<FaceViews> faces) {}

  record Split(List<PersonFaces> train, List<PersonFaces> validation, int withoutFace, int tooFewFaces) {}

  /** Drops photos without a face and people left with fewer than 2, then holds out whole people. */
  static Split split(PeopleFolders folders, Map<Path, Optional<FaceViews>> views, double fraction, long seed) {
    List<PersonFaces> people = new ArrayList<>();
    int withoutFace = 0;
    int tooFew = 0;
    for (PeopleFolders.Person p : folders.people()) {
      List<Path> images = new ArrayList<>();
      List<FaceViews> faces = new ArrayList<>();
      for (Path image : p.images()) {
        Optional<FaceViews> v = views.get(image);
        if (v.isPresent()) {
          images.add(image);
          faces.add(v.get());
        } else {
          withoutFace++;
        }
      }
      if (faces.size() >= 2) {
        people.add(new PersonFaces(p.name(), images, faces));
      } else {
        tooFew++;
      }
    }
    int validation = (int) Math.round(fraction * people.size());
    if (validation < 2 || people.size() - validation < 2) {
      throw new BadInputException(
          people.size() + " people have 2 or more photos with a face; a validation split of " + fraction
              + " holds out " + validation + " of them, but training and validation each need at least 2");
    }
    List<PersonFaces> shuffled = new ArrayList<>(people);
    SplittableRandom random = new SplittableRandom(seed ^ 0x5EED5EEDL);
    for (int i = shuffled.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      PersonFaces t = shuffled.get(i);
      shuffled.set(i, shuffled.get(j));
      shuffled.set(j, t);
    }
    return new Split(
        List.copyOf(shuffled.subList(validation, shuffled.size())), List.copyOf(shuffled.subList(0, validation)),
        withoutFace, tooFew);
  }

  static TrainingSet trainingSet(List<PersonFaces> people) {
    List<FaceSample> samples = new ArrayList<>();
    for (int p = 0; p < people.size(); p++) {
      for (FaceViews f : people.get(p).faces()) {
        samples.add(new FaceSample(p, f.unitViews()));
      }
    }
    return new TrainingSet(samples);
  }

  /** What the pipeline makes of each face with the bare backbone. */
  static float[][] backboneEmbeddings(List<FaceViews> faces) {
    float[][] out = new float[faces.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = faces.get(i).backboneEmbedding();
    }
    return out;
  }

  /** What the pipeline makes of each face through {@link HeadEmbedder} with {@code head}. */
  static float[][] headEmbeddings(List<FaceViews> faces, EmbeddingHead head) {
    float[][] out = new float[faces.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = faces.get(i).headEmbedding(head);
    }
    return out;
  }
}
