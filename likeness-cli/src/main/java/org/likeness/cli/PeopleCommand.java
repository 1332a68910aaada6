package org.likeness.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.likeness.error.BadInputException;
import org.likeness.gallery.PersonGallery;
import org.likeness.gallery.PersonDetails;
import org.likeness.gallery.PersonSummary;
import org.likeness.gallery.StoredTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code likeness people list|show|remove}: who is enrolled in a gallery. */
@Command(name = "people", description = "List, show or remove enrolled people.",
    subcommands = {PeopleCommand.ListPeople.class, PeopleCommand.Show.class, PeopleCommand.Remove.class})
final class PeopleCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code likeness people list}. */
  @Command(name = "list", description = "Everyone enrolled, with their template counts.")
  static final class ListPeople implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin GalleryOption gallery;

    @Option(names = "--json", description = "One JSON object per person.")
    boolean json;

    @Override
    public Integer call() {
      var out = spec.commandLine().getOut();
      try (PersonGallery g = gallery.openExisting()) {
        List<PersonSummary> people = g.people();
        if (!json) {
          out.println("person,templates,first_enrolled,last_enrolled");
        }
        for (PersonSummary p : people) {
          out.println(json ? Json.write(p)
              : p.name() + "," + p.templates() + "," + p.firstEnrolledAt() + "," + p.lastEnrolledAt());
        }
        if (!json) {
          out.printf(Locale.ROOT, "%d people, %d templates, model %s%n", people.size(), g.size(), g.spec().model());
        }
      }
      return 0;
    }
  }

  /** {@code likeness people show NAME}. */
  @Command(name = "show", description = "One person's templates.")
  static final class Show implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin GalleryOption gallery;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @Parameters(paramLabel = "NAME")
    String name;

    record Row(long id, String imageSha256, float[] box, float detectionScore, String enrolledAt) {}

    @Override
    public Integer call() {
      var out = spec.commandLine().getOut();
      try (PersonGallery g = gallery.openExisting()) {
        PersonDetails d = g.person(name).orElseThrow(() -> new BadInputException(
            "no person '" + name + "' in gallery " + gallery.location));
        if (!json) {
          out.println("template,image_sha256,box,score,enrolled_at");
        }
        for (StoredTemplate t : d.templates()) {
          var b = t.template().box();
          Row r = new Row(t.id(), t.template().imageSha256(), new float[] {b.x1(), b.y1(), b.x2(), b.y2()},
              t.template().detectionScore(), t.template().enrolledAt().toString());
          out.println(json ? Json.write(r) : String.format(Locale.ROOT, "%d,%s,%.0f %.0f %.0f %.0f,%.3f,%s", r.id(),
              r.imageSha256(), b.x1(), b.y1(), b.x2(), b.y2(), r.detectionScore(), r.enrolledAt()));
        }
      }
      return 0;
    }
  }

  /** {@code likeness people remove NAME}. */
  @Command(name = "remove", description = "Remove a person and all their templates.")
  static final class Remove implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin GalleryOption gallery;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      try (PersonGallery g = gallery.openExisting()) {
        if (!g.removePerson(name)) {
          throw new BadInputException("no person '" + name + "' in gallery " + gallery.location);
        }
        spec.commandLine().getOut().println("removed " + name);
      }
      return 0;
    }
  }
}
