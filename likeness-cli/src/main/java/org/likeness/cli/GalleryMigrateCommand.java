package org.likeness.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.likeness.embed.ModelId;
import org.likeness.engine.GalleryMigration;
import org.likeness.engine.GallerySwap;
import org.likeness.error.BadInputException;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.GalleryOptions;
import org.likeness.gallery.GalleryStorageException;
import org.likeness.gallery.spi.GalleryProviders;
import org.likeness.models.ModelSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code likeness gallery migrate --gallery G --to MODEL}: re-embeds every enrolled face from the
 * chip the gallery kept of it, with another model, into a new gallery, so that a model change does
 * not mean enrolling everyone again. See {@link GalleryMigration} for what is carried over and why
 * a re-run continues where a killed one stopped.
 *
 * <p>Exit codes: 0 when every face followed; 2 when some faces have no stored chip (enrolled before
 * galleries kept chips): the people who need new photos are listed, and everyone else is migrated.
 */
@Command(name = "migrate", description = {
    "Re-embed every face of a gallery with another model, from the face chips it kept at enrollment,"
        + " into a new gallery (default: the sibling directory G.MODEL).",
    "Re-running continues where an interrupted run stopped. Faces enrolled before galleries kept chips cannot"
        + " follow: their people are listed as needing new photos, and the exit code is 2."})
final class GalleryMigrateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /** A string, not a Path: a Path would fold {@code solr://zk} into {@code solr:/zk} before the check below. */
  @Option(names = "--gallery", paramLabel = "DIR", required = true, description = "The gallery to migrate.")
  String gallery;

  @Option(names = "--to", paramLabel = "MODEL", required = true,
      description = "The model of the new gallery: mobilefacenet-192, faceplugin-512, dlib-resnet-128, fused, or BACKBONE+HEAD_FILE.")
  String to;

  @Option(names = "--into", paramLabel = "NEW_DIR", description = "Where to build the new gallery (default: G.MODEL beside G).")
  Path into;

  @Option(names = "--in-place",
      description = "Build G.MODEL, then swap it in as G once complete, keeping the old gallery as G.before-MODEL.")
  boolean inPlace;

  @Option(names = "--models-dir", paramLabel = "DIR", description = "Where models are installed (default: $LIKENESS_MODELS or ~/.likeness/models).")
  Path modelsDir;

  @Option(names = "--no-flip", description = "Embed only the face, not also its mirror image (use only if the gallery is searched with --no-flip).")
  boolean noFlip;

  /** A test hook standing in for kill -9: stops with an error after this many newly migrated faces. */
  @Option(names = "--stop-after", hidden = true, paramLabel = "N")
  Integer stopAfter;

  @Override
  public Integer call() throws IOException {
    Optional<String> scheme = GalleryProviders.scheme(gallery);
    if (scheme.isPresent()) {
      throw new BadInputException("migrate works on gallery directories, whose face chips it re-embeds; " + gallery
          + " is a " + scheme.get() + ":// gallery");
    }
    if (inPlace && into != null) {
      throw new BadInputException("--in-place builds the new gallery beside " + gallery + " and swaps it in;"
          + " it cannot be combined with --into " + into);
    }
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    ModelOptions models = new ModelOptions();
    models.model = to;
    models.modelsDir = modelsDir;
    models.noFlip = noFlip;
    ModelSpec target = models.spec();
    Path source = Path.of(gallery).toAbsolutePath().normalize();
    Path built = into != null ? into.toAbsolutePath().normalize() : GallerySwap.built(source, target.name());
    Path before = GallerySwap.kept(source, target.name());
    if (inPlace && !Gallery.exists(source) && Gallery.exists(before) && Gallery.exists(built)) {
      // A run that was killed between the two renames of the swap: finish it.
      move(built, source);
      out.printf(Locale.ROOT, "finished the swap of an earlier run: %s now holds %s; the old gallery is kept at %s%n",
          source, target.name(), before);
      return LikenessCommand.OK;
    }
    if (inPlace && Gallery.exists(source) && Gallery.exists(before) && !Files.exists(built)
        && modelOf(source).equals(target.id())) {
      // A run that was killed after the swap, before it could say so: the re-run has nothing left to do.
      out.printf(Locale.ROOT, "an earlier run already swapped %s in: it holds %s and the old gallery is kept at %s%n",
          source, target.name(), before);
      return LikenessCommand.OK;
    }
    if (inPlace && Files.exists(before)) {
      throw new BadInputException(before + " already exists; move it away before migrating " + source + " in place again");
    }
    GalleryMigration.Result result;
    int[] fresh = {0};
    try (Gallery from = Gallery.open(source, GalleryOptions.defaults());
        Gallery dest = Gallery.exists(built)
            ? Gallery.open(built, GalleryOptions.defaults())
            : Gallery.create(built, GalleryOption.newSpec(from.spec().name(), target), GalleryOptions.defaults());
        LazyLikeness model = new LazyLikeness(models, target);
        ProgressBar bar = new ProgressBar(err, "migrate")) {
      if (!dest.spec().model().equals(target.id())) {
        throw new BadInputException(built + " already holds a gallery of " + dest.spec().model() + ", not of "
            + target.id() + "; choose another --into");
      }
      result = GalleryMigration.run(from, dest, chip -> {
        if (stopAfter != null && fresh[0] >= stopAfter) {
          throw new IllegalStateException("stopped after " + fresh[0] + " faces (--stop-after)");
        }
        fresh[0]++;
        return model.get().embed(chip);
      }, (done, total) -> bar.update(done, total));
      out.printf(Locale.ROOT, "%s: %d faces with stored chips, %d re-embedded with %s now, %d already there from an"
              + " earlier run; %s holds %d people, %d templates%n",
          source, result.faces(), result.migrated(), target.name(), result.alreadyMigrated(), built,
          dest.personCount(), dest.size());
    }
    if (!result.complete()) {
      out.println("these people have faces enrolled before galleries kept face chips, and need new photos:");
      out.println("person,faces,faces_without_chip,in_new_gallery");
      for (GalleryMigration.MissingChips m : result.missing()) {
        out.println(Csv.field(m.person()) + "," + m.templates() + "," + m.withoutChip() + ","
            + (m.wholePerson() ? "no" : "partly"));
      }
      if (inPlace) {
        out.println("not swapped in: " + source + " is unchanged and the incomplete new gallery is at " + built);
      }
      return LikenessCommand.BAD_INPUT;
    }
    if (inPlace) {
      GallerySwap.swap(source, target.name());
      out.printf(Locale.ROOT, "%s now holds %s; the old gallery is kept at %s until you delete it%n",
          source, target.name(), before);
    }
    return LikenessCommand.OK;
  }

  private static ModelId modelOf(Path gallery) {
    try (Gallery g = Gallery.open(gallery, GalleryOptions.defaults())) {
      return g.spec().model();
    }
  }

  private static void move(Path from, Path to) {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new GalleryStorageException("cannot rename " + from + " to " + to + ": " + e.getMessage(), e);
    }
  }
}
