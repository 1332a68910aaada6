package org.likeness.models.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.likeness.error.BadInputException;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelFetcher;

class ActivationRangesTest {
  private static InputStream text(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsHeaderAndRangesInOrderAndWritesThemBack() throws IOException {
    ActivationRanges r = ActivationRanges.read(text("# made by a test\nb\t-1.5\t2.25\na\t0.0\t3.0E-5\n"), "t");
    assertEquals(List.of("made by a test"), r.header());
    assertEquals(List.of("b", "a"), List.copyOf(r.ranges().keySet()));
    assertEquals(new ActivationRanges.Range(0f, 3.0e-5f), r.range("a").orElseThrow());
    assertEquals(r.ranges(), ActivationRanges.read(text(r.format()), "again").ranges());
  }

  @Test
  void aBadLineIsRefusedWithItsNumberAndText() {
    BadInputException e = assertThrows(BadInputException.class,
        () -> ActivationRanges.read(text("# h\na\t1\t2\nb\t3\t-3\n"), "table.tsv"));
    assertTrue(e.getMessage().contains("table.tsv line 3 'b\t3\t-3'"), e.getMessage());
    BadInputException twice = assertThrows(BadInputException.class,
        () -> ActivationRanges.read(text("a\t1\t2\na\t1\t2\n"), "table.tsv"));
    assertTrue(twice.getMessage().contains("'a' is listed twice"), twice.getMessage());
  }

  @Test
  void theShippedMobileFaceNetTableSaysHowItWasMadeAndReluRangesStartAtZero() throws IOException {
    ActivationRanges r = ModelFetcher.int8Ranges(ModelCatalog.MOBILEFACENET_192_INT8_RANGES);
    assertEquals(198, r.ranges().size());
    assertTrue(r.header().stream().anyMatch(h -> h.startsWith("regenerate: likeness models calibrate-int8")), r.header().toString());
    assertTrue(r.header().stream().anyMatch(h -> h.contains("pairsDevTrain.txt")), r.header().toString());
    for (var e : r.ranges().entrySet()) {
      if (e.getKey().endsWith("/negative_part")) {
        assertEquals(0f, e.getValue().min(), e.getKey() + " follows a Relu");
      }
    }
  }
}
