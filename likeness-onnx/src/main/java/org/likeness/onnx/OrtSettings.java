package org.likeness.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.ExecutionMode;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;

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
 */
public record OrtSettings(int intraOpThreads, boolean allowSpinning, GraphOptimization optimization, boolean cpuArena) {
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
  }

  public OrtSettings(int intraOpThreads, boolean allowSpinning) {
    this(intraOpThreads, allowSpinning, GraphOptimization.ALL, true);
  }

  public static OrtSettings defaults() {
    return new OrtSettings(1, false, GraphOptimization.ALL, true);
  }

  public OrtSettings withIntraOpThreads(int n) {
    return new OrtSettings(n, allowSpinning, optimization, cpuArena);
  }

  public OrtSettings withSpinning(boolean on) {
    return new OrtSettings(intraOpThreads, on, optimization, cpuArena);
  }

  public OrtSettings withOptimization(GraphOptimization level) {
    return new OrtSettings(intraOpThreads, allowSpinning, level, cpuArena);
  }

  public OrtSettings withCpuArena(boolean on) {
    return new OrtSettings(intraOpThreads, allowSpinning, optimization, on);
  }

  @Override
  public String toString() {
    return "intra-op " + intraOpThreads + ", spinning " + (allowSpinning ? "on" : "off") + ", graph optimization "
        + optimization + ", CPU arena " + (cpuArena ? "on" : "off");
  }

  OrtSession.SessionOptions toOptions() throws OrtException {
    OrtSession.SessionOptions o = new OrtSession.SessionOptions();
    o.setIntraOpNumThreads(intraOpThreads);
    o.setInterOpNumThreads(1);
    o.setExecutionMode(ExecutionMode.SEQUENTIAL);
    o.setOptimizationLevel(optimization.level);
    o.setCPUArenaAllocator(cpuArena);
    o.addConfigEntry("session.intra_op.allow_spinning", allowSpinning ? "1" : "0");
    o.addConfigEntry("session.inter_op.allow_spinning", allowSpinning ? "1" : "0");
    return o;
  }
}
