package org.likeness.models.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.likeness.models.convert.UltraFaceInputSize.Centres;
import org.likeness.models.convert.UltraFaceInputSize.Priors;

/** The anchor priors {@link UltraFaceInputSize} generates (the model file itself: {@code UltraFaceInputSizeTest}). */
class UltraFaceInputSizePriorsTest {
  @Test
  void version320HasUltraFacesAnchorCount() {
    // 40x30 cells x 3 + 20x15 x 2 + 10x8 x 2 + 5x4 x 3, as fr_detect.onnx's outputs [1, 4420, 2].
    assertEquals(4420, UltraFaceInputSize.priors(320, 240).count());
    // 20x15 x 3 + 10x8 x 2 + 5x4 x 2 + 3x2 x 3
    assertEquals(1118, UltraFaceInputSize.priors(160, 120).count());
  }

  @Test
  void bothWaysOfCentringAgreeWhereTheInputIsAMultipleOfEveryStride() {
    Priors even = UltraFaceInputSize.priors(256, 192, Centres.FEATURE_MAP);
    Priors centred = UltraFaceInputSize.priors(256, 192, Centres.RECEPTIVE_FIELD);
    for (int i = 0; i < even.centres().length; i++) {
      assertEquals(even.centres()[i], centred.centres()[i], 1e-6, "coordinate " + i);
    }
  }

  /**
   * 120 rows at stride 16 make 7.5 cells, rounded up to 8: spread evenly, the last row's centre sits
   * at 7.5/8 of the height, while the cell looks at rows 112 to 128, centred at 120/120 (clipped to 1).
   */
  @Test
  void centredPriorsSitWhereTheCellLooks() {
    Priors even = UltraFaceInputSize.priors(160, 120, Centres.FEATURE_MAP);
    Priors centred = UltraFaceInputSize.priors(160, 120, Centres.RECEPTIVE_FIELD);
    int firstOfStride16 = 20 * 15 * 3;
    int lastRowFirstCell = firstOfStride16 + 7 * 10 * 2;
    assertEquals(7.5f / 8, even.centres()[lastRowFirstCell * 2 + 1], 1e-6);
    assertEquals(1f, centred.centres()[lastRowFirstCell * 2 + 1], 1e-6);
    assertEquals((0.5f * 16) / 160, centred.centres()[lastRowFirstCell * 2], 1e-6);
    assertNotEquals(even.centres()[lastRowFirstCell * 2 + 1], centred.centres()[lastRowFirstCell * 2 + 1]);
    // sizes do not depend on the centring: 32 px of 160 wide, 32 of 120 high
    assertEquals(32f / 160, centred.sizes()[firstOfStride16 * 2], 1e-6);
    assertEquals(32f / 120, centred.sizes()[firstOfStride16 * 2 + 1], 1e-6);
  }

  @Test
  void aGraphWithoutThePriorsIsRefused() {
    OnnxModel empty = new OnnxModel(7, "test", List.of(new OnnxModel.Opset("", 9)), "no-priors", List.of(), List.of(),
        List.of(OnnxModel.ValueInfo.float32("input")),
        List.of(OnnxModel.ValueInfo.float32("scores"), OnnxModel.ValueInfo.float32("boxes")), List.of());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UltraFaceInputSize.resize(empty, 160, 120));
    assertTrue(e.getMessage().contains("no-priors"), e.getMessage());
  }
}
