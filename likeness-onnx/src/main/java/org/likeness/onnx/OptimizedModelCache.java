package org.likeness.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings.GraphOptimization;

/**
 * ONNX Runtime's optimized graph of each model, saved by the first session that opens it so that
 * later processes load the graph as optimized, without optimizing again: a one-shot command spent
 * 60 to 90 ms of its start optimizing the default pipeline's four graphs (docs/performance.md).
 *
 * <p>An entry is named by what decides its content: the SHA-256 of the model file, the ORT version,
 * the optimization level and the CPU (level ALL lays tensors out for the CPU's vector width, so an
 * entry made on another CPU could be wrong there). A second file beside it, {@code .check}, holds
 * the entry's size and CRC-32; an entry that is truncated, changed, without its check or that ORT
 * cannot load is rebuilt, with a warning that names the file and the fault.
 */
final class OptimizedModelCache {
  private final Path dir;

  OptimizedModelCache(Path dir) {
    this.dir = dir;
  }

  /** Where the entry for {@code model} at {@code level} lives in this cache. */
  Path entry(OrtEnvironment env, Path model, GraphOptimization level) throws IOException {
    String name = ModelStore.sha256(model) + "-ort" + env.getVersion() + "-" + level + "-" + cpu() + ".onnx";
    return dir.resolve(name);
  }

  /**
   * A session on {@code model} with {@code settings}: from its cache entry when there is a whole
   * one, else optimized from the model file and saved as the entry for the next process.
   */
  OrtSession open(OrtEnvironment env, String name, Path model, OrtSettings settings) throws OrtException, IOException {
    Path entry = entry(env, model, settings.optimization());
    Optional<String> fault = fault(entry);
    if (fault.isEmpty()) {
      // The graph in the entry is optimized already: loading it with optimization on would redo the work.
      try (OrtSession.SessionOptions o = settings.toOptions(GraphOptimization.NONE)) {
        return env.createSession(entry.toString(), o);
      } catch (OrtException e) {
        fault = Optional.of("ONNX Runtime cannot load it (" + e.getMessage() + ")");
      }
    }
    if (Files.exists(entry) || Files.exists(check(entry))) {
      System.getLogger(OptimizedModelCache.class.getName()).log(System.Logger.Level.WARNING,
          "optimized model cache entry " + entry + " for model " + name + " " + fault.get() + "; rebuilding it");
    }
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, entry.getFileName().toString(), ".tmp");
    try {
      OrtSession session;
      try (OrtSession.SessionOptions o = settings.toOptions()) {
        o.setOptimizedModelFilePath(tmp.toString());
        // ORT warns that a graph optimized at level ALL suits only this CPU: the entry's name says which CPU.
        o.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        session = env.createSession(model.toString(), o);
      }
      Path checkTmp = Files.createTempFile(dir, check(entry).getFileName().toString(), ".tmp");
      Files.writeString(checkTmp, Files.size(tmp) + " " + crc32(tmp) + "\n", StandardCharsets.US_ASCII);
      Files.move(tmp, entry, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Files.move(checkTmp, check(entry), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return session;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** What is wrong with {@code entry}; empty when it is whole. */
  static Optional<String> fault(Path entry) throws IOException {
    if (!Files.exists(entry)) {
      return Optional.of("is missing");
    }
    Path check = check(entry);
    if (!Files.exists(check)) {
      return Optional.of("has no check file " + check.getFileName());
    }
    String expected = Files.readString(check, StandardCharsets.US_ASCII).trim();
    String actual = Files.size(entry) + " " + crc32(entry);
    return expected.equals(actual)
        ? Optional.empty()
        : Optional.of("has size and CRC-32 '" + actual + "' but its check file says '" + expected + "'");
  }

  static Path check(Path entry) {
    return entry.resolveSibling(entry.getFileName() + ".check");
  }

  /** CRC-32 rather than SHA-256: it runs in native code, 8 MiB in a few ms even before the JIT. */
  private static String crc32(Path file) throws IOException {
    CRC32 crc = new CRC32();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        crc.update(buf, 0, n);
      }
    }
    return Long.toHexString(crc.getValue());
  }

  /** The architecture and, on Linux, a CRC-32 of the CPU's model name and feature flags. */
  static String cpu() {
    return Cpu.TAG;
  }

  /** Read once per process. */
  private static final class Cpu {
    static final String TAG = read();

    private static String read() {
      String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "");
      Path cpuinfo = Path.of("/proc/cpuinfo");
      if (!Files.isReadable(cpuinfo)) {
        return arch;
      }
      try {
        CRC32 crc = new CRC32();
        // The first processor's lines are enough: a machine's cores share a model and flags.
        for (String l : Files.readAllLines(cpuinfo, StandardCharsets.ISO_8859_1)) {
          if (l.isBlank()) {
            break;
          }
          if (l.startsWith("model name") || l.startsWith("flags") || l.startsWith("Features")) {
            crc.update(l.getBytes(StandardCharsets.ISO_8859_1));
          }
        }
        return arch + "-" + HexFormat.of().toHexDigits((int) crc.getValue());
      } catch (IOException e) {
        return arch;
      }
    }
  }
}
