package org.likeness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command, at every depth, answers {@code --help} with its own usage and exit code 0. */
class HelpTest {
  @Test
  void everySubcommandHasHelp() {
    List<List<String>> paths = new ArrayList<>();
    collect(LikenessCommand.commandLine(new String[0]), new ArrayList<>(), paths);
    assertTrue(paths.size() > 20, "found " + paths.size() + " commands");
    for (List<String> path : paths) {
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      CliRun.Result r = CliRun.run(args.toArray(String[]::new));
      assertEquals(0, r.code(), args + ": " + r.err());
      assertTrue(r.out().startsWith("Usage: likeness " + String.join(" ", path)), args + ": " + r.out());
    }
  }

  @Test
  void aCommandLineGetsOnlyTheSubcommandItNamesAndATypoGetsSuggestions() {
    assertEquals(List.of("verify"),
        List.copyOf(LikenessCommand.commandLine(new String[] {"verify", "a.jpg", "b.jpg"}).getSubcommands().keySet()));
    assertEquals(List.copyOf(LikenessCommand.SUBCOMMANDS.keySet()),
        List.copyOf(LikenessCommand.commandLine(new String[] {"--version"}).getSubcommands().keySet()));
    CliRun.Result r = CliRun.run("verfy", "a.jpg", "b.jpg");
    assertEquals(LikenessCommand.BAD_INPUT, r.code());
    assertTrue(r.err().contains("Did you mean: likeness verify"), r.err());
  }

  private static void collect(CommandLine cl, List<String> prefix, List<List<String>> out) {
    cl.getSubcommands().forEach((name, sub) -> {
      if (sub.getCommand() instanceof CommandLine.HelpCommand) {
        return;
      }
      List<String> path = new ArrayList<>(prefix);
      path.add(name);
      out.add(path);
      collect(sub, path, out);
    });
  }
}
