package org.likeness.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.likeness.eval.LfwPair;
import org.likeness.eval.LfwPairs;
import picocli.CommandLine.Option;

/**
 * The development pairs a calibration is chosen on: {@code --pairs} and {@code --images}, LFW's
 * DevTrain list under {@link LfwPairs#defaultRoot()} unless given. Shared by {@code calibrate},
 * {@code models calibrate-int8} and {@code models calibrate-int8-detector}.
 */
final class DevPairsOption {
  @Option(names = "--pairs", paramLabel = "FILE",
      description = "LFW-format development pair list; only its photos are used (default: ../shared/data/lfw/pairsDevTrain.txt).")
  Path pairs;

  @Option(names = "--images", paramLabel = "DIR", description = "Image root (default: ../shared/data/lfw/images_deepfunneled).")
  Path images;

  /** The pair list: {@code --pairs}, or LFW's DevTrain list. */
  Path pairFile() {
    return pairs != null ? pairs : LfwPairs.defaultRoot().resolve("pairsDevTrain.txt");
  }

  /** The pairs, with their photos resolved under the image root. */
  List<LfwPair> read() throws IOException {
    return LfwPairs.read(pairFile(), images != null ? images : LfwPairs.defaultRoot().resolve("images_deepfunneled"));
  }

  /** Each photo of {@code list} once, in the order the pairs name them. */
  static List<Path> distinctPhotos(List<LfwPair> list) {
    Set<Path> distinct = new LinkedHashSet<>();
    for (LfwPair p : list) {
      distinct.add(p.first());
      distinct.add(p.second());
    }
    return new ArrayList<>(distinct);
  }
}
