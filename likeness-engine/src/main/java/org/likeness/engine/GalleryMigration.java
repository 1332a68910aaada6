package org.likeness.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.likeness.embed.Embedding;
import org.likeness.embed.ModelId;
import org.likeness.error.BadInputException;
import org.likeness.gallery.FaceChip;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.PersonDetails;
import org.likeness.gallery.PersonSummary;
import org.likeness.gallery.StoredTemplate;
import org.likeness.gallery.Template;

/**
 * Makes a gallery follow a new model: every template that has a stored {@link
 * org.likeness.gallery.FaceChip} is embedded again from it by the new model and enrolled into a
 * second gallery of that model, under the same person, image hash, box and enrollment time, with
 * the chip carried over so the next model change can migrate again.
 *
 * <p>Nothing that was enrolled is refused: the quality floor is not applied (the faces passed it,
 * or were forced, when they were enrolled). Each face is committed as it is made, and faces
 * already in the target (same image hash) are skipped before embedding, so a run killed at any
 * point continues where it stopped when started again. Templates without a chip (enrolled before
 * galleries kept chips, or given without an image) cannot follow; they are reported per person.
 */
public final class GalleryMigration {
  private GalleryMigration() {}

  /** Receives progress: faces handled so far, out of all faces that have a chip. */
  public interface Progress {
    void update(int done, int total);
  }

  /**
   * A person with templates that have no stored chip, who needs new photos to be complete in the
   * new gallery.
   *
   * @param person the person's name
   * @param templates templates the person has in the source gallery
   * @param withoutChip how many of them have no chip
   */
  public record MissingChips(String person, int templates, int withoutChip) {
    /** True when none of the person's faces could follow: they are absent from the new gallery. */
    public boolean wholePerson() {
      return withoutChip == templates;
    }
  }

  /**
   * What a run did.
   *
   * @param faces faces with a chip in the source gallery
   * @param migrated faces embedded and enrolled by this run
   * @param alreadyMigrated faces an earlier, interrupted run had already enrolled
   * @param missing people with faces that could not follow, by name
   */
  public record Result(int faces, int migrated, int alreadyMigrated, List<MissingChips> missing) {
    public Result {
      missing = List.copyOf(missing);
    }

    /** True when every enrolled face is in the new gallery. */
    public boolean complete() {
      return missing.isEmpty();
    }
  }

  /**
   * Re-embeds every face of {@code source} that has a chip into {@code target}, with {@code embed}
   * (typically {@link Likeness#embed(FaceChip)} of the target's model, opened lazily so that a
   * gallery without chips needs no model). The target gallery refuses embeddings of another model
   * than its own.
   *
   * @throws BadInputException when both galleries hold the same model
   */
  public static Result run(
      Gallery source, Gallery target, Function<FaceChip, Embedding> embed, Progress progress) {
    ModelId to = target.spec().model();
    if (source.spec().model().equals(to)) {
      throw new BadInputException(
          "gallery '" + source.info().directory() + "' already holds " + to + "; nothing to migrate");
    }
    List<String> people = source.people().stream().map(PersonSummary::name).toList();
    List<MissingChips> missing = new ArrayList<>();
    int faces = 0;
    for (String person : people) {
      List<StoredTemplate> templates = templatesOf(source, person);
      int without = (int) templates.stream().filter(t -> t.template().chip().isEmpty()).count();
      faces += templates.size() - without;
      if (without > 0) {
        missing.add(new MissingChips(person, templates.size(), without));
      }
    }
    int done = 0;
    int migrated = 0;
    int already = 0;
    for (String person : people) {
      Set<String> there = new HashSet<>();
      target.person(person)
          .ifPresent(d -> d.templates().forEach(t -> there.add(t.template().imageSha256())));
      for (StoredTemplate stored : templatesOf(source, person)) {
        Template old = stored.template();
        if (old.chip().isEmpty()) {
          continue;
        }
        if (there.contains(old.imageSha256())) {
          already++;
        } else {
          Embedding embedding = embed.apply(old.chip().get());
          target.enroll(
              person,
              new Template(
                  embedding, old.imageSha256(), old.box(), old.detectionScore(), old.enrolledAt(),
                  old.chip()));
          migrated++;
        }
        progress.update(++done, faces);
      }
    }
    return new Result(faces, migrated, already, missing);
  }

  /**
   * Removes from {@code target} every face that is no longer in {@code source} under the same
   * person (same image hash): the faces removed from a served gallery while it was being migrated,
   * which must not come back when the service switches to the new gallery. Faces in {@code source}
   * are never touched.
   *
   * @return how many faces were removed from {@code target}
   */
  public static int dropRemoved(Gallery source, Gallery target) {
    int dropped = 0;
    for (PersonSummary person : target.people()) {
      Set<String> kept = new HashSet<>();
      templatesOf(source, person.name()).forEach(t -> kept.add(t.template().imageSha256()));
      for (StoredTemplate t : templatesOf(target, person.name())) {
        if (!kept.contains(t.template().imageSha256()) && target.removeTemplate(t.id())) {
          dropped++;
        }
      }
    }
    return dropped;
  }

  private static List<StoredTemplate> templatesOf(Gallery gallery, String person) {
    return gallery.person(person).map(PersonDetails::templates).orElse(List.of());
  }
}
