package org.likeness.eval;

import java.nio.file.Path;
import java.util.Optional;
import org.likeness.engine.DetectorChoice;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelStore;

/**
 * Prints the View 1 report for every embedder, with and without flip (a development tool). Arguments:
 * LFW root, comma-separated models, and optionally a detector ({@code --detector}'s names).
 */
public final class DevSplitTool {
  public static void main(String[] args) {
    Path lfw = args.length > 0 ? Path.of(args[0]) : LfwPairs.defaultRoot();
    ModelStore store = ModelStore.locate(Optional.empty());
    DetectorChoice detector = args.length > 2 ? DetectorChoice.parse(args[2]) : DetectorChoice.DEFAULT;
    for (String name : args.length > 1 ? args[1].split(",") : new String[] {"faceplugin-512", "dlib-resnet-128", "pixels"}) {
      for (boolean flip : new boolean[] {true, false}) {
        System.out.println(DevSplitReport.run(ModelCatalog.embedder(name), flip, lfw, store, 2, (d, t) -> {}, detector));
      }
    }
  }
}
