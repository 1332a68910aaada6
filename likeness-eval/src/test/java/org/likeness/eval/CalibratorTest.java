package org.likeness.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.likeness.compare.Metric;
import org.likeness.embed.Embedding;
import org.likeness.embed.ModelId;
import org.likeness.error.BadInputException;
import org.likeness.models.Calibration;
import org.likeness.models.ModelCatalog;

class CalibratorTest {
  private static final ModelId MODEL = ModelCatalog.MOBILEFACENET_192.id();

  @Test
  void thresholdLetsInExactlyTheAllowedShareOfImpostors() {
    double[] sorted = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
    assertEquals(0.25, Calibrator.thresholdFor(sorted, 0.2), 1e-12);
    assertEquals(0.1 - 1e-6, Calibrator.thresholdFor(sorted, 0.05), 1e-12);
  }

  @Test
  void everyPairOfPhotosIsGenuineOrImpostorByFolder() {
    Map<Path, Optional<Embedding>> e = new LinkedHashMap<>();
    e.put(Path.of("lfw", "Ann", "Ann_0001.jpg"), Optional.of(new Embedding(new float[] {1, 0}, MODEL)));
    e.put(Path.of("lfw", "Ann", "Ann_0002.jpg"), Optional.of(new Embedding(new float[] {0.6f, 0.8f}, MODEL)));
    e.put(Path.of("lfw", "Bob", "Bob_0001.jpg"), Optional.of(new Embedding(new float[] {0, 1}, MODEL)));
    e.put(Path.of("lfw", "Cy", "Cy_0001.jpg"), Optional.empty());
    Calibrator.AllPairs all = Calibrator.allPairs(e, Metric.COSINE);
    assertEquals(1, all.genuine().length);
    assertEquals(0.4, all.genuine()[0], 1e-6);
    assertEquals(2, all.impostor().length, "no face, no pairs");
    assertTrue(List.of(1.0, 0.2).stream().anyMatch(d -> Math.abs(d - all.impostor()[0]) < 1e-6));
  }

  @Test
  void aRateTooLowForThePhotosIsRefusedByName() {
    Map<Path, Optional<Embedding>> e = new LinkedHashMap<>();
    List<LfwPair> pairs = new java.util.ArrayList<>();
    for (int p = 0; p < 6; p++) {
      for (int i = 0; i < 2; i++) {
        double a = p + 0.1 * i;
        e.put(Path.of("lfw", "P" + p, "P" + p + "_" + i + ".jpg"),
            Optional.of(new Embedding(new float[] {(float) Math.cos(a), (float) Math.sin(a)}, MODEL)));
      }
      pairs.add(new LfwPair(Path.of("lfw", "P" + p, "P" + p + "_0.jpg"), Path.of("lfw", "P" + p, "P" + p + "_1.jpg"), true, 0));
    }
    PairScores listed = PairScores.of(pairs, e, Metric.COSINE);
    BadInputException ex = assertThrows(BadInputException.class, () -> Calibrator.calibrate(
        ModelCatalog.MOBILEFACENET_192, true, listed, e, "tiny", List.of(1e-3)));
    assertTrue(ex.getMessage().contains("tiny") && ex.getMessage().contains("60 different-person pairs"), ex.getMessage());
    Calibration c = Calibrator.calibrate(ModelCatalog.MOBILEFACENET_192, true, listed, e, "tiny", List.of());
    assertEquals(0.1, c.points().get(0).far(), "only rates with 5 or more impostors under them: 60 pairs reach 1e-1");
    assertEquals(1, c.points().size());
  }
}
