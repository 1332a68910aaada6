package org.likeness.eval.door;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.likeness.detect.DetectedFace;
import org.likeness.engine.Identification;
import org.likeness.engine.Likeness;
import org.likeness.eval.Encoder;
import org.likeness.eval.LfwPair;
import org.likeness.gallery.Enrollment;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.GalleryOptions;
import org.likeness.gallery.GallerySpec;
import org.likeness.gallery.Template;
import org.likeness.gallery.decide.DecisionReason;
import org.likeness.models.ModelSpec;

/**
 * Runs the door benchmark for one model: every variant through verification (pairs of the variant,
 * and a clean photo against a variant photo) and open-set identification (galleries of the variant,
 * enrolled and probed through the production {@link Gallery}), under each open-set policy given.
 */
public final class DoorBenchmark {
  private DoorBenchmark() {}

  /**
   * What to run.
   *
   * @param split whose people
   * @param variants which door variants ({@link DoorVariant#CLEAN} is always encoded for the mixed case)
   * @param galleries gallery sizes and how many trials of each
   * @param maxPairs verification pairs used per half (same / different), at most
   * @param lfwRoot LFW's folder
   * @param threads encoding workers
   * @param dump where to write every trial's embeddings as CSV for analysis, if anywhere
   */
  public record Options(DoorSplit split, List<DoorVariant> variants, List<GalleryTrials> galleries, int maxPairs,
      Path lfwRoot, int threads, Optional<Path> dump) {}

  /** A gallery size and how many seeded trials of it to run. */
  public record GalleryTrials(int size, int trials) {}

  /**
   * Verification at the model's shipped 1:1 threshold.
   *
   * @param mixed the first photo of each pair is the clean LFW photo (an enrollment photo), only the
   *     second is the variant (the door photo)
   * @param noFace photos of the pairs in which no face was found (a pair with one counts as refused)
   * @param lowQuality door photos the policy refused for their quality (the pair counts as refused)
   */
  public record VerifyRow(DoorVariant variant, boolean mixed, String policy, int pairs, int noFace, int lowQuality,
      double accuracy, double acceptedSame, double acceptedDifferent) {}

  /**
   * Open-set identification under one policy, pooled over trials.
   *
   * @param rank1 staff probes whose nearest person is themselves
   * @param staffAccepted staff probes accepted as themselves
   * @param wrongAccepted staff probes accepted as somebody else
   * @param strangersRefused stranger probes answered unknown (no face counts as refused)
   * @param noFace probes in which no face was found
   * @param lowQuality probes refused for their quality (a stranger refused so counts as turned away)
   * @param notEnrolled enrollment photos refused (no face, or below the quality floor)
   */
  public record OpenSetRow(DoorVariant variant, int gallerySize, String policy, int staffProbes, int strangerProbes,
      int noFace, int lowQuality, int notEnrolled, double rank1, double staffAccepted, double wrongAccepted,
      double strangersRefused) {}

  /** One model's results. */
  public record Report(String model, List<VerifyRow> verification, List<OpenSetRow> openSet,
      int encoded, double msPerImage) {}

  /** Builds the policies to compare from a probe's gallery; called once per model. */
  public interface Policies {
    List<OpenSetPolicy> forModel(Likeness engine);
  }

  public static Report run(String label, ModelSpec spec, Supplier<Likeness> opener, Policies policies,
      DoorFaces cache, Options o, Encoder.Progress progress) {
    return run(label, spec, opener, policies, cache, Optional.empty(), o, progress);
  }

  /**
   * {@link #run(String, ModelSpec, Supplier, Policies, DoorFaces, Options, Encoder.Progress)} taking
   * the faces {@code cache} lacks from {@code detections} where it can (see {@link DoorFaces#encode(List,
   * Supplier, int, Encoder.Progress, Optional)}).
   */
  public static Report run(String label, ModelSpec spec, Supplier<Likeness> opener, Policies policies,
      DoorFaces cache, Optional<DoorFaces> detections, Options o, Encoder.Progress progress) {
    List<LfwPair> pairs = pick(o.split().pairs(o.lfwRoot()), o.maxPairs());
    List<DoorSplit.LfwPerson> people = o.split().people(o.lfwRoot());
    List<OpenSetTrial> trials = new ArrayList<>();
    for (GalleryTrials g : o.galleries()) {
      for (int i = 0; i < g.trials(); i++) {
        trials.add(OpenSetTrial.draw(people, g.size(), i));
      }
    }
    List<DoorFaces.Key> keys = new ArrayList<>();
    List<DoorVariant> needed = new ArrayList<>(o.variants());
    if (!needed.contains(DoorVariant.CLEAN)) {
      needed.add(0, DoorVariant.CLEAN);
    }
    for (DoorVariant v : needed) {
      for (LfwPair p : pairs) {
        keys.add(new DoorFaces.Key(v, p.first()));
        keys.add(new DoorFaces.Key(v, p.second()));
      }
      if (o.variants().contains(v)) {
        trials.forEach(t -> t.photos().forEach(photo -> keys.add(new DoorFaces.Key(v, photo))));
      }
    }
    DoorFaces.Encoded encoded = cache.encode(keys, opener, o.threads(), progress, detections);
    Map<DoorFaces.Key, DoorFaces.Face> faces = encoded.faces();

    List<VerifyRow> verify = new ArrayList<>();
    List<OpenSetRow> open = new ArrayList<>();
    try (Likeness engine = opener.get()) {
      List<OpenSetPolicy> ps = policies.forModel(engine);
      for (DoorVariant v : o.variants()) {
        for (OpenSetPolicy policy : ps) {
          verify.add(verifyRow(spec, v, false, pairs, faces, policy));
          if (v != DoorVariant.CLEAN) {
            verify.add(verifyRow(spec, v, true, pairs, faces, policy));
          }
        }
        for (GalleryTrials g : o.galleries()) {
          open.addAll(openSet(spec, v, trials.stream().filter(t -> t.gallerySize() == g.size()).toList(), faces, ps, o.dump(), label));
        }
      }
    }
    return new Report(label, verify, open, encoded.computed(), encoded.msPerImage());
  }

  /** The first {@code max} same-person and first {@code max} different-person pairs. */
  static List<LfwPair> pick(List<LfwPair> all, int max) {
    List<LfwPair> same = all.stream().filter(LfwPair::same).limit(max).toList();
    List<LfwPair> diff = all.stream().filter(p -> !p.same()).limit(max).toList();
    return Stream.concat(same.stream(), diff.stream()).toList();
  }

  private static VerifyRow verifyRow(ModelSpec spec, DoorVariant v, boolean mixed, List<LfwPair> pairs,
      Map<DoorFaces.Key, DoorFaces.Face> faces, OpenSetPolicy policy) {
    int noFace = 0, lowQuality = 0, correct = 0, same = 0, sameIn = 0, diff = 0, diffIn = 0;
    for (LfwPair p : pairs) {
      // The first photo is the enrolled one, the second the door photo.
      DoorFaces.Face a = faces.get(new DoorFaces.Key(mixed ? DoorVariant.CLEAN : v, p.first()));
      DoorFaces.Face b = faces.get(new DoorFaces.Key(v, p.second()));
      noFace += (a.found() ? 0 : 1) + (b.found() ? 0 : 1);
      boolean accepted = false;
      if (a.found() && b.found()) {
        boolean enrolled = policy.enrolls(a.encoding());
        double d = spec.metric().distance(a.embedding().get().vector(), b.embedding().get().vector());
        accepted = enrolled && policy.verifies(b.encoding(), d);
        lowQuality += policy.usable(b.encoding()) ? 0 : 1;
      }
      if (p.same()) {
        same++;
        sameIn += accepted ? 1 : 0;
      } else {
        diff++;
        diffIn += accepted ? 1 : 0;
      }
      correct += accepted == p.same() ? 1 : 0;
    }
    return new VerifyRow(v, mixed, policy.label(), pairs.size(), noFace, lowQuality, (double) correct / pairs.size(),
        (double) sameIn / same, (double) diffIn / diff);
  }

  private static List<OpenSetRow> openSet(ModelSpec spec, DoorVariant v, List<OpenSetTrial> trials,
      Map<DoorFaces.Key, DoorFaces.Face> faces, List<OpenSetPolicy> policies, Optional<Path> dump, String label) {
    List<OpenSetRow> rows = new ArrayList<>();
    for (OpenSetPolicy policy : policies) {
      int staff = 0, strangers = 0, noFace = 0, lowQuality = 0, notEnrolled = 0, rank1 = 0;
      int staffIn = 0, wrongIn = 0, strangersOut = 0;
      for (OpenSetTrial t : trials) {
        Path dir = tempDir();
        try (Gallery g = Gallery.create(dir.resolve("g"), GallerySpec.cosine("door", spec.id(), spec.dimensions()),
            GalleryOptions.defaults())) {
          List<Enrollment> batch = new ArrayList<>();
          for (OpenSetTrial.Staff s : t.enrolled()) {
            for (Path photo : s.photos()) {
              DoorFaces.Face f = faces.get(new DoorFaces.Key(v, photo));
              if (!policy.enrolls(f.encoding())) {
                notEnrolled++;
                continue;
              }
              DetectedFace d = f.face().orElseThrow();
              batch.add(new Enrollment(s.name(), new Template(f.embedding().get(), shaOf(v, photo), d.box(),
                  d.score(), Instant.EPOCH)));
            }
          }
          g.enrollAll(batch);
          if (policy == policies.get(0)) {
            dump.ifPresent(d -> writeDump(d, label, v, t, faces));
          }
          for (OpenSetTrial.Probe p : t.probes()) {
            DoorFaces.Face f = faces.get(new DoorFaces.Key(v, p.photo()));
            if (p.stranger()) {
              strangers++;
            } else {
              staff++;
            }
            if (!f.found()) {
              noFace++;
              strangersOut += p.stranger() ? 1 : 0;
              continue;
            }
            if (!p.stranger()) {
              var best = g.search(f.embedding().get(), 1);
              rank1 += !best.isEmpty() && best.get(0).identity().equals(p.person().get()) ? 1 : 0;
            }
            Identification id = policy.identify(f.encoding(), g);
            lowQuality += id.reason() == DecisionReason.LOW_QUALITY ? 1 : 0;
            if (p.stranger()) {
              strangersOut += id.identity().isEmpty() ? 1 : 0;
            } else if (id.identity().isPresent()) {
              if (id.identity().get().equals(p.person().get())) {
                staffIn++;
              } else {
                wrongIn++;
              }
            }
          }
        } finally {
          deleteTree(dir);
        }
      }
      rows.add(new OpenSetRow(v, trials.get(0).gallerySize(), policy.label(), staff, strangers, noFace, lowQuality,
          notEnrolled, (double) rank1 / staff, (double) staffIn / staff, (double) wrongIn / staff,
          (double) strangersOut / strangers));
    }
    return rows;
  }

  /** A stand-in image hash for a template: the benchmark's galleries only need it to be unique per photo. */
  private static String shaOf(DoorVariant v, Path photo) {
    return org.likeness.models.Sha256.of((v.name() + "/" + photo).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static void writeDump(Path dir, String label, DoorVariant v, OpenSetTrial t, Map<DoorFaces.Key, DoorFaces.Face> faces) {
    Path file = dir.resolve(label.replaceAll("[^A-Za-z0-9.+-]", "_") + "-" + v.label() + "-g" + t.gallerySize() + "-t" + t.index() + ".csv");
    try {
      Files.createDirectories(dir);
      try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
        for (OpenSetTrial.Staff s : t.enrolled()) {
          for (Path photo : s.photos()) {
            row(w, "enroll", s.name(), photo, faces.get(new DoorFaces.Key(v, photo)));
          }
        }
        for (OpenSetTrial.Probe p : t.probes()) {
          row(w, p.stranger() ? "stranger" : "staff", p.person().orElse(""), p.photo(), faces.get(new DoorFaces.Key(v, p.photo())));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void row(PrintWriter w, String role, String person, Path photo, DoorFaces.Face f) {
    StringBuilder b = new StringBuilder().append(role).append(',').append(person).append(',').append(photo.getFileName());
    if (f.found()) {
      DetectedFace d = f.face().get();
      var p = d.landmarks().five();
      double iod = Math.hypot(p.rightEye().x() - p.leftEye().x(), p.rightEye().y() - p.leftEye().y());
      b.append(String.format(Locale.ROOT, ",1,%.2f,%.2f,%.4f", d.box().x2() - d.box().x1(), iod, d.score()));
      for (float x : f.embedding().get().vector()) {
        b.append(',').append(x);
      }
    } else {
      b.append(",0,0,0,0");
    }
    w.println(b);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("likeness-door-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a temporary gallery folder", e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete temporary gallery " + dir, e);
    }
  }
}
