package org.likeness.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.error.ModelMissingException;

/** {@link ModelStore#require} hashes a file once, then trusts its stamp only while size and time match. */
class ModelStoreStampTest {
  private static final byte[] WEIGHTS = "weights of a small network".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  @TempDir Path dir;

  private static ModelSpec spec(String sha256) {
    return new ModelSpec("stamp-test", ModelKind.LIVENESS, new ModelSource.BuiltIn(), "net.onnx", sha256,
        32, 32, TensorLayout.NHWC, new float[] {0, 0, 0}, new float[] {1, 1, 1}, 0, null, 0, null, "");
  }

  private Path install(byte[] content, Instant modified) throws IOException {
    Path f = dir.resolve("net.onnx");
    Files.write(f, content);
    Files.setLastModifiedTime(f, FileTime.from(modified));
    return f;
  }

  @Test
  void writesAStampThatNamesTheHashSizeAndTime() throws IOException {
    Instant then = Instant.parse("2026-01-02T03:04:05Z");
    Path f = install(WEIGHTS, then);
    ModelSpec s = spec(Sha256.of(WEIGHTS));
    assertEquals(f, ModelStore.at(dir).require(s));
    assertEquals(List.of(s.sha256() + " " + WEIGHTS.length + " " + then.toEpochMilli()),
        Files.readAllLines(dir.resolve("net.onnx.verified")));
  }

  @Test
  void refusesAFileChangedInPlaceDespiteItsStamp() throws IOException {
    ModelSpec s = spec(Sha256.of(WEIGHTS));
    install(WEIGHTS, Instant.parse("2026-01-02T03:04:05Z"));
    ModelStore.at(dir).require(s);
    byte[] other = WEIGHTS.clone();
    other[0] ^= 1; // same size, new time: the stamp no longer matches, so the file is hashed again
    install(other, Instant.parse("2026-01-02T03:04:06Z"));
    ModelMissingException e = assertThrows(ModelMissingException.class, () -> ModelStore.at(dir).require(s));
    assertTrue(e.getMessage().contains("has SHA-256 " + Sha256.of(other)), e.getMessage());
  }

  @Test
  void aStampThatRecordsAnotherHashFailsTheCheck() throws IOException {
    byte[] other = WEIGHTS.clone();
    other[3] ^= 1;
    Instant then = Instant.parse("2026-01-02T03:04:05Z");
    install(other, then);
    ModelSpec s = spec(Sha256.of(WEIGHTS));
    // A stamp for this size and time, recording the hash the file has rather than the one the spec needs:
    Files.writeString(dir.resolve("net.onnx.verified"), Sha256.of(other) + " " + other.length + " " + then.toEpochMilli());
    assertThrows(ModelMissingException.class, () -> ModelStore.at(dir).require(s));
  }

  @Test
  void aGarbledStampIsReplacedAfterHashing() throws IOException {
    Instant then = Instant.parse("2026-01-02T03:04:05Z");
    install(WEIGHTS, then);
    Files.writeString(dir.resolve("net.onnx.verified"), "not a stamp");
    ModelSpec s = spec(Sha256.of(WEIGHTS));
    ModelStore.at(dir).require(s);
    assertEquals(List.of(s.sha256() + " " + WEIGHTS.length + " " + then.toEpochMilli()),
        Files.readAllLines(dir.resolve("net.onnx.verified")));
  }

  @Test
  void aFileJustWrittenGetsNoStampYet() throws IOException {
    install(WEIGHTS, Instant.now());
    ModelStore.at(dir).require(spec(Sha256.of(WEIGHTS)));
    assertTrue(Files.notExists(dir.resolve("net.onnx.verified")));
  }
}
