package org.likeness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad image gets exit code 2 and one line naming the file and the problem, before any
 * model is loaded (so these run without fetched models).
 */
class BadInputTest {
  @TempDir Path dir;

  private void assertRefused(Path bad, String problem) {
    for (String[] args :
        new String[][] {
          {"verify", bad.toString(), CliRun.lfwImage().toString()},
          {"embed", bad.toString()},
          {"detect", bad.toString()}
        }) {
      CliRun.Result r = CliRun.run(args);
      assertEquals(2, r.code(), "exit code of " + Arrays.toString(args) + "; stderr: " + r.err());
      String line = r.err().strip();
      assertEquals(1, line.lines().count(), "one line, got: " + line);
      assertTrue(line.contains(bad.toString()), "names the file: " + line);
      assertTrue(line.contains(problem), "says '" + problem + "': " + line);
    }
  }

  @Test
  void emptyFileIsRefused() throws IOException {
    Path f = Files.createFile(dir.resolve("empty.jpg"));
    assertRefused(f, "empty");
  }

  @Test
  void textFileNamedJpgIsRefused() throws IOException {
    Path f = Files.writeString(dir.resolve("notes.jpg"), "these are my holiday notes, not a photo\n");
    assertRefused(f, "no image format");
  }

  @Test
  void truncatedJpegIsRefused() throws IOException {
    byte[] whole = Files.readAllBytes(CliRun.lfwImage());
    Path f = Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(whole, whole.length / 2));
    assertRefused(f, "truncated");
  }

  @Test
  void pngClaimingTenGigapixelsIsRefusedBeforeAllocating() throws IOException {
    Path f = Files.write(dir.resolve("bomb.png"), pngHeader(100_000, 100_000));
    long before = System.nanoTime();
    assertRefused(f, "above the limit");
    assertTrue(System.nanoTime() - before < 20_000_000_000L, "refused from the header, not by decoding");
  }

  @Test
  void directoryIsRefused() throws IOException {
    Path d = Files.createDirectory(dir.resolve("photos.jpg"));
    assertRefused(d, "directory");
  }

  @Test
  void missingFileIsRefused() {
    assertRefused(dir.resolve("nobody.jpg"), "no such file");
  }

  @Test
  void unknownModelIsBadUsageNamingTheChoices() {
    CliRun.Result r = CliRun.run("embed", "--model", "facenet-9000", CliRun.lfwImage().toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("facenet-9000") && r.err().contains("dlib-resnet-128"), r.err());
  }

  @Test
  void unknownOptionIsBadUsage() {
    CliRun.Result r = CliRun.run("verify", "--frobnicate", "a.jpg", "b.jpg");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--frobnicate"), r.err());
  }

  @Test
  void missingModelsNameTheFetchCommand() throws IOException {
    CliRun.Result r = CliRun.run("embed", "--models-dir", dir.resolve("no-models").toString(), CliRun.lfwImage().toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("likeness models fetch"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  /** A PNG signature and IHDR chunk (with a valid CRC) claiming the given size, and no pixel data. */
  static byte[] pngHeader(int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(17);
    ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height);
    ihdr.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    CRC32 crc = new CRC32();
    crc.update(ihdr.array());
    ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4);
    png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    png.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
    return png.array();
  }
}
