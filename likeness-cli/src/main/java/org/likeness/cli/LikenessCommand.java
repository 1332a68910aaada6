package org.likeness.cli;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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
    description = "Face recognition on the JVM: detect, align, embed, compare.")
public final class LikenessCommand implements Runnable {
  /**
   * The subcommands, by the name each one's {@code @Command} gives it, in the order usage lists them.
   * Picocli reflects over every option of every registered command (and loads the classes they
   * name: the server's, the camera's, the benchmarks'), which took 0.4 s of a 1.1 s {@code verify}
   * (docs/performance.md); so {@link #commandLine(String[])} registers only the one a command line names.
   */
  static final Map<String, Class<?>> SUBCOMMANDS = subcommands(
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
      CommandLine.HelpCommand.class);

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
    CommandLine cl = commandLine(args);
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

  /**
   * The command tree {@code args} needs: the root with only the subcommand {@code args[0]} names,
   * or with all of them when it names none (usage, {@code help}, {@code --version}, a typo that
   * wants suggestions).
   */
  static CommandLine commandLine(String[] args) {
    CommandLine cl = new CommandLine(new LikenessCommand());
    Class<?> named = args.length > 0 && !args[0].equals("help") ? SUBCOMMANDS.get(args[0]) : null;
    if (named != null) {
      cl.addSubcommand(args[0], named);
    } else {
      SUBCOMMANDS.forEach(cl::addSubcommand);
    }
    return cl;
  }

  private static Map<String, Class<?>> subcommands(Class<?>... commands) {
    Map<String, Class<?>> byName = new LinkedHashMap<>();
    for (Class<?> c : commands) {
      Command annotation = c.getAnnotation(Command.class);
      if (annotation == null || annotation.name().isEmpty() || byName.put(annotation.name(), c) != null) {
        throw new IllegalStateException("subcommand " + c.getName() + " needs a unique @Command name");
      }
    }
    return Collections.unmodifiableMap(byName);
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
