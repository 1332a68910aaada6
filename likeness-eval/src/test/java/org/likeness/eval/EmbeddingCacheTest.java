package org.likeness.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingCacheTest {
  private static final int DIMS = 4;
  @TempDir Path dir;

  private static String sha(int i) {
    byte[] b = new byte[32];
    b[31] = (byte) i;
    b[0] = 7;
    return HexFormat.of().formatHex(b);
  }

  private static float[] vector(int i) {
    return new float[] {i, 0.5f, -0.25f, 1f / (i + 1)};
  }

  @Test
  void aSecondCacheOfTheSameFileReadsButNeverAppends() {
    try (EmbeddingCache first = new EmbeddingCache(dir, "m", DIMS)) {
      assertTrue(first.writes());
      first.put(sha(1), vector(1));
      first.put(sha(2), null);
      try (EmbeddingCache second = new EmbeddingCache(dir, "m", DIMS)) {
        assertFalse(second.writes(), "two writers of one cache file");
        second.put(sha(3), vector(3));
        assertArrayEquals(vector(3), second.get(sha(3)).orElseThrow().orElseThrow(), "kept in memory");
      }
      first.put(sha(4), vector(4));
    }
    try (EmbeddingCache again = new EmbeddingCache(dir, "m", DIMS)) {
      assertTrue(again.writes(), "the lock is released on close");
      assertEquals(3, again.size());
      assertArrayEquals(vector(4), again.get(sha(4)).orElseThrow().orElseThrow());
      assertTrue(again.get(sha(2)).orElseThrow().isEmpty(), "a photo without a face stays face-less");
      assertTrue(again.get(sha(3)).isEmpty(), "the second cache's vector was written");
    }
  }

  @Test
  void aDamagedTailIsCutOffAndTheCacheGoesOn() throws IOException {
    Path file;
    try (EmbeddingCache cache = new EmbeddingCache(dir, "m", DIMS)) {
      cache.put(sha(1), vector(1));
      cache.put(sha(2), vector(2));
      file = cache.file();
    }
    long sound = Files.size(file);
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file, StandardOpenOption.APPEND))) {
      out.write(HexFormat.of().parseHex(sha(5)));
      out.writeByte(1);
      out.writeFloat(0.1f);
      out.writeFloat(Float.NaN); // what two interleaved writers left behind
      out.writeFloat(0.2f);
      out.writeFloat(0.3f);
      out.write(new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
    }
    try (EmbeddingCache cache = new EmbeddingCache(dir, "m", DIMS)) {
      assertEquals(2, cache.size());
      assertTrue(cache.get(sha(5)).isEmpty(), "a record with a NaN component was read");
      assertEquals(sound, Files.size(file), "the damaged tail is cut off");
      cache.put(sha(6), vector(6));
    }
    try (EmbeddingCache cache = new EmbeddingCache(dir, "m", DIMS)) {
      assertEquals(3, cache.size());
      assertArrayEquals(vector(6), cache.get(sha(6)).orElseThrow().orElseThrow());
    }
  }

  @Test
  void aFlagByteOtherThanZeroOrOneEndsTheReading() throws IOException {
    Path file;
    try (EmbeddingCache cache = new EmbeddingCache(dir, "m", DIMS)) {
      cache.put(sha(1), vector(1));
      file = cache.file();
    }
    long sound = Files.size(file);
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file, StandardOpenOption.APPEND))) {
      out.write(HexFormat.of().parseHex(sha(2)));
      out.writeByte(42);
      out.write(new byte[4 * DIMS]);
    }
    try (EmbeddingCache cache = new EmbeddingCache(dir, "m", DIMS)) {
      assertEquals(1, cache.size());
      assertEquals(sound, Files.size(file));
    }
  }
}
