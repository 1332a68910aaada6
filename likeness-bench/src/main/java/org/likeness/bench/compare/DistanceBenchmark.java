package org.likeness.bench.compare;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.likeness.bench.gallery.SyntheticVectors;
import org.likeness.compare.Metric;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@link Metric#distance} call between two unit embeddings, in nanoseconds: what a 1:1
 * verification pays after embedding, and the inner step of a brute-force comparison.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DistanceBenchmark {
  /** The embedders' sizes: dlib-resnet-128, mobilefacenet-192, faceplugin-512. */
  @Param({"128", "192", "512"})
  int dimensions;

  @Param({"COSINE", "L2"})
  Metric metric;

  private float[] a;
  private float[] b;

  @Setup
  public void vectors() {
    SplittableRandom random = new SplittableRandom(20261204L);
    a = SyntheticVectors.randomUnit(random, dimensions);
    b = SyntheticVectors.noisyCopy(random, a, 0.06);
  }

  @Benchmark
  public double distance() {
    return metric.distance(a, b);
  }
}
