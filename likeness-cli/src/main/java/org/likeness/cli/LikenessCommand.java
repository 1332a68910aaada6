package org.likeness.cli;

import java.io.PrintWriter;
import org.likeness.error.BadInputException;
import org.likeness.error.ModelMissingException;
import org.likeness.gallery.GalleryInUseException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code likeness} command: the entry point, and the one place mapping errors to exit codes. */
@Command(
    name = "likeness",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Face recognition on the JVM: detect, align, embed, compare.",
    subcommands = {
      ModelsCommand.class,
      DetectCommand.class,
      EmbedCommand.class,
      VerifyCommand.class,
      EvaluateCommand.class,
      CalibrateCommand.class,
      EnrollCommand.class,
      IdentifyCommand.class,
      LivenessCommand.class,
      PeopleCommand.class,
      GalleryCommand.class,
      TrainCommand.class,
      ServeCommand.class,
      WatchCommand.class,
      AuditCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class LikenessCommand implements Runnable {
  /** Success, including a verification that rejected the match. */
  public static final int OK = 0;
  /** An internal fault: a bug, or the machine failing us. */
  public static final int INTERNAL = 1;
  /** Bad usage or bad input: the user can fix it (this includes models not yet fetched). */
  public static final int BAD_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs a command line and returns its exit code; used by main and by tests. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new LikenessCommand());
    // A word that is no command ends the parse: `likeness spark enroll --from-folder x` is refused
    // for 'spark', not sent on to `enroll` and refused there for a missing --gallery.
    cl.getCommandSpec().parser().stopAtUnmatched(true);
    withHelpEverywhere(cl);
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          err.println("likeness: " + ex.getMessage());
          if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
            err.println("Try 'likeness " + String.join(" ", ex.getCommandLine().getCommandSpec().qualifiedName().split(" ")).replaceFirst("^likeness ?", "") + " --help'.");
          }
          return BAD_INPUT;
        });
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof BadInputException
              || ex instanceof ModelMissingException
              || ex instanceof GalleryInUseException) {
            err.println("likeness: " + ex.getMessage());
            return BAD_INPUT;
          }
          err.println("likeness: internal error: " + ex);
          ex.printStackTrace(err);
          return INTERNAL;
        });
    return cl.execute(args);
  }

  /** Gives every subcommand, at every depth, the {@code -h/--help} and {@code -V/--version} options. */
  private static void withHelpEverywhere(CommandLine cl) {
    for (CommandLine sub : cl.getSubcommands().values()) {
      if (!(sub.getCommand() instanceof CommandLine.HelpCommand)) {
        sub.getCommandSpec().mixinStandardHelpOptions(true);
        if (sub.getCommandSpec().versionProvider() == null) {
          sub.getCommandSpec().versionProvider(new Version());
        }
      }
      withHelpEverywhere(sub);
    }
  }
}
