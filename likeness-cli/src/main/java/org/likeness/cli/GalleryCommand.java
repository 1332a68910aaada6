package org.likeness.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code likeness gallery migrate}: work on a gallery as a whole. */
@Command(name = "gallery", description = "Work on a gallery as a whole (migrate it to another model).",
    subcommands = {GalleryMigrateCommand.class})
final class GalleryCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
