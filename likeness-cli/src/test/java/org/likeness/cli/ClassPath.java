package org.likeness.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A class path as Maven coordinates, read from a {@code dependency:list} file, and the checks on it:
 * which Jetty and Servlet API versions meet on it. Two jars "meet" when one class loader sees both.
 */
record ClassPath(String name, List<ClassPath.Artifact> artifacts) {
  /** One jar on the class path. */
  record Artifact(String groupId, String artifactId, String version) {
    @Override
    public String toString() {
      return groupId + ":" + artifactId + ":" + version;
    }

    /** {@code 12.1} of {@code 12.1.12}: Jetty's modules of one release share it. */
    String majorMinor() {
      String[] parts = version.split("[.\\-]");
      return parts.length >= 2 ? parts[0] + "." + parts[1] : version;
    }

    boolean isJetty() {
      return groupId.startsWith("org.eclipse.jetty") && !groupId.equals("org.eclipse.jetty.toolchain");
    }

    boolean isServletApi() {
      return artifactId.endsWith("servlet-api");
    }
  }

  /** {@code group:artifact:type[:classifier]:version:scope}, as dependency:list writes each line. */
  private static final Pattern LINE =
      Pattern.compile("^\\s+([^:\\s]+):([^:\\s]+):[^:\\s]+(?::[^:\\s]+)?:([^:\\s]+):(compile|runtime|provided|system|test)\\b.*$");

  /**
   * Reads a {@code dependency:list} output file.
   *
   * @throws IllegalStateException naming the file when it is missing or lists nothing
   */
  static ClassPath read(String name, Path listFile) {
    if (!Files.isRegularFile(listFile)) {
      throw new IllegalStateException(
          name + ": no dependency list at " + listFile + "; build the module first (mvn -B -DskipTests package -pl likeness-cli -am)");
    }
    List<Artifact> artifacts = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(listFile)) {
        Matcher m = LINE.matcher(line);
        if (m.matches()) {
          artifacts.add(new Artifact(m.group(1), m.group(2), m.group(3)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + listFile, e);
    }
    if (artifacts.isEmpty()) {
      throw new IllegalStateException(name + ": " + listFile + " lists no artifact");
    }
    return new ClassPath(name, List.copyOf(artifacts));
  }

  /** The Jetty artifacts by release ({@code 10.0}, {@code 12.1}); more than one key is a clash. */
  Map<String, List<Artifact>> jettyReleases() {
    return artifacts.stream()
        .filter(Artifact::isJetty)
        .collect(Collectors.groupingBy(Artifact::majorMinor, TreeMap::new, Collectors.toList()));
  }

  /** Every Servlet API jar (javax or jakarta, any version); more than one is a clash. */
  List<Artifact> servletApis() {
    return artifacts.stream().filter(Artifact::isServletApi).sorted(Comparator.comparing(Artifact::toString)).toList();
  }

  /** What clashes on this class path, one line each; empty when nothing does. */
  List<String> clashes() {
    List<String> found = new ArrayList<>();
    Map<String, List<Artifact>> jetty = jettyReleases();
    if (jetty.size() > 1) {
      found.add(name + ": Jetty " + String.join(" and ", jetty.keySet()) + " meet: " + jetty);
    }
    List<Artifact> servlet = servletApis();
    if (servlet.size() > 1) {
      found.add(name + ": " + servlet.size() + " Servlet APIs meet: " + servlet);
    }
    return found;
  }

  /** The artifacts whose id starts with one of {@code prefixes}, such as {@code spark-}. */
  List<Artifact> withIdPrefix(String... prefixes) {
    return artifacts.stream()
        .filter(a -> List.of(prefixes).stream().anyMatch(a.artifactId()::startsWith))
        .toList();
  }
}
