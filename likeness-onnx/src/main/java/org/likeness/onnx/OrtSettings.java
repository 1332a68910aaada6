package org.likeness.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.nio.file.Path;
import java.util.Optional;

/**
 * ONNX Runtime session settings. The default is one intra-op thread per session, spinning off,
 * every graph optimization and the CPU memory arena on: Likeness parallelizes across images
 * instead, which on 2 cores beat multi-threaded sessions (see {@code docs/performance.md} for the
 * measurements behind each default).
 *
 * @param intraOpThreads threads one session may use inside an operator
 * @param allowSpinning whether idle ORT threads busy-wait for work
 * @param optimization the graph optimizations ORT applies when it loads a model
 * @param cpuArena whether ORT keeps freed tensor memory in its arena for the next call
 * @param optimizedModelCache where ORT's optimized graphs are kept between processes, so that a
 *     session loads its model's graph as optimized before instead of optimizing it again (see
 *     {@link OptimizedModelCache}); empty: every session optimizes its model
 */
public record OrtSettings(
    int intraOpThreads,
    boolean allowSpinning,
    GraphOptimization optimization,
    boolean cpuArena,
    Optional<Path> optimizedModelCache) {
  /** ORT's graph optimization levels, named as in its documentation. */
  public enum GraphOptimization {
    NONE(OptLevel.NO_OPT),
    BASIC(OptLevel.BASIC_OPT),
    EXTENDED(OptLevel.EXTENDED_OPT),
    ALL(OptLevel.ALL_OPT);

    private final OptLevel level;

    GraphOptimization(OptLevel level) {
      this.level = level;
    }
  }

  public OrtSettings {
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException("intra-op threads must be at least 1, got " + intraOpThreads);
    }
    if (optimization == null) {
      throw new IllegalArgumentException("graph optimization level must be given");
    }
    if (optimizedModelCache == null) {
      throw new IllegalArgumentException("the optimized model cache must be given (Optional.empty() for none)");
    }
  }

  /** Settings without an optimized model cache. */
  public OrtSettings(int intraOpThreads, boolean allowSpinning, GraphOptimization optimization, boolean cpuArena) {
    this(intraOpThreads, allowSpinning, optimization, cpuArena, Optional.empty());
  }

  public OrtSettings(int intraOpThreads, boolean allowSpinning) {
    this(intraOpThreads, allowSpinning, GraphOptimization.ALL, true);
  }

  public static OrtSettings defaults() {
    return new OrtSettings(1, false, GraphOptimization.ALL, true);
  }

  /** Where the command line keeps optimized graphs: {@code ~/.likeness/cache/ort}. */
  public static Path defaultOptimizedModelCache() {
    return Path.of(System.getProperty("user.home"), ".likeness", "cache", "ort");
  }

  public OrtSettings withIntraOpThreads(int n) {
    return new OrtSettings(n, allowSpinning, optimization, cpuArena, optimizedModelCache);
  }

  public OrtSettings withSpinning(boolean on) {
    return new OrtSettings(intraOpThreads, on, optimization, cpuArena, optimizedModelCache);
  }

  public OrtSettings withOptimization(GraphOptimization level) {
    return new OrtSettings(intraOpThreads, allowSpinning, level, cpuArena, optimizedModelCache);
  }

  public OrtSettings withCpuArena(boolean on) {
    return new OrtSettings(intraOpThreads, allowSpinning, optimization, on, optimizedModelCache);
  }

  /** These settings, keeping each model's optimized graph in {@code dir} (created when needed). */
  public OrtSettings withOptimizedModelCache(Path dir) {
    return new OrtSettings(intraOpThreads, allowSpinning, optimization, cpuArena, Optional.of(dir));
  }

  @Override
  public String toString() {
    return "intra-op " + intraOpThreads + ", spinning " + (allowSpinning ? "on" : "off") + ", graph optimization "
        + optimization + ", CPU arena " + (cpuArena ? "on" : "off")
        + optimizedModelCache.map(d -> ", optimized models cached in " + d).orElse("");
  }

  OrtSession.SessionOptions toOptions() throws OrtException {
    return toOptions(optimization);
  }

  /** The session options, but with the graph optimization {@code level}. */
  OrtSession.SessionOptions toOptions(GraphOptimization level) throws OrtException {
    OrtSession.SessionOptions o = new OrtSession.SessionOptions();
    o.setIntraOpNumThreads(intraOpThreads);
    o.setInterOpNumThreads(1);
    o.setExecutionMode(ExecutionMode.SEQUENTIAL);
    o.setOptimizationLevel(level.level);
    o.setCPUArenaAllocator(cpuArena);
    o.addConfigEntry("session.intra_op.allow_spinning", allowSpinning ? "1" : "0");
    o.addConfigEntry("session.inter_op.allow_spinning", allowSpinning ? "1" : "0");
    return o;
  }
}
