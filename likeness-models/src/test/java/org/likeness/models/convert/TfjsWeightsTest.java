package org.likeness.models.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.error.BadInputException;

class TfjsWeightsTest {
  @TempDir Path dir;

  @Test
  void decodesQuantizedAndFloat32TensorsInManifestOrder() throws IOException {
    Path manifest =
        new TfjsManifestFixture()
            .quantized("a", new int[] {2, 2}, new byte[] {0, 1, 2, (byte) 255}, 0.5, -1.0)
            .float32("b", new int[] {3}, new float[] {1.5f, -2.25f, 1e-7f})
            .writeTo(dir);

    Map<String, TfjsWeights.Tensor> tensors =
        TfjsWeights.read(manifest, dir.resolve(TfjsManifestFixture.BIN));

    assertEquals(List.of("a", "b"), List.copyOf(tensors.keySet()));
    assertArrayEquals(new int[] {2, 2}, tensors.get("a").shape());
    assertArrayEquals(new float[] {-1.0f, -0.5f, 0.0f, 126.5f}, tensors.get("a").values());
    assertArrayEquals(new float[] {1.5f, -2.25f, 1e-7f}, tensors.get("b").values());
  }

  @Test
  void decodesFloat16QuantizedAndInt32TensorsExactly() throws IOException {
    // 1, -2, 0.5, 65504 (largest half), 2^-24 (smallest subnormal), -0
    short[] halves = {0x3C00, (short) 0xC000, 0x3800, 0x7BFF, 0x0001, (short) 0x8000};
    Path manifest =
        new TfjsManifestFixture()
            .float16("h", new int[] {6}, halves)
            .int32("shape", new int[] {2}, new int[] {-1, 2048})
            .writeTo(dir);

    Map<String, TfjsWeights.Tensor> tensors =
        TfjsWeights.read(manifest, dir.resolve(TfjsManifestFixture.BIN));

    assertArrayEquals(
        new float[] {1f, -2f, 0.5f, 65504f, 0x1p-24f, -0f}, tensors.get("h").values());
    assertTrue(tensors.get("shape").isInt32());
    assertArrayEquals(new int[] {-1, 2048}, tensors.get("shape").ints());
  }

  @Test
  void rejectsDtypeOtherThanFloat32OrInt32NamingTheTensor() throws IOException {
    Path manifest =
        new TfjsManifestFixture().float32("w", new int[] {1}, new float[1]).writeTo(dir);
    Files.writeString(manifest, Files.readString(manifest).replace("float32", "bool"));

    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> TfjsWeights.read(manifest, dir.resolve(TfjsManifestFixture.BIN)));

    assertTrue(e.getMessage().contains("tensor 'w'"), e.getMessage());
    assertTrue(e.getMessage().contains("'bool'"), e.getMessage());
  }

  @Test
  void truncatedBinIsReportedWithFileNamesAndByteCounts() throws IOException {
    Path manifest =
        new TfjsManifestFixture()
            .quantized("a", new int[] {4}, new byte[4], 1, 0)
            .float32("b", new int[] {2}, new float[2])
            .writeTo(dir);
    Path bin = dir.resolve(TfjsManifestFixture.BIN);
    Files.write(bin, new byte[7]);

    BadInputException e =
        assertThrows(BadInputException.class, () -> TfjsWeights.read(manifest, bin));

    assertTrue(e.getMessage().contains(bin.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(manifest.toString()), e.getMessage());
    assertTrue(
        e.getMessage().contains("has 7 bytes but manifest")
            && e.getMessage().contains("describes 12 bytes in 2 tensors"),
        e.getMessage());
  }

  @Test
  void rejectsQuantizationOtherThanUint8OrFloat16NamingTheTensor() throws IOException {
    Path manifest =
        new TfjsManifestFixture().quantized("w", new int[] {2}, new byte[2], 1, 0).writeTo(dir);
    Files.writeString(manifest, Files.readString(manifest).replace("uint8", "uint16"));

    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> TfjsWeights.read(manifest, dir.resolve(TfjsManifestFixture.BIN)));

    assertTrue(e.getMessage().contains("tensor 'w'"), e.getMessage());
    assertTrue(e.getMessage().contains("'uint16'"), e.getMessage());
  }

  @Test
  void rejectsManifestSplitOverSeveralBins() throws IOException {
    Path manifest =
        new TfjsManifestFixture().float32("w", new int[] {1}, new float[1]).writeTo(dir);
    Files.writeString(
        manifest, Files.readString(manifest).replace("\"model.bin\"", "\"a.bin\", \"b.bin\""));

    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> TfjsWeights.read(manifest, dir.resolve(TfjsManifestFixture.BIN)));

    assertTrue(e.getMessage().contains("over 2 files [a.bin, b.bin]"), e.getMessage());
  }

  @Test
  void rejectsMalformedJsonNamingTheManifest() throws IOException {
    Path manifest = dir.resolve("broken.json");
    Files.writeString(manifest, "[{\"weights\": [");
    Path bin = Files.write(dir.resolve("x.bin"), new byte[0]);

    BadInputException e =
        assertThrows(BadInputException.class, () -> TfjsWeights.read(manifest, bin));

    assertTrue(e.getMessage().contains(manifest + " is not valid JSON"), e.getMessage());
  }
}
