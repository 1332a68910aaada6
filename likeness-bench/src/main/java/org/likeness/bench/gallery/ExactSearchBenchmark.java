package org.likeness.bench.gallery;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.likeness.compare.Metric;
import org.likeness.gallery.search.Engine;
import org.likeness.gallery.search.EngineChoice;
import org.likeness.gallery.search.IndexOptions;
import org.likeness.gallery.search.PersonHit;
import org.likeness.gallery.search.PersonScoring;
import org.likeness.gallery.search.TemplateIndex;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One identify against an in-memory gallery with the exact scan, in microseconds: score every
 * template, keep the top 5 people. The scan is bound by memory bandwidth, so the time grows with
 * templates times dimensions. {@code likeness bench gallery} prints the same at 10k to 1M
 * templates next to HNSW, with percentiles and recall; this is the per-call figure for A/B runs.
 * The fork inherits this JVM's options, so it scans with the kernel that {@code
 * -Dlikeness.scan.kernel} and {@code --add-modules jdk.incubator.vector} choose (JMH prints them
 * as "VM options"); alternate {@code simd} and {@code scalar} runs to compare the two.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ExactSearchBenchmark {
  static final int TOP_K = 5;
  static final int TEMPLATES_PER_PERSON = 4;
  static final int PROBES = 256;

  @Param({"10000", "100000"})
  int templates;

  @Param({"128", "512"})
  int dimensions;

  /** Scan threads per query; 1 is the latency a single door sees, more what a loaded server gets. */
  @Param({"1"})
  int threads;

  private TemplateIndex index;
  private float[][] probes;
  private int next;

  @Setup
  public void enroll() {
    SplittableRandom random = new SplittableRandom(20261204L);
    IndexOptions options = IndexOptions.defaults().withEngine(EngineChoice.EXACT).withThreads(threads);
    index = TemplateIndex.inMemory(dimensions, Metric.COSINE, options);
    index.reserve(templates);
    float[][] people = new float[Math.max(1, templates / TEMPLATES_PER_PERSON)][];
    for (int i = 0; i < templates; i++) {
      int person = i / TEMPLATES_PER_PERSON;
      if (people[person] == null) {
        people[person] = SyntheticVectors.randomUnit(random, dimensions);
      }
      index.add(i + 1, "person " + person, SyntheticVectors.noisyCopy(random, people[person], 0.06));
    }
    probes = new float[PROBES][];
    for (int q = 0; q < PROBES; q++) {
      probes[q] = SyntheticVectors.noisyCopy(random, people[random.nextInt(people.length)], 0.06);
    }
  }

  @TearDown
  public void close() {
    index.close();
  }

  @Benchmark
  public List<PersonHit> identify() {
    float[] probe = probes[next];
    next = (next + 1) % PROBES;
    return index.search(probe, TOP_K, PersonScoring.MIN, Engine.EXACT);
  }
}
