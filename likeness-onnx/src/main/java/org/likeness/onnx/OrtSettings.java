package org.likeness.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * ONNX Runtime session settings. The default is one intra-op thread per session with spinning off:
 * Likeness parallelizes across images instead, which on 2 cores beat multi-threaded sessions whose
 * idle threads spin-wait against each other.
 *
 * @param intraOpThreads threads one session may use inside an operator
 * @param allowSpinning whether idle ORT threads busy-wait for work
 */
public record OrtSettings(int intraOpThreads, boolean allowSpinning) {
  public OrtSettings {
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException("intra-op threads must be at least 1, got " + intraOpThreads);
    }
  }

  public static OrtSettings defaults() {
    return new OrtSettings(1, false);
  }

  OrtSession.SessionOptions toOptions() throws OrtException {
    OrtSession.SessionOptions o = new OrtSession.SessionOptions();
    o.setIntraOpNumThreads(intraOpThreads);
    o.setInterOpNumThreads(1);
    o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    o.addConfigEntry("session.intra_op.allow_spinning", allowSpinning ? "1" : "0");
    o.addConfigEntry("session.inter_op.allow_spinning", allowSpinning ? "1" : "0");
    return o;
  }
}
