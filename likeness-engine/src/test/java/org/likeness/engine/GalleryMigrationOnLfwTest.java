package org.likeness.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.detect.DetectedFace;
import org.likeness.gallery.FaceChip;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.GalleryOptions;
import org.likeness.gallery.GallerySpec;
import org.likeness.gallery.PersonSummary;
import org.likeness.gallery.StoredTemplate;
import org.likeness.gallery.Template;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.FaceEncoding;
import org.likeness.pipeline.PipelineOptions;

/**
 * The acceptance of issue 14 on 100 LFW people: a gallery enrolled with mobilefacenet-192 (with
 * chips, as {@code likeness enroll} does) follows dlib-resnet-128 and comes back, and each time it
 * identifies every probe as a gallery enrolled from the original photos with that model does, on at
 * least 99% of the probes; every person and face is carried over.
 *
 * <p>The 100 people are every 6th of LFW's people with at least 3 photos, in name order: their first
 * 2 photos are enrolled and up to 3 more are probes. Every 40th person with a single photo is a
 * stranger probe, who must come back unknown from both galleries alike.
 */
@Tag("model")
class GalleryMigrationOnLfwTest {
  static final ModelSpec MOBILE = ModelCatalog.MOBILEFACENET_192;
  static final ModelSpec DLIB = ModelCatalog.DLIB_RESNET_128;
  static final int PEOPLE = 100;
  static final int ENROLLED_PHOTOS = 2;
  static final int PROBES_PER_PERSON = 3;

  /** The enrolled people, by name (LFW's directory name), with their enrolled photos. */
  static final Map<String, List<Path>> ENROLL = new LinkedHashMap<>();
  /** Every probe and who it shows. */
  static final Map<Path, String> PROBES = new LinkedHashMap<>();
  /** Each photo's encoding by each model. */
  static final Map<ModelSpec, Map<Path, EncodedImage>> ENCODED = new LinkedHashMap<>();
  static final Map<ModelSpec, Likeness> ENGINE = new LinkedHashMap<>();

  @TempDir static Path tmp;

  @BeforeAll
  static void encodeHundredPeopleAndTheirProbesWithBothModels() throws IOException {
    Path root = Path.of(System.getProperty("likeness.lfw", "../../shared/data/lfw"), "images_deepfunneled");
    List<List<Path>> many = new ArrayList<>();
    List<List<Path>> single = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path d : dirs.sorted().toList()) {
        try (Stream<Path> files = Files.list(d)) {
          List<Path> imgs = files.sorted().toList();
          (imgs.size() >= ENROLLED_PHOTOS + 1 ? many : single).add(imgs);
        }
      }
    }
    for (int i = 0; ENROLL.size() < PEOPLE; i += 6) {
      List<Path> imgs = many.get(i);
      String person = imgs.get(0).getParent().getFileName().toString();
      ENROLL.put(person, imgs.subList(0, ENROLLED_PHOTOS));
      for (Path p : imgs.subList(ENROLLED_PHOTOS, Math.min(imgs.size(), ENROLLED_PHOTOS + PROBES_PER_PERSON))) {
        PROBES.put(p, person);
      }
    }
    for (int i = 0; i < single.size(); i += 40) {
      if (single.get(i).size() == 1) {
        PROBES.put(single.get(i).get(0), "stranger");
      }
    }
    List<Path> all = new ArrayList<>();
    ENROLL.values().forEach(all::addAll);
    all.addAll(PROBES.keySet());
    System.out.printf(Locale.ROOT, "%d people, %d enrolled photos, %d probes (%d of strangers)%n", ENROLL.size(),
        all.size() - PROBES.size(), PROBES.size(), PROBES.values().stream().filter("stranger"::equals).count());
    int threads = Runtime.getRuntime().availableProcessors();
    for (ModelSpec model : List.of(MOBILE, DLIB)) {
      Map<Path, EncodedImage> encoded = new TreeMap<>();
      ParallelEncoder.encode(all, () -> open(model), threads, true, e -> encoded.put(e.path(), e));
      ENCODED.put(model, encoded);
      ENGINE.put(model, open(model));
    }
  }

  @AfterAll
  static void closeEngines() {
    ENGINE.values().forEach(Likeness::close);
  }

  static Likeness open(ModelSpec model) {
    return Likeness.open(model, ModelStore.locate(Optional.empty()), PipelineOptions.defaults(), OrtSettings.defaults());
  }

  /** A gallery of {@code model} enrolled from the original photos, keeping chips, as {@code likeness enroll} does. */
  static Gallery enrolled(ModelSpec model, String name) {
    Gallery g = Gallery.create(tmp.resolve(name), new GallerySpec("lfw-100", model.id(), model.dimensions(),
        model.metric()), GalleryOptions.defaults());
    for (Map.Entry<String, List<Path>> person : ENROLL.entrySet()) {
      for (Path photo : person.getValue()) {
        EncodedImage e = ENCODED.get(model).get(photo);
        FaceEncoding enc = e.encoding().orElseThrow(() -> new AssertionError(photo + ": " + e.error()));
        DetectedFace face = enc.face().orElseThrow(() -> new AssertionError("no face in enrolled photo " + photo));
        g.enroll(person.getKey(), new Template(enc.embedding().orElseThrow(), e.sha256().orElseThrow(), face.box(),
            face.score(), Instant.now(), e.chip()));
      }
    }
    return g;
  }

  static Gallery migrated(Gallery from, ModelSpec to, String name) {
    Gallery g = Gallery.create(tmp.resolve(name), new GallerySpec("lfw-100", to.id(), to.dimensions(), to.metric()),
        GalleryOptions.defaults());
    Likeness engine = ENGINE.get(to);
    long start = System.nanoTime();
    GalleryMigration.Result r = GalleryMigration.run(from, g, engine::embed, (done, total) -> {});
    System.out.printf(Locale.ROOT, "migrated %s -> %s: %d faces in %.1f s%n", from.spec().model().name(), to.name(),
        r.migrated(), (System.nanoTime() - start) / 1e9);
    assertTrue(r.complete(), "people without chips: " + r.missing());
    assertEquals(r.faces(), r.migrated());
    return g;
  }

  /** Every person with the same photos (hashes), boxes, times and chips; only the embeddings differ. */
  static void assertEveryoneCarriedOver(Gallery from, Gallery to) {
    assertEquals(from.people().stream().map(PersonSummary::name).toList(),
        to.people().stream().map(PersonSummary::name).toList());
    assertEquals(PEOPLE, to.personCount());
    assertEquals(PEOPLE * ENROLLED_PHOTOS, to.size());
    assertEquals(from.size(), to.size());
    for (PersonSummary p : from.people()) {
      List<StoredTemplate> a = from.person(p.name()).orElseThrow().templates();
      List<StoredTemplate> b = to.person(p.name()).orElseThrow().templates();
      assertEquals(a.size(), b.size(), p.name());
      for (int i = 0; i < a.size(); i++) {
        Template x = a.get(i).template();
        Template y = b.get(i).template();
        assertEquals(x.imageSha256(), y.imageSha256(), p.name());
        assertEquals(x.box(), y.box(), p.name());
        assertEquals(x.enrolledAt(), y.enrolledAt(), p.name());
        assertEquals(x.chip().map(FaceChip::image).map(java.util.HexFormat.of()::formatHex),
            y.chip().map(FaceChip::image).map(java.util.HexFormat.of()::formatHex), p.name());
      }
    }
  }

  /** Identifies every probe against both galleries of {@code model}; the share of probes with the same answer. */
  static double agreement(ModelSpec model, Gallery original, Gallery migrated, String label) {
    Likeness engine = ENGINE.get(model);
    int same = 0;
    int rightOriginal = 0;
    int rightMigrated = 0;
    List<String> differ = new ArrayList<>();
    for (Map.Entry<Path, String> probe : PROBES.entrySet()) {
      FaceEncoding enc = ENCODED.get(model).get(probe.getKey()).encoding().orElseThrow();
      Optional<String> a = engine.decide(enc, original, engine.thresholds(), 5).identity();
      Optional<String> b = engine.decide(enc, migrated, engine.thresholds(), 5).identity();
      String truth = probe.getValue();
      rightOriginal += a.orElse("stranger").equals(truth) ? 1 : 0;
      rightMigrated += b.orElse("stranger").equals(truth) ? 1 : 0;
      if (a.equals(b)) {
        same++;
      } else {
        differ.add(probe.getKey().getFileName() + ": " + a.orElse("unknown") + " / " + b.orElse("unknown"));
      }
    }
    int n = PROBES.size();
    System.out.printf(Locale.ROOT, "%s: %d probes, same answer on %d (%.4f); right: enrolled from photos %.4f,"
            + " migrated %.4f%n", label, n, same, (double) same / n, (double) rightOriginal / n, (double) rightMigrated / n);
    differ.forEach(d -> System.out.println("  differs (photos / migrated): " + d));
    return (double) same / n;
  }

  @Test
  void aHundredPeopleFollowDlibAndComeBackIdentifyingAsGalleriesEnrolledFromThePhotos() {
    try (Gallery mobile = enrolled(MOBILE, "mobile");
        Gallery dlib = enrolled(DLIB, "dlib");
        Gallery toDlib = migrated(mobile, DLIB, "mobile-to-dlib");
        Gallery back = migrated(toDlib, MOBILE, "mobile-to-dlib-to-mobile")) {
      assertEveryoneCarriedOver(mobile, toDlib);
      assertEveryoneCarriedOver(mobile, back);
      double there = agreement(DLIB, dlib, toDlib, "dlib-resnet-128, enrolled from photos vs migrated from mobilefacenet-192");
      double andBack = agreement(MOBILE, mobile, back, "mobilefacenet-192, enrolled from photos vs migrated there and back");
      assertTrue(there >= 0.99, "agreement " + there);
      assertTrue(andBack >= 0.99, "agreement " + andBack);
    }
  }
}
