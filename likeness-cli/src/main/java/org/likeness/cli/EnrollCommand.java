package org.likeness.cli;

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
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.likeness.detect.DetectedFace;
import org.likeness.engine.EncodedImage;
import org.likeness.engine.ParallelEncoder;
import org.likeness.error.BadInputException;
import org.likeness.gallery.EnrollOutcome;
import org.likeness.gallery.PersonGallery;
import org.likeness.gallery.PersonNames;
import org.likeness.gallery.Template;
import org.likeness.gallery.spi.GalleryLayout;
import org.likeness.models.ModelSpec;
import org.likeness.pipeline.FaceEncoding;
import org.likeness.quality.QualityFloor;
import org.likeness.quality.QualityVerdict;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code likeness enroll}: add photos of people to a gallery, creating it on first use. Every image
 * is accounted for: enrolled, already enrolled, no face, several faces, unreadable, or a face below
 * the quality floor, which is refused with its reason (exit 2) unless {@code --force} is given.
 * Each enrolled face's aligned chip is kept in the gallery, so that {@code likeness gallery migrate}
 * can re-embed it when the model changes.
 */
@Command(name = "enroll", description = "Enroll photos of a person, or a folder of <name>/<photo> files, into a gallery.")
final class EnrollCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin ModelOptions models;

  @Option(names = "--gallery", paramLabel = "DIR|solr://ZK/COLLECTION", required = true,
      description = "Gallery directory, or solr://zk-host:2181[/chroot]/collection for SolrCloud (created if missing).")
  String galleryLocation;

  @Option(names = "--shards", paramLabel = "N", description = "Shards of a new SolrCloud gallery collection (default: ${DEFAULT-VALUE}).")
  int shards = 1;

  @Option(names = "--replicas", paramLabel = "N", description = "Copies of each shard of a new SolrCloud gallery collection (default: ${DEFAULT-VALUE}).")
  int replicas = 1;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--from-folder", paramLabel = "ROOT", description = "Enroll every ROOT/<name>/<image> (the LFW layout works as is).")
    Path folder;

    @Parameters(paramLabel = "NAME IMAGE...", arity = "2..*", description = "A person's name, then their photos.")
    List<String> nameAndImages;
  }

  @Option(names = "--threads", description = "Encoding threads (default: all cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--json", description = "One JSON object per image, then a summary object.")
  boolean json;

  @Option(names = "--force", description = "Enroll faces below the quality floor too (too small, blurry, dark, turned), with a warning.")
  boolean force;

  /** What happened to one image; LOW_QUALITY is a face below {@link QualityFloor#DEFAULT}, not enrolled. */
  enum Status { ENROLLED, ALREADY_ENROLLED, NO_FACE, MULTIPLE_FACES, BAD_IMAGE, REFUSED, LOW_QUALITY }

  /**
   * One image's outcome; {@code quality} is the floor's failed check, also when --force enrolled
   * the face anyway, and {@code null} for a face that passes.
   */
  record Row(String image, String person, Status status, Long templateId, String error, QualityVerdict quality) {
    Row(String image, String person, Status status, Long templateId, String error) {
      this(image, person, status, templateId, error, null);
    }
  }

  record Summary(String gallery, String model, int images, Map<Status, Integer> outcomes, int people, int templates, double seconds) {}

  @Override
  public Integer call() throws IOException {
    long start = System.nanoTime();
    Map<Path, String> personOf = jobs();
    if (personOf.isEmpty()) {
      throw new BadInputException("no images to enroll under " + source.folder);
    }
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    Map<Status, Integer> counts = new LinkedHashMap<>();
    for (Status s : Status.values()) {
      counts.put(s, 0);
    }
    try (PersonGallery gallery = openOrCreate(); ProgressBar bar = new ProgressBar(err, "enroll")) {
      ModelSpec model = models.specFor(gallery.spec());
      List<Row> problems = new ArrayList<>();
      List<String> qualityLines = new ArrayList<>();
      int[] done = {0};
      ParallelEncoder.encode(new ArrayList<>(personOf.keySet()), () -> models.open(model), threads, true, e -> {
        Row row = enrollOne(gallery, personOf.get(e.path()), e);
        counts.merge(row.status(), 1, Integer::sum);
        if (row.quality() != null) {
          qualityLines.add(qualityLine(row));
        }
        if (json) {
          out.println(Json.write(row));
        } else if (row.status() != Status.ENROLLED && row.status() != Status.ALREADY_ENROLLED
            && row.status() != Status.LOW_QUALITY) {
          problems.add(row);
        }
        bar.update(++done[0], personOf.size());
      });
      Summary summary = new Summary(galleryLocation, model.name(), personOf.size(), counts,
          gallery.personCount(), gallery.size(), (System.nanoTime() - start) / 1e9);
      if (json) {
        out.println(Json.write(summary));
      } else {
        for (Row r : problems) {
          out.println(r.image() + "," + r.person() + "," + r.status().name().toLowerCase(Locale.ROOT)
              + (r.error() == null ? "" : "," + r.error()));
        }
        out.printf(Locale.ROOT, "%d images in %.1f s: %s%n", summary.images(), summary.seconds(), describe(counts));
        out.printf(Locale.ROOT, "gallery %s now holds %d people, %d templates (%s)%n", galleryLocation,
            summary.people(), summary.templates(), model.name());
      }
      qualityLines.forEach(err::println);
    }
    // A refused face is the user's to fix (a better photo, or --force), like any bad input.
    return counts.get(Status.LOW_QUALITY) > 0 ? LikenessCommand.BAD_INPUT : LikenessCommand.OK;
  }

  /** {@code ada1.jpg: face too small (26 px, need 30); use --force to enroll it anyway}, or the warning under --force. */
  private static String qualityLine(Row row) {
    return row.status() == Status.LOW_QUALITY
        ? row.image() + ": " + row.quality().message() + "; use --force to enroll it anyway"
        : row.image() + ": warning: " + row.quality().message() + "; enrolled anyway (--force)";
  }

  private static String describe(Map<Status, Integer> counts) {
    List<String> parts = new ArrayList<>();
    counts.forEach((k, v) -> {
      if (v > 0) {
        parts.add(v + " " + k.name().toLowerCase(Locale.ROOT).replace('_', ' '));
      }
    });
    return String.join(", ", parts);
  }

  private Row enrollOne(PersonGallery gallery, String person, EncodedImage e) {
    String image = e.path().toString();
    if (e.error().isPresent()) {
      return new Row(image, person, Status.BAD_IMAGE, null, e.error().get());
    }
    FaceEncoding enc = e.encoding().orElseThrow();
    if (!enc.hasFace()) {
      return new Row(image, person, Status.NO_FACE, null, null);
    }
    if (enc.facesFound() > 1) {
      return new Row(image, person, Status.MULTIPLE_FACES, null, enc.facesFound() + " faces; enroll a photo of " + person + " alone");
    }
    DetectedFace face = enc.face().orElse(null);
    if (face == null) {
      throw new BadInputException("enrollment needs detection; drop --assume-aligned");
    }
    Optional<QualityVerdict> low = enc.quality().flatMap(QualityFloor.DEFAULT::check);
    if (low.isPresent() && !force) {
      return new Row(image, person, Status.LOW_QUALITY, null, low.get().message(), low.get());
    }
    try {
      EnrollOutcome o = gallery.enroll(person, new Template(enc.embedding().orElseThrow(), e.sha256().orElseThrow(),
          face.box(), face.score(), Instant.now(), e.chip()));
      return new Row(image, o.person(), o.added() ? Status.ENROLLED : Status.ALREADY_ENROLLED, o.templateId(), null,
          low.orElse(null));
    } catch (org.likeness.gallery.ModelMismatchException ex) {
      throw ex;
    } catch (BadInputException ex) {
      return new Row(image, person, Status.REFUSED, null, ex.getMessage());
    }
  }

  private PersonGallery openOrCreate() {
    return GalleryOption.openOrCreate(galleryLocation, models.spec(), new GalleryLayout(shards, replicas));
  }

  /** (person, image path) pairs to enroll. */
  /** Each image to enroll and the person it shows; names are checked before any model loads. */
  private Map<Path, String> jobs() throws IOException {
    Map<Path, String> jobs = new LinkedHashMap<>();
    if (source.folder != null) {
      Path root = source.folder;
      if (!Files.isDirectory(root)) {
        throw new BadInputException("--from-folder " + root + " is not a directory");
      }
      try (Stream<Path> people = Files.list(root)) {
        for (Path dir : people.filter(Files::isDirectory).sorted().toList()) {
          try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList()) {
              jobs.put(f, PersonNames.requireValid(dir.getFileName().toString()));
            }
          }
        }
      }
    } else {
      String person = PersonNames.requireValid(source.nameAndImages.get(0));
      for (String img : source.nameAndImages.subList(1, source.nameAndImages.size())) {
        jobs.put(Path.of(img), person);
      }
    }
    return jobs;
  }
}
