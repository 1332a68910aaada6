package org.likeness.solr;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.common.cloud.DocCollection;
import org.apache.solr.common.cloud.Replica;
import org.apache.solr.common.cloud.Slice;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * A real SolrCloud cluster in this JVM for tests: Solr nodes on Jetty and an embedded ZooKeeper,
 * which stay up while nodes are stopped and restarted.
 */
final class SolrCluster implements AutoCloseable {
  final MiniSolrCloudCluster cluster;

  SolrCluster(int nodes, Path dir) throws Exception {
    this.cluster = new MiniSolrCloudCluster.Builder(nodes, dir).build();
  }

  /** The gallery location of {@code collection} in this cluster. */
  SolrGalleryUri uri(String collection) {
    return SolrGalleryUri.parse("solr://" + cluster.getZkServer().getZkAddress() + "/" + collection);
  }

  /** Stops the node hosting the leader of the collection's first shard, and waits until it is gone. */
  JettySolrRunner stopLeaderNode(String collection) throws Exception {
    DocCollection c = cluster.getZkStateReader().getClusterState().getCollection(collection);
    String node = c.getSlices().iterator().next().getLeader().getNodeName();
    for (JettySolrRunner j : cluster.getJettySolrRunners()) {
      if (j.getNodeName().equals(node)) {
        cluster.stopJettySolrRunner(j);
        cluster.waitForJettyToStop(j);
        return j;
      }
    }
    throw new IllegalStateException("no running node named " + node);
  }

  /** Waits until every shard of the collection has an active leader on a live node. */
  void awaitLeaders(String collection) throws Exception {
    cluster
        .getZkStateReader()
        .waitForState(
            collection,
            90,
            TimeUnit.SECONDS,
            (live, c) -> {
              if (c == null) {
                return false;
              }
              for (Slice s : c.getSlices()) {
                Replica leader = s.getLeader();
                if (leader == null || !leader.isActive(live)) {
                  return false;
                }
              }
              return true;
            });
  }

  /** Restarts a stopped node on its old port and name, and waits until every replica is active. */
  void restart(JettySolrRunner node, String collection, int shards, int replicas) throws Exception {
    cluster.startJettySolrRunner(node, true);
    cluster.waitForNode(node, 60);
    cluster.waitForActiveCollection(collection, 90, TimeUnit.SECONDS, shards, shards * replicas);
  }

  @Override
  public void close() {
    try {
      cluster.shutdown();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted shutting the Solr cluster down", e);
    } catch (Exception e) {
      throw new IllegalStateException("shutting the Solr cluster down failed: " + e, e);
    }
  }
}
