package org.likeness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's runtime class path, and each plugin's, hold one Jetty release and at most one Servlet
 * API, and the CLI's holds no Spark and no Solr jar. The lists are what {@code dependency:list}
 * wrote before the tests ran (likeness-cli's and likeness-solr's poms).
 *
 * <p>A plugin's class loader sees its own jars, the JDK, and from the host only Likeness's own
 * modules and SLF4J (see {@code org.likeness.gallery.spi.PluginClassLoader}), none of which is a
 * Jetty or Servlet jar; so a plugin's jars meet each other, never the host's, and its check is on
 * its own list.
 */
class ClassPathClashTest {
  /** Written by likeness-cli's pom (runtime-dependency-list); tests run in the module's folder. */
  static final Path CLI_LIST = Path.of("target", "runtime-dependencies.txt");

  /** Written by likeness-solr's pom (plugin-dependency-list), which the reactor builds first. */
  static final Path SOLR_PLUGIN_LIST = Path.of("..", "likeness-solr", "target", "plugin-dependencies.txt");

  @TempDir Path tmp;

  @Test
  void cliRuntimeClassPathHasOneJettyAndOneServletApi() {
    ClassPath cli = ClassPath.read("likeness-cli runtime", CLI_LIST);
    assertEquals(List.of(), cli.clashes());
    assertEquals(1, cli.jettyReleases().size(), "the door service runs on Jetty: " + cli.jettyReleases());
  }

  @Test
  void cliRuntimeClassPathHasNoSparkAndNoSolr() {
    ClassPath cli = ClassPath.read("likeness-cli runtime", CLI_LIST);
    assertEquals(
        List.of(),
        cli.withIdPrefix("spark-", "solr-", "likeness-spark", "likeness-solr"),
        "Spark and Solr belong in plugins or their own jobs, not on the command's class path");
  }

  @Test
  void solrPluginClassPathHasNoClashAndNoHostModule() {
    ClassPath plugin =
        ClassPath.read("solr plugin", SOLR_PLUGIN_LIST);
    assertEquals(List.of(), plugin.clashes());
    assertEquals(
        List.of(),
        plugin.withIdPrefix("likeness-", "slf4j-api"),
        "the host provides these; a plugin's own copy would split the SPI or the logging in two");
  }

  @Test
  void twoJettyReleasesOrTwoServletApisAreReportedNamingThem() throws IOException {
    Path list = tmp.resolve("deps.txt");
    Files.writeString(
        list,
        """

        The following files have been resolved:
           org.eclipse.jetty:jetty-server:jar:12.1.12:compile -- module org.eclipse.jetty.server
           org.eclipse.jetty.http2:http2-client:jar:10.0.26:runtime
           org.eclipse.jetty:jetty-util:jar:12.1.12:compile
           javax.servlet:javax.servlet-api:jar:4.0.1:compile
           jakarta.servlet:jakarta.servlet-api:jar:6.0.0:compile -- module jakarta.servlet
           io.netty:netty-transport-native-epoll:jar:linux-x86_64:4.1.119.Final:compile
        """);
    ClassPath cp = ClassPath.read("sample", list);
    assertEquals(6, cp.artifacts().size(), cp.artifacts().toString());
    List<String> clashes = cp.clashes();
    assertEquals(2, clashes.size(), clashes.toString());
    assertTrue(clashes.get(0).startsWith("sample: Jetty 10.0 and 12.1 meet"), clashes.get(0));
    assertTrue(clashes.get(1).contains("javax.servlet:javax.servlet-api:4.0.1"), clashes.get(1));
    assertTrue(clashes.get(1).contains("jakarta.servlet:jakarta.servlet-api:6.0.0"), clashes.get(1));
  }

  @Test
  void oneJettyReleaseAndOneServletApiAreFine() throws IOException {
    Path list = tmp.resolve("deps.txt");
    Files.writeString(
        list,
        """
           org.eclipse.jetty:jetty-server:jar:12.1.12:compile
           org.eclipse.jetty.ee10:jetty-ee10-servlet:jar:12.1.3:compile
           jakarta.servlet:jakarta.servlet-api:jar:6.0.0:compile
        """);
    assertEquals(List.of(), ClassPath.read("sample", list).clashes());
  }
}
