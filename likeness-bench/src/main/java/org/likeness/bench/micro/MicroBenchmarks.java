package org.likeness.bench.micro;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.likeness.error.BadInputException;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs this module's JMH micro-benchmarks ({@code likeness bench micro}): the per-call cost of one
 * distance and one exact gallery scan. JMH forks a JVM per benchmark with this JVM's class path,
 * and prints its own progress and its summary table on standard output.
 */
public final class MicroBenchmarks {
  private static final String ALL = "org\\.likeness\\.bench\\..*";

  private MicroBenchmarks() {}

  /**
   * Which benchmarks and how long. Empty optionals keep what each benchmark's annotations say.
   *
   * @param include regular expressions over {@code package.Class.method}; empty runs them all
   * @param params JMH parameters to override, by name ({@code templates}, {@code dimensions}, ...)
   * @param secondsPerIteration length of each warm-up and measurement iteration
   */
  public record Config(
      List<String> include,
      Map<String, List<String>> params,
      OptionalInt forks,
      OptionalInt warmupIterations,
      OptionalInt iterations,
      OptionalInt secondsPerIteration) {
    public Config {
      include = List.copyOf(include);
      params = Map.copyOf(params);
      for (OptionalInt n : List.of(warmupIterations, iterations, secondsPerIteration)) {
        if (n.isPresent() && n.getAsInt() < 1) {
          throw new IllegalArgumentException("iterations and seconds must be at least 1, got " + n.getAsInt());
        }
      }
      if (forks.isPresent() && forks.getAsInt() < 0) {
        throw new IllegalArgumentException("forks must be 0 or more, got " + forks.getAsInt());
      }
    }
  }

  /**
   * Runs the benchmarks that {@code config} selects; JMH prints as it goes.
   *
   * @throws BadInputException when no benchmark matches, naming the ones there are
   */
  public static void run(Config config) throws RunnerException {
    List<String> include = config.include().isEmpty() ? List.of(ALL) : config.include();
    OutputFormat silent = OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT);
    if (BenchmarkList.defaultList().find(silent, include, List.of()).isEmpty()) {
      throw new BadInputException("no micro-benchmark matches " + include + "; there are "
          + BenchmarkList.defaultList().getAll(silent, List.of()).stream().map(b -> b.getUsername()).sorted().toList());
    }
    ChainedOptionsBuilder options = new OptionsBuilder().shouldFailOnError(true);
    include.forEach(options::include);
    config.params().forEach((name, values) -> options.param(name, values.toArray(String[]::new)));
    config.forks().ifPresent(options::forks);
    config.warmupIterations().ifPresent(options::warmupIterations);
    config.iterations().ifPresent(options::measurementIterations);
    config.secondsPerIteration().ifPresent(s -> {
      options.warmupTime(TimeValue.seconds(s));
      options.measurementTime(TimeValue.seconds(s));
    });
    new Runner(options.build()).run();
  }
}
