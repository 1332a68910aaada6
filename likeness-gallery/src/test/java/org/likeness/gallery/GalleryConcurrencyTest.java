package org.likeness.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.likeness.gallery.TestVectors.DLIB;
import static org.likeness.gallery.TestVectors.embedding;
import static org.likeness.gallery.TestVectors.noisyCopy;
import static org.likeness.gallery.TestVectors.randomUnit;
import static org.likeness.gallery.TestVectors.template;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.likeness.gallery.search.EngineChoice;
import org.likeness.gallery.search.IndexOptions;

/** Searches from several threads while another thread enrolls and removes. */
class GalleryConcurrencyTest {
  private static final int DIM = 64;
  private static final long SEED = 99L;
  private static final int RESIDENTS = 50;
  private static final int NEWCOMERS = 400;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(
      value = EngineChoice.class,
      names = {"EXACT", "HNSW"})
  void searchesStayConsistentWhileEnrollmentGoesOn(EngineChoice engine) throws Exception {
    Random random = new Random(SEED);
    GalleryOptions options =
        GalleryOptions.defaults()
            .withIndex(IndexOptions.defaults().withEngine(engine).withThreads(2));
    try (Gallery gallery =
        Gallery.create(dir.resolve("g"), GallerySpec.cosine("busy", DLIB, DIM), options)) {
      // Residents are never touched: a probe of one must always find them, whatever else happens.
      List<float[]> residents = new ArrayList<>();
      for (int p = 0; p < RESIDENTS; p++) {
        residents.add(randomUnit(random, DIM));
        for (int i = 0; i < 2; i++) {
          gallery.enroll(
              "resident " + p,
              template(noisyCopy(random, residents.get(p), 0.02), DLIB, "r" + p + "-" + i));
        }
      }
      AtomicBoolean enrolling = new AtomicBoolean(true);
      Set<String> everEnrolled = ConcurrentHashMap.newKeySet();
      AtomicInteger searches = new AtomicInteger();
      ExecutorService threads = Executors.newFixedThreadPool(4);
      List<Future<?>> searchers = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        long threadSeed = SEED + t;
        searchers.add(
            threads.submit(
                () -> {
                  Random r = new Random(threadSeed);
                  while (enrolling.get()) {
                    int p = r.nextInt(RESIDENTS);
                    List<Match> matches =
                        gallery.search(embedding(noisyCopy(r, residents.get(p), 0.02), DLIB), 5);
                    assertEquals("resident " + p, matches.get(0).identity(), "seed " + threadSeed);
                    Set<String> seen = new HashSet<>();
                    for (int i = 0; i < matches.size(); i++) {
                      Match m = matches.get(i);
                      assertTrue(seen.add(m.identity()), "person listed twice: " + matches);
                      assertTrue(
                          i == 0 || matches.get(i - 1).distance() <= m.distance(),
                          "unsorted: " + matches);
                      assertTrue(
                          m.identity().startsWith("resident ")
                              || everEnrolled.contains(m.identity()),
                          "a match for someone never enrolled: " + m);
                    }
                    searches.incrementAndGet();
                  }
                  return null;
                }));
      }
      Future<?> writer =
          threads.submit(
              () -> {
                Random r = new Random(SEED * 31);
                try {
                  for (int i = 0; i < NEWCOMERS; i++) {
                    String name = "newcomer " + i;
                    everEnrolled.add(name);
                    gallery.enroll(name, template(randomUnit(r, DIM), DLIB, "n" + i));
                    if (i % 5 == 4) {
                      gallery.removePerson("newcomer " + (i - 2));
                    }
                  }
                } finally {
                  enrolling.set(false);
                }
                return null;
              });
      writer.get(300, TimeUnit.SECONDS);
      for (Future<?> f : searchers) {
        f.get(60, TimeUnit.SECONDS);
      }
      threads.shutdown();
      assertEquals(2 * RESIDENTS + NEWCOMERS - NEWCOMERS / 5, gallery.size());
      assertTrue(
          searches.get() > 100, "only " + searches.get() + " searches ran alongside enrollment");
    }
  }
}
