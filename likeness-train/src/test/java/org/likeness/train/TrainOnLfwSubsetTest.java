package org.likeness.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.detect.FaceSelection;
import org.likeness.embed.Embedding;
import org.likeness.engine.Likeness;
import org.likeness.engine.Models;
import org.likeness.eval.LfwPairs;
import org.likeness.image.RgbImage;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.FacePipeline;
import org.likeness.pipeline.PipelineOptions;

/**
 * What {@code likeness train} runs, end to end on real weights: 40 LFW people with 4 or more photos
 * (6 photos each) and one person with a single photo, 2 epochs on dlib-resnet-128.
 */
@Tag("model")
class TrainOnLfwSubsetTest {
  @TempDir Path dir;

  @Test
  void trainingOnFortyLfwPeopleWritesAHeadThatLoadsAndMeasuresSanely() throws IOException {
    Path lfw = LfwPairs.defaultRoot().resolve("images_deepfunneled");
    Path root = Files.createDirectory(dir.resolve("people"));
    List<Path> people;
    try (Stream<Path> s = Files.list(lfw)) {
      people = s.sorted().filter(p -> count(p) >= 4).limit(40).toList();
    }
    for (Path person : people) {
      Path mine = Files.createDirectory(root.resolve(person.getFileName()));
      try (Stream<Path> s = Files.list(person)) {
        for (Path image : s.sorted().limit(6).toList()) {
          Files.createSymbolicLink(mine.resolve(image.getFileName()), image);
        }
      }
    }
    Path single = Files.createDirectory(root.resolve("Only_One_Photo"));
    Files.createSymbolicLink(single.resolve("a.jpg"), lfw.resolve("Aaron_Eckhart/Aaron_Eckhart_0001.jpg"));

    Path out = dir.resolve("head.bin");
    ModelStore store = ModelStore.locate(Optional.empty());
    TrainingConfig config = TrainingConfig.defaults().withEpochs(2).withBatch(8, 4);
    HeadTraining.Report r = HeadTraining.run(
        new HeadTraining.Request(root, ModelCatalog.DLIB_RESNET_128, store, config, 0.25, FaceSelection.CENTRAL, 2, out,
            "likeness test"),
        new HeadTraining.Listener() {});
    System.out.printf(java.util.Locale.ROOT, "validation accuracy before %.4f, after %.4f, threshold %.4f, %s%n",
        r.accuracyBefore(), r.accuracyAfter(), r.maxDistance(), r.epochs());

    assertEquals(40, r.peopleFound());
    assertEquals(1, r.peopleTooFewImages());
    assertEquals(40, r.trainPeople() + r.validationPeople() + r.peopleTooFewFaces());
    assertTrue(r.validationPeople() >= 9 && r.validationPeople() <= 10, "25% of the people held out: " + r.validationPeople());
    assertTrue(r.validationPairs() >= 40, "pairs: " + r.validationPairs());
    assertTrue(r.accuracyBefore() >= 0.85 && r.accuracyBefore() <= 1, "dlib on clean LFW: " + r.accuracyBefore());
    assertTrue(r.accuracyAfter() >= r.accuracyBefore() - 0.05, "2 epochs do not wreck it: " + r);
    assertTrue(r.maxDistance() > 0 && r.maxDistance() < 1, "cosine threshold " + r.maxDistance());
    assertEquals(2, r.epochs().size());
    for (EpochStats e : r.epochs()) {
      assertTrue(Double.isFinite(e.meanLoss()) && e.meanLoss() >= 0, e.toString());
      assertTrue(e.activeFraction() >= 0 && e.activeFraction() <= 1, e.toString());
    }

    TrainedHead head = HeadFile.read(out);
    assertEquals(r.head(), head.id().toString());
    assertEquals(ModelCatalog.DLIB_RESNET_128.id(), head.manifest().backbone());
    assertEquals(r.trainPeople(), head.manifest().data().people());
    assertEquals(config, head.manifest().training());
    byte[] png = Files.readAllBytes(r.lossCurve());
    assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a PNG beside the head");

    // Behind the real pipeline the head gives the embedding training measured: per-chip head, then flip sum.
    PipelineOptions options = PipelineOptions.defaults().withSelection(FaceSelection.CENTRAL);
    Models models = new Models(store, OrtSettings.defaults());
    Path photo = people.get(0).resolve(people.get(0).getFileName() + "_0001.jpg");
    try (Likeness bare = Likeness.open(ModelCatalog.DLIB_RESNET_128, store, options, OrtSettings.defaults());
        FacePipeline withHead = new FacePipeline(models.detector(), models.landmarks(), HeadModels.open(out, models), options)) {
      RgbImage image = bare.load(photo);
      FaceViews views = ViewEncoder.encode(bare, image, UnaryOperator.identity()).orElseThrow();
      Embedding e = withHead.encode(image).embedding().orElseThrow();
      assertEquals(head.id(), e.model());
      assertArrayEquals(views.headEmbedding(head.head()), e.vector(), 1e-5f);
    }
  }

  private static long count(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
