package org.likeness.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.embed.Embedding;

/**
 * Kills an enrolling process with SIGKILL at random moments and checks after each kill that the
 * gallery is intact and holds every enrollment that was acknowledged. About 15 s on two cores, so
 * it stays in the default suite: it is the gallery's main promise.
 */
class GalleryDurabilityTest {
  private static final int ROUNDS = 20;

  /** More than the child can enroll in 20 short rounds, so it is always killed mid-way. */
  private static final int TEMPLATES = 1_000_000;

  @TempDir Path tmp;

  @Test
  void everyAcknowledgedEnrollmentSurvivesKillDashNine() throws Exception {
    long seed = Long.getLong("likeness.test.seed", 7_301L);
    try {
      run(seed);
    } catch (AssertionError | Exception e) {
      throw new AssertionError(
          "durability test failed with seed " + seed + " (-Dlikeness.test.seed=" + seed + ")", e);
    }
  }

  private void run(long seed) throws Exception {
    Random random = new Random(seed);
    Path gallery = tmp.resolve("gallery");
    Map<Integer, Long> acked = new TreeMap<>();
    Map<String, Integer> indexOfImage = new HashMap<>();
    for (int round = 0; round < ROUNDS; round++) {
      int before = acked.size();
      String how;
      Path stderr = tmp.resolve("child-" + round + ".err");
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  System.getProperty("java.class.path"),
                  DurabilityChild.class.getName(),
                  gallery.toString(),
                  Integer.toString(TEMPLATES))
              .redirectError(stderr.toFile())
              .start();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        if (random.nextInt(10) < 3) {
          // Anywhere: during start-up, creation, re-enrolling what is there, or new enrollments.
          int millis = random.nextInt(1000);
          how = "after " + millis + " ms";
          Thread.sleep(millis);
        } else {
          // Just after a random number of new acknowledgements, with a little jitter.
          int newAcks = 1 + random.nextInt(40);
          how = "after " + newAcks + " new acks";
          while (newAcks > 0) {
            String line = out.readLine();
            if (line == null) {
              fail("child died on its own in round " + round + ": " + Files.readString(stderr));
            }
            if (record(line, acked)) {
              newAcks--;
            }
          }
          busyWaitMicros(random.nextInt(3000));
        }
        // SIGKILL through the handle: Process.destroyForcibly() would also close our end of the
        // pipe and lose the acknowledgements the child printed just before it died.
        child.toHandle().destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child survived SIGKILL");
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          record(line, acked);
        }
      }
      int lastAcked = acked.isEmpty() ? -1 : ((TreeMap<Integer, Long>) acked).lastKey();
      for (int i = indexOfImage.size(); i <= lastAcked + 1; i++) {
        indexOfImage.put(DurabilityChild.imageSha(i), i);
      }
      int present = verify(gallery, acked, indexOfImage, lastAcked, round, acked.size() - before);
      System.out.printf(
          "round %2d: killed %-22s %4d acknowledged, %4d present, integrity ok%n",
          round, how, acked.size(), present);
    }
    assertTrue(
        acked.size() > 100,
        "only " + acked.size() + " enrollments were acknowledged in " + ROUNDS + " rounds");
  }

  /** Notes an {@code ACK index id} line; true when it acknowledges an index not seen before. */
  private static boolean record(String line, Map<Integer, Long> acked) {
    if (!line.startsWith("ACK ")) {
      return false;
    }
    String[] parts = line.split(" ");
    int index = Integer.parseInt(parts[1]);
    long id = Long.parseLong(parts[2]);
    Long earlier = acked.putIfAbsent(index, id);
    if (earlier != null && earlier != id) {
      fail("template " + index + " was acknowledged as id " + earlier + " and later as id " + id);
    }
    return earlier == null;
  }

  private static void busyWaitMicros(long micros) {
    long end = System.nanoTime() + micros * 1000;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  /** Checks the gallery after a kill; returns how many templates it holds. */
  private static int verify(
      Path dir,
      Map<Integer, Long> acked,
      Map<String, Integer> indexOfImage,
      int lastAcked,
      int round,
      int newAcks)
      throws Exception {
    String context =
        "round " + round + " (" + newAcks + " new acknowledgements, " + acked.size() + " in all)";
    if (!Files.exists(dir.resolve("gallery.db"))) {
      assertTrue(
          acked.isEmpty(), context + ": the gallery is gone but enrollments were acknowledged");
      return 0;
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("gallery.db"));
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
      rs.next();
      assertEquals("ok", rs.getString(1), context + ": integrity_check");
    }
    try (Gallery gallery = Gallery.open(dir, GalleryOptions.defaults())) {
      assertEquals("ok", gallery.integrityCheck(), context);
      Map<Integer, StoredTemplate> present = new TreeMap<>();
      for (PersonSummary summary : gallery.people()) {
        for (StoredTemplate stored : gallery.person(summary.name()).orElseThrow().templates()) {
          Integer index = indexOfImage.get(stored.template().imageSha256());
          if (index == null) {
            fail(
                context
                    + ": template "
                    + stored.id()
                    + " of "
                    + summary.name()
                    + " was never enrolled, or is "
                    + "beyond the last acknowledged one ("
                    + lastAcked
                    + ") plus one in flight");
          }
          assertEquals(
              DurabilityChild.person(index),
              summary.name(),
              context + ": owner of template " + index);
          assertEquals(
              DurabilityChild.template(index),
              stored.template(),
              context + ": content of template " + index);
          present.put(index, stored);
        }
      }
      for (Map.Entry<Integer, Long> ack : acked.entrySet()) {
        StoredTemplate stored = present.get(ack.getKey());
        if (stored == null) {
          fail(
              context
                  + ": acknowledged template "
                  + ack.getKey()
                  + " (id "
                  + ack.getValue()
                  + ") is lost");
        }
        assertEquals(ack.getValue(), stored.id(), context + ": id of template " + ack.getKey());
      }
      // Enrollment is sequential, so what is there is a prefix 0..m, with m at most one past the
      // last ack.
      assertEquals(
          present.size() - 1,
          present.isEmpty() ? -1 : ((TreeMap<Integer, StoredTemplate>) present).lastKey(),
          context + ": templates present are not a prefix: " + present.keySet());
      assertEquals(present.size(), gallery.size(), context + ": in-memory index size");
      for (int i : List.of(0, present.size() / 2, present.size() - 1)) {
        if (present.containsKey(i)) {
          Embedding probe = new Embedding(DurabilityChild.vector(i), TestVectors.DLIB);
          Match best = gallery.search(probe, 1).get(0);
          assertEquals(
              present.get(i).id(), best.bestTemplateId(), context + ": search for template " + i);
        }
      }
      return present.size();
    }
  }
}
