package org.likeness.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.likeness.error.BadInputException;

/**
 * Reads and writes {@code head.bin}, a trained head with its provenance. All integers and floats are
 * big-endian:
 *
 * <pre>
 * offset        size  content
 * 0             8     magic, the ASCII bytes "LKNSHEAD"
 * 8             4     format version, int32 = {@value #VERSION}
 * 12            4     header length H in bytes, int32
 * 16            H     header: UTF-8 JSON of a {@link HeadManifest}
 * 16+H          8*N   parameters: float64 values, tensor after tensor in {@link EmbeddingHead}'s
 *                     documented order, each matrix row-major; N follows from the manifest's
 *                     architecture and dimensions
 * end-32        32    SHA-256 of every byte before it
 * </pre>
 *
 * <p>The SHA-256 of the whole file names the head ({@link TrainedHead#id()}). Reading checks, in
 * order, the magic, the version, the trailing checksum, the header and the parameter count, and each
 * failure is a {@link BadInputException} that names the file and what is wrong.
 */
public final class HeadFile {
  /** The first eight bytes of every head file. */
  public static final String MAGIC = "LKNSHEAD";
  /** The format version this code writes and reads. */
  public static final int VERSION = 1;

  private static final int PREFIX = 16;
  private static final int CHECKSUM = 32;
  private static final long MAX_BYTES = 256L << 20;
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private HeadFile() {}

  /** The complete file contents for {@code head} under {@code manifest}. */
  public static byte[] encode(HeadManifest manifest, EmbeddingHead head) {
    new TrainedHead(manifest, head, "0".repeat(64)); // shape check only
    try {
      byte[] header = JSON.writeValueAsBytes(manifest);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(MAGIC.getBytes(StandardCharsets.US_ASCII));
      out.writeInt(VERSION);
      out.writeInt(header.length);
      out.write(header);
      for (double[] tensor : head.parameters()) {
        for (double v : tensor) {
          out.writeDouble(v);
        }
      }
      out.flush();
      out.write(sha256(bytes.toByteArray(), bytes.size()));
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a head in memory", e);
    }
  }

  /** Writes the file (atomically, through a temporary sibling) and returns the head it holds. */
  public static TrainedHead write(Path file, HeadManifest manifest, EmbeddingHead head) throws IOException {
    byte[] bytes = encode(manifest, head);
    Path abs = file.toAbsolutePath();
    Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new TrainedHead(manifest, head.copy(), hex(sha256(bytes, bytes.length)));
  }

  /** Reads and validates a head file. */
  public static TrainedHead read(Path file) {
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new BadInputException("head file " + file + " is " + size + " bytes, more than any head needs (" + MAX_BYTES + ")");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BadInputException("head file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new BadInputException("cannot read head file " + file + ": " + e, e);
    }
    return decode(bytes, file.toString());
  }

  /** Parses and validates a head file's bytes; {@code source} names it in errors. */
  public static TrainedHead decode(byte[] bytes, String source) {
    byte[] magic = MAGIC.getBytes(StandardCharsets.US_ASCII);
    if (bytes.length < magic.length || !Arrays.equals(bytes, 0, magic.length, magic, 0, magic.length)) {
      String start = new String(bytes, 0, Math.min(bytes.length, magic.length), StandardCharsets.ISO_8859_1)
          .replaceAll("[^\\x20-\\x7e]", "?");
      throw new BadInputException(
          source + " is not a Likeness head file: it starts with '" + start + "', not the magic '" + MAGIC + "'");
    }
    if (bytes.length < PREFIX + CHECKSUM) {
      throw new BadInputException(source + " is truncated: " + bytes.length + " bytes, too short for a head file");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    int version = buf.getInt(8);
    if (version != VERSION) {
      throw new BadInputException(
          source + " is head format version " + version + "; this Likeness reads version " + VERSION);
    }
    byte[] expected = sha256(bytes, bytes.length - CHECKSUM);
    if (!Arrays.equals(bytes, bytes.length - CHECKSUM, bytes.length, expected, 0, CHECKSUM)) {
      throw new BadInputException(
          source + " is corrupt or truncated: its stored SHA-256 "
              + hex(Arrays.copyOfRange(bytes, bytes.length - CHECKSUM, bytes.length))
              + " does not match its contents (" + hex(expected) + ")");
    }
    int headerLength = buf.getInt(12);
    if (headerLength < 2 || headerLength > bytes.length - PREFIX - CHECKSUM) {
      throw new BadInputException(
          source + " declares a " + headerLength + "-byte header in a " + bytes.length + "-byte file");
    }
    HeadManifest manifest;
    try {
      manifest = JSON.readValue(bytes, PREFIX, headerLength, HeadManifest.class);
    } catch (JsonProcessingException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
      throw new BadInputException(source + " has an invalid header: " + cause.getMessage().lines().findFirst().orElse(""), e);
    } catch (IOException e) {
      throw new BadInputException(source + " has an unreadable header: " + e.getMessage(), e);
    }
    int[] sizes = EmbeddingHead.parameterSizes(manifest.architecture(), manifest.inputDims(), manifest.outputDims());
    long count = Arrays.stream(sizes).asLongStream().sum();
    long payload = bytes.length - PREFIX - headerLength - CHECKSUM;
    if (payload != count * Double.BYTES) {
      throw new BadInputException(
          source + " holds " + payload + " parameter bytes but a " + manifest.architecture() + " "
              + manifest.inputDims() + " -> " + manifest.outputDims() + " head needs " + count * Double.BYTES);
    }
    buf.position(PREFIX + headerLength);
    double[][] params = new double[sizes.length][];
    for (int t = 0; t < sizes.length; t++) {
      params[t] = new double[sizes[t]];
      for (int i = 0; i < sizes[t]; i++) {
        params[t][i] = buf.getDouble();
      }
    }
    EmbeddingHead head;
    try {
      head = new EmbeddingHead(manifest.architecture(), manifest.inputDims(), manifest.outputDims(), params);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(source + " holds invalid parameters: " + e.getMessage(), e);
    }
    return new TrainedHead(manifest, head, hex(sha256(bytes, bytes.length)));
  }

  private static byte[] sha256(byte[] bytes, int length) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(bytes, 0, length);
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
