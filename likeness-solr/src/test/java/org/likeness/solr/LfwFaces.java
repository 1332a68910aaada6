package org.likeness.solr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.likeness.detect.DetectedFace;
import org.likeness.detect.FaceSelection;
import org.likeness.embed.Embedding;
import org.likeness.engine.EncodedImage;
import org.likeness.engine.Likeness;
import org.likeness.engine.ParallelEncoder;
import org.likeness.gallery.Enrollment;
import org.likeness.gallery.GallerySpec;
import org.likeness.gallery.Template;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.PipelineOptions;

/**
 * Real faces for the cluster tests, encoded once per JVM: every fifth LFW person with at least four
 * photos (at most six used), the first three enrolled and the rest kept as probes. MobileFaceNet
 * is the fastest model, which keeps the encoding to seconds.
 */
final class LfwFaces {
  static final ModelSpec MODEL = ModelCatalog.MOBILEFACENET_192;
  static final String COLLECTION = "lfw";
  private static LfwFaces loaded;
  private static SolrGallery cloud;

  record Probe(String person, Embedding embedding) {}

  private final List<Enrollment> enrollments;
  private final List<Probe> probes;
  private final int people;

  private LfwFaces(List<Enrollment> enrollments, List<Probe> probes, int people) {
    this.enrollments = List.copyOf(enrollments);
    this.probes = List.copyOf(probes);
    this.people = people;
  }

  static synchronized LfwFaces get() {
    if (loaded == null) {
      loaded = load();
    }
    return loaded;
  }

  /** The LFW enrollments in a 2x2 collection of the given cluster, made on first use. */
  static synchronized SolrGallery cloudGallery(SolrCluster solr) {
    if (cloud == null) {
      LfwFaces lfw = get();
      long t0 = System.nanoTime();
      cloud =
          SolrGallery.create(
              solr.uri(COLLECTION), lfw.spec(), SolrGalleryClusterTest.LAYOUT, SolrGalleryOptions.defaults());
      for (int i = 0; i < lfw.enrollments.size(); i += 100) {
        cloud.enrollAll(lfw.enrollments.subList(i, Math.min(lfw.enrollments.size(), i + 100)));
      }
      System.out.printf(Locale.ROOT, "enrolled %d LFW templates into SolrCloud in %.1f s%n",
          lfw.enrollments.size(), (System.nanoTime() - t0) / 1e9);
    }
    return cloud;
  }

  static synchronized void closeGalleries() {
    if (cloud != null) {
      cloud.close();
      cloud = null;
    }
  }

  GallerySpec spec() {
    return new GallerySpec("lfw", MODEL.id(), MODEL.dimensions(), MODEL.metric());
  }

  List<Enrollment> enrollments() {
    return enrollments;
  }

  List<Probe> probes() {
    return probes;
  }

  int people() {
    return people;
  }

  private static LfwFaces load() {
    long t0 = System.nanoTime();
    Path root = Path.of(System.getProperty("likeness.lfw", "../../shared/data/lfw"), "images_deepfunneled");
    List<List<Path>> chosen = new ArrayList<>();
    List<String> names = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(root)) {
      int eligible = 0;
      for (Path d : dirs.sorted().toList()) {
        try (Stream<Path> files = Files.list(d)) {
          List<Path> imgs = files.sorted().toList();
          if (imgs.size() >= 4 && eligible++ % 5 == 0) {
            chosen.add(imgs.subList(0, Math.min(6, imgs.size())));
            names.add(d.getFileName().toString());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list LFW at " + root, e);
    }
    List<Path> all = chosen.stream().flatMap(List::stream).toList();
    java.util.Map<Path, EncodedImage> encoded = new java.util.HashMap<>();
    PipelineOptions options = PipelineOptions.defaults().withSelection(FaceSelection.CENTRAL);
    ParallelEncoder.encode(all,
        () -> Likeness.open(MODEL, ModelStore.locate(Optional.empty()), options, OrtSettings.defaults()),
        Runtime.getRuntime().availableProcessors(), e -> encoded.put(e.path(), e));
    List<Enrollment> enrollments = new ArrayList<>();
    List<Probe> probes = new ArrayList<>();
    Instant now = Instant.now();
    for (int p = 0; p < chosen.size(); p++) {
      List<Path> imgs = chosen.get(p);
      for (int i = 0; i < imgs.size(); i++) {
        EncodedImage e = encoded.get(imgs.get(i));
        var enc = e.encoding().orElseThrow(() -> new AssertionError(imgs.get(0) + ": " + e.error()));
        Embedding v = enc.embedding().orElseThrow(() -> new AssertionError("no face in " + e.path()));
        if (i < 3) {
          DetectedFace f = enc.face().orElseThrow();
          enrollments.add(new Enrollment(names.get(p),
              new Template(v, e.sha256().orElseThrow(), f.box(), f.score(), now)));
        } else {
          probes.add(new Probe(names.get(p), v));
        }
      }
    }
    assertEquals(all.size(), enrollments.size() + probes.size());
    System.out.printf(Locale.ROOT, "encoded %d LFW images of %d people with %s in %.1f s%n",
        all.size(), chosen.size(), MODEL.id(), (System.nanoTime() - t0) / 1e9);
    return new LfwFaces(enrollments, probes, chosen.size());
  }
}
