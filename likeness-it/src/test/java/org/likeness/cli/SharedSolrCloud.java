package org.likeness.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real two-node SolrCloud (Jetty nodes and ZooKeeper in this JVM) shared by every test class
 * of the run that extends with it, because starting a cluster costs seconds. It shuts down when
 * the whole test run ends. Each test uses its own collection.
 */
final class SharedSolrCloud implements BeforeAllCallback {
  static final int NODES = 2;
  private static Running running;

  /** The started cluster and its folder, closed by JUnit at the end of the run. */
  private record Running(MiniSolrCloudCluster cluster, Path dir) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() throws Exception {
      cluster.shutdown();
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    running = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(SharedSolrCloud.class, k -> start(), Running.class);
  }

  private static Running start() {
    long t0 = System.nanoTime();
    try {
      Path dir = Files.createTempDirectory("likeness-cli-solr");
      Running r = new Running(new MiniSolrCloudCluster.Builder(NODES, dir).build(), dir);
      System.out.printf(Locale.ROOT, "%d-node SolrCloud started in %.1f s%n", NODES, (System.nanoTime() - t0) / 1e9);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a folder for the Solr cluster", e);
    } catch (Exception e) {
      throw new IllegalStateException("starting a " + NODES + "-node Solr cluster failed: " + e, e);
    }
  }

  /** {@code solr://ZK/collection} in the shared cluster. */
  static String gallery(String collection) {
    if (running == null) {
      throw new IllegalStateException("the test class must be annotated @ExtendWith(SharedSolrCloud.class)");
    }
    return "solr://" + running.cluster().getZkServer().getZkAddress() + "/" + collection;
  }
}
