package org.likeness.gallery.spi;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where plugins are installed: a list of plugin roots, each a directory whose subdirectories are
 * plugins ({@code ROOT/solr/*.jar}). The roots are the entries of {@code $LIKENESS_PLUGINS}, then
 * those of the system property {@code likeness.plugins}, which the launchers set: a distribution's
 * {@code bin/likeness} to its {@code lib/plugins}, a source checkout's {@code ./likeness} to the
 * development build's {@code likeness-solr/target/plugins}. Both are path lists ({@code :} on Unix).
 * A root that does not exist holds no plugin, and the "no provider" message lists it as missing.
 *
 * @param roots the plugin roots, in the order they are searched
 */
public record PluginDirectories(List<Path> roots) {
  /** Environment variable naming extra plugin roots. */
  public static final String ENV = "LIKENESS_PLUGINS";

  /** System property naming the plugin roots a launcher knows of. */
  public static final String PROPERTY = "likeness.plugins";

  public PluginDirectories {
    roots = List.copyOf(roots);
  }

  /** The roots named by {@code env} ({@value #ENV}'s value) and {@code property} ({@value #PROPERTY}'s). */
  public static PluginDirectories of(Optional<String> env, Optional<String> property) {
    List<Path> roots = new ArrayList<>();
    for (Optional<String> list : List.of(env, property)) {
      list.ifPresent(
          l -> {
            for (String entry : l.split(File.pathSeparator)) {
              if (!entry.isBlank()) {
                roots.add(Path.of(entry.strip()).toAbsolutePath().normalize());
              }
            }
          });
    }
    return new PluginDirectories(roots.stream().distinct().toList());
  }

  /** The roots this process was started with: {@code $LIKENESS_PLUGINS} and {@code -Dlikeness.plugins}. */
  public static PluginDirectories fromEnvironment() {
    return of(Optional.ofNullable(System.getenv(ENV)), Optional.ofNullable(System.getProperty(PROPERTY)));
  }

  /** Every plugin directory under the roots that exist, in root order, by name within a root. */
  public List<Path> plugins() {
    List<Path> plugins = new ArrayList<>();
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> dirs = Files.list(root)) {
        dirs.filter(Files::isDirectory).sorted().forEach(plugins::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list plugin root " + root, e);
      }
    }
    return plugins;
  }

  /** The roots for a message: {@code /opt/likeness/lib/plugins, /tmp/x (missing)}, or {@code none}. */
  public String describe() {
    if (roots.isEmpty()) {
      return "none (set $" + ENV + ")";
    }
    return roots.stream()
        .map(r -> Files.isDirectory(r) ? r.toString() : r + " (missing)")
        .collect(Collectors.joining(", "));
  }
}
