package org.likeness.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.align.AlignmentTemplate;
import org.likeness.compare.Metric;
import org.likeness.embed.FaceEmbedder;
import org.likeness.embed.ModelId;
import org.likeness.error.BadInputException;
import org.likeness.image.RgbImage;
import org.likeness.models.ModelCatalog;

/** {@code head.bin} round-trips exactly, and every kind of bad file is refused with a clear message. */
class HeadFileTest {
  @TempDir Path dir;

  static final ModelId BACKBONE = ModelCatalog.DLIB_RESNET_128.id();

  static HeadManifest manifest(HeadArchitecture arch, int d, int k) {
    TrainingConfig config = new TrainingConfig(arch, k, 3, 8, 4, Mining.BATCH_HARD, 0.2, 1e-3, 99);
    return new HeadManifest(arch, d, k, BACKBONE,
        new DataProvenance("ab".repeat(32), 10, 40, "test people"), config, 0.2, 0.25,
        "test calibration", "likeness test", "2025-01-02T03:04:05Z");
  }

  static EmbeddingHead trainedLooking(HeadArchitecture arch, int d, int k) {
    return GradientCheckTest.randomHead(arch, d, k, new SplittableRandom(5));
  }

  @Test
  void savedHeadLoadsWithTheSameParametersManifestAndName() throws IOException {
    for (HeadArchitecture arch : HeadArchitecture.values()) {
      EmbeddingHead head = trainedLooking(arch, 16, 8);
      Path file = dir.resolve(arch + ".bin");
      TrainedHead written = HeadFile.write(file, manifest(arch, 16, 8), head);
      TrainedHead read = HeadFile.read(file);
      assertTrue(read.head().sameAs(head), arch + " parameters survive bit for bit");
      assertEquals(written.manifest(), read.manifest());
      assertEquals(written.sha256(), read.sha256());
      assertEquals(org.likeness.models.Sha256.of(file), read.sha256(), "named by the whole file's SHA-256");
      assertEquals("dlib-resnet-128+head-" + read.sha256().substring(0, 8), read.id().name());
      float[] x = {0.3f, -1, 2, 0, 0, 0, 0.5f, 0, 0, 0, 0, 0, 0, 0, 1, 0};
      assertArrayEquals(head.apply(x), read.head().apply(x));
    }
  }

  @Test
  void flippedByteAnywhereIsReportedAsCorrupt() throws IOException {
    Path file = dir.resolve("head.bin");
    HeadFile.write(file, manifest(HeadArchitecture.LINEAR, 4, 4), trainedLooking(HeadArchitecture.LINEAR, 4, 4));
    byte[] bytes = Files.readAllBytes(file);
    for (int at : new int[] {20, bytes.length / 2, bytes.length - 40, bytes.length - 1}) {
      byte[] bad = bytes.clone();
      bad[at] ^= 0x10;
      Path f = Files.write(dir.resolve("bad" + at + ".bin"), bad);
      BadInputException e = assertThrows(BadInputException.class, () -> HeadFile.read(f));
      assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("corrupt"), e.getMessage());
    }
  }

  @Test
  void truncatedFileIsRefused() throws IOException {
    Path file = dir.resolve("head.bin");
    HeadFile.write(file, manifest(HeadArchitecture.LINEAR, 4, 4), trainedLooking(HeadArchitecture.LINEAR, 4, 4));
    byte[] bytes = Files.readAllBytes(file);
    Path cut = Files.write(dir.resolve("cut.bin"), java.util.Arrays.copyOf(bytes, bytes.length - 100));
    BadInputException e = assertThrows(BadInputException.class, () -> HeadFile.read(cut));
    assertTrue(e.getMessage().contains("corrupt or truncated"), e.getMessage());
  }

  @Test
  void foreignFileIsRefusedNamingWhatItStartsWith() throws IOException {
    Path onnx = Files.write(dir.resolve("model.onnx"), "\u0008\u0007\u0012\u0004onnx-model-bytes".getBytes(StandardCharsets.ISO_8859_1));
    BadInputException e = assertThrows(BadInputException.class, () -> HeadFile.read(onnx));
    assertTrue(e.getMessage().contains(onnx.toString()) && e.getMessage().contains("not a Likeness head file")
        && e.getMessage().contains("LKNSHEAD"), e.getMessage());
  }

  @Test
  void missingFileIsRefusedNamingIt() {
    Path none = dir.resolve("nothing.bin");
    BadInputException e = assertThrows(BadInputException.class, () -> HeadFile.read(none));
    assertTrue(e.getMessage().contains(none.toString()) && e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void newerFormatVersionIsRefusedNamingBothVersions() throws IOException {
    byte[] bytes = HeadFile.encode(manifest(HeadArchitecture.LINEAR, 4, 4), trainedLooking(HeadArchitecture.LINEAR, 4, 4));
    ByteBuffer.wrap(bytes).putInt(8, 7);
    BadInputException e = assertThrows(BadInputException.class, () -> HeadFile.decode(bytes, "v7.bin"));
    assertTrue(e.getMessage().contains("version 7") && e.getMessage().contains("version 1"), e.getMessage());
  }

  @Test
  void headerThatDisagreesWithTheParametersIsRefused() {
    // A well-formed file (valid checksum) whose header claims 4 -> 2 while holding a 4 -> 4 head.
    byte[] good = HeadFile.encode(manifest(HeadArchitecture.LINEAR, 4, 2), trainedLooking(HeadArchitecture.LINEAR, 4, 2));
    byte[] bigger = HeadFile.encode(manifest(HeadArchitecture.LINEAR, 4, 4), trainedLooking(HeadArchitecture.LINEAR, 4, 4));
    int headerLength = ByteBuffer.wrap(good).getInt(12);
    int biggerHeader = ByteBuffer.wrap(bigger).getInt(12);
    int params = bigger.length - 16 - biggerHeader - 32;
    ByteBuffer mixed = ByteBuffer.allocate(16 + headerLength + params);
    mixed.put(good, 0, 16 + headerLength).put(bigger, 16 + biggerHeader, params);
    byte[] body = mixed.array();
    byte[] file = java.util.Arrays.copyOf(body, body.length + 32);
    System.arraycopy(sha256(body), 0, file, body.length, 32);
    BadInputException e = assertThrows(BadInputException.class, () -> HeadFile.decode(file, "mixed.bin"));
    assertTrue(e.getMessage().contains("160 parameter bytes") && e.getMessage().contains("needs 80"), e.getMessage());
  }

  static byte[] sha256(byte[] b) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(b);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A stand-in backbone that returns fixed raw vectors; no model needed. */
  record FixedBackbone(ModelId id, int dimensions) implements FaceEmbedder {
    @Override
    public AlignmentTemplate template() {
      return AlignmentTemplate.DLIB_150;
    }

    @Override
    public Metric metric() {
      return Metric.COSINE;
    }

    @Override
    public float[][] embedChips(List<RgbImage> chips) {
      float[][] out = new float[chips.size()][dimensions];
      for (int i = 0; i < out.length; i++) {
        out[i][i % dimensions] = 3;
        out[i][(i + 1) % dimensions] = -4;
      }
      return out;
    }

    @Override
    public void close() {}
  }

  @Test
  void headEmbedderAppliesTheHeadToEachNormalizedChipAndCarriesTheHeadsId() throws IOException {
    EmbeddingHead head = trainedLooking(HeadArchitecture.MLP, 6, 3);
    TrainedHead trained = HeadFile.write(dir.resolve("h.bin"), manifest(HeadArchitecture.MLP, 6, 3), head);
    try (HeadEmbedder e = new HeadEmbedder(new FixedBackbone(BACKBONE, 6), trained)) {
      RgbImage chip = new RgbImage(150, 150, new byte[150 * 150 * 3]);
      float[][] out = e.embedChips(List.of(chip, chip));
      assertArrayEquals(head.apply(new float[] {0.6f, -0.8f, 0, 0, 0, 0}), out[0], 1e-6f);
      assertArrayEquals(head.apply(new float[] {0, 0.6f, -0.8f, 0, 0, 0}), out[1], 1e-6f);
      assertEquals(trained.id(), e.id());
      assertEquals(3, e.dimensions());
      assertEquals(0.25, e.maxDistance());
    }
  }

  @Test
  void headEmbedderRefusesABackboneItWasNotTrainedOn() throws IOException {
    TrainedHead trained = HeadFile.write(dir.resolve("h.bin"), manifest(HeadArchitecture.LINEAR, 6, 3),
        trainedLooking(HeadArchitecture.LINEAR, 6, 3));
    ModelId other = ModelCatalog.FACEPLUGIN_512.id();
    BadInputException e = assertThrows(BadInputException.class,
        () -> new HeadEmbedder(new FixedBackbone(other, 6), trained));
    assertTrue(e.getMessage().contains("dlib-resnet-128") && e.getMessage().contains("faceplugin-512"), e.getMessage());
  }

  @Test
  void modelVariantParsesBackboneAndHeadFileAndRefusesUnknownBackbones() {
    ModelVariant v = ModelVariant.parse("dlib-resnet-128+/tmp/some/head.bin");
    assertEquals(ModelCatalog.DLIB_RESNET_128, v.backbone());
    assertEquals(Path.of("/tmp/some/head.bin"), v.headFile().orElseThrow());
    assertTrue(ModelVariant.parse("faceplugin-512").headFile().isEmpty());
    BadInputException e = assertThrows(BadInputException.class, () -> ModelVariant.parse("facenet-9000+h.bin"));
    assertTrue(e.getMessage().contains("facenet-9000"), e.getMessage());
    assertThrows(BadInputException.class, () -> ModelVariant.parse("dlib-resnet-128+"));
  }
}
