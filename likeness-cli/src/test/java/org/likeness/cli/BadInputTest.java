package org.likeness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
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

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintWriter o = new PrintWriter(out, true, StandardCharsets.UTF_8);
        PrintWriter e = new PrintWriter(err, true, StandardCharsets.UTF_8)) {
      code = LikenessCommand.execute(args, o, e);
    }
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static Path lfwImage() {
    String root = System.getProperty("likeness.lfw", "../../shared/data/lfw");
    return Path.of(root, "images_deepfunneled", "Aaron_Eckhart", "Aaron_Eckhart_0001.jpg");
  }

  private void assertRefused(Path bad, String problem) {
    for (String[] args :
        new String[][] {
          {"verify", bad.toString(), lfwImage().toString()},
          {"embed", bad.toString()},
          {"detect", bad.toString()}
        }) {
      Run r = run(args);
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
    byte[] whole = Files.readAllBytes(lfwImage());
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
    Run r = run("embed", "--model", "facenet-9000", lfwImage().toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("facenet-9000") && r.err().contains("dlib-resnet-128"), r.err());
  }

  @Test
  void unknownOptionIsBadUsage() {
    Run r = run("verify", "--frobnicate", "a.jpg", "b.jpg");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--frobnicate"), r.err());
  }

  @Test
  void missingModelsNameTheFetchCommand() throws IOException {
    Run r = run("embed", "--models-dir", dir.resolve("no-models").toString(), lfwImage().toString());
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
