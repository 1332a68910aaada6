package org.likeness.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.likeness.error.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A properties file of defaults for a command's options, such as a distribution's {@code
 * conf/likeness.properties} for {@code serve}: each key is a long option's name without its dashes
 * ({@code port = 8080} for {@code --port 8080}). An option given on the command line overrides the
 * file. A key that names no option of the command is refused, and so is a value the option would
 * refuse, both naming the file.
 */
final class OptionsFile {
  /** System property the distribution's launcher sets to its install directory. */
  static final String HOME_PROPERTY = "likeness.home";

  /** Where a distribution keeps its defaults, relative to its install directory. */
  static final Path DIST_FILE = Path.of("conf", "likeness.properties");

  /** Options a file may not set: the file itself, and help. */
  private static final List<String> NOT_SETTABLE = List.of("config", "help", "version");

  private OptionsFile() {}

  /**
   * The file to read: {@code explicit} ({@code --config FILE}) if given, else the distribution's
   * {@code conf/likeness.properties} when this runs from a distribution that has one.
   *
   * @throws BadInputException when {@code explicit} is not a readable file
   */
  static Optional<Path> locate(Optional<Path> explicit, Optional<String> home) {
    if (explicit.isPresent()) {
      if (!Files.isRegularFile(explicit.get())) {
        throw new BadInputException("--config " + explicit.get() + ": no such file");
      }
      return explicit;
    }
    return home.map(h -> Path.of(h).resolve(DIST_FILE)).filter(Files::isRegularFile);
  }

  /**
   * Sets each option of {@code spec} that the command line did not give from {@code file}, parsed as
   * picocli parses the same option on {@code fresh}, a new instance of the command.
   *
   * @throws BadInputException naming the file and key for an unknown key or a refused value
   */
  static void apply(Path file, CommandSpec spec, Supplier<Object> fresh) {
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(in);
    } catch (IOException | IllegalArgumentException e) {
      throw new BadInputException("cannot read the options file " + file + ": " + e.getMessage(), e);
    }
    List<String> args = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (String key : new TreeSet<>(props.stringPropertyNames())) {
      OptionSpec option = settable(spec, key)
          .orElseThrow(() -> new BadInputException(
              "unknown key '" + key + "' in " + file + "; '" + spec.qualifiedName() + "' knows: "
                  + String.join(", ", knownKeys(spec))));
      if (spec.commandLine().getParseResult() != null && spec.commandLine().getParseResult().hasMatchedOption(option)) {
        continue;
      }
      args.add("--" + key + "=" + props.getProperty(key).strip());
      keys.add(key);
    }
    CommandLine parsed = new CommandLine(fresh.get());
    try {
      parsed.parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new BadInputException(file + ": " + e.getMessage(), e);
    }
    for (String key : keys) {
      spec.findOption("--" + key).setValue(parsed.getCommandSpec().findOption("--" + key).getValue());
    }
  }

  /** The keys a file may hold for {@code spec}: its long options without dashes, sorted. */
  static List<String> knownKeys(CommandSpec spec) {
    return spec.options().stream()
        .map(OptionSpec::longestName)
        .filter(n -> n.startsWith("--"))
        .map(n -> n.substring(2))
        .filter(k -> !NOT_SETTABLE.contains(k))
        .sorted()
        .toList();
  }

  private static Optional<OptionSpec> settable(CommandSpec spec, String key) {
    if (NOT_SETTABLE.contains(key) || !key.matches("[a-z][a-z0-9-]*")) {
      return Optional.empty();
    }
    return Optional.ofNullable(spec.findOption("--" + key)).filter(o -> o.longestName().equals("--" + key));
  }
}
