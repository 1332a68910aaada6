package org.likeness.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.likeness.error.ModelMissingException;

/**
 * The directory where fetched and converted weights live, and the one place that checks them before
 * use. It is chosen by, in order: an explicit path (the CLI's {@code --models-dir}), the
 * environment variable {@value #ENV}, or {@code ~/.likeness/models}.
 */
public final class ModelStore {
  /** Environment variable that overrides the models directory. */
  public static final String ENV = "LIKENESS_MODELS";

  /**
   * The system property a launcher sets to the path it was started as, so that "model missing"
   * errors quote the command the user actually has ({@code bin/likeness} in a distribution).
   */
  public static final String LAUNCHER_PROPERTY = "likeness.command";

  /** The command that installs every model, quoted in every "model missing" error. */
  public static String installCommand() {
    String launcher = System.getProperty(LAUNCHER_PROPERTY, "").trim();
    return (launcher.isEmpty() ? "./likeness" : launcher) + " models fetch";
  }

  private final Path dir;
  private final boolean defaultLocation;
  private final Map<Path, String> verified = new ConcurrentHashMap<>();

  private ModelStore(Path dir, boolean defaultLocation) {
    this.dir = dir.toAbsolutePath().normalize();
    this.defaultLocation = defaultLocation;
  }

  /** Resolves the models directory from an explicit path, the environment, or the default. */
  public static ModelStore locate(Optional<Path> explicit) {
    if (explicit.isPresent()) {
      return new ModelStore(explicit.get(), false);
    }
    String env = System.getenv(ENV);
    if (env != null && !env.isBlank()) {
      return new ModelStore(Path.of(env), false);
    }
    return new ModelStore(Path.of(System.getProperty("user.home"), ".likeness", "models"), true);
  }

  public static ModelStore at(Path dir) {
    return new ModelStore(dir, false);
  }

  public Path dir() {
    return dir;
  }

  /** Where {@code spec}'s file belongs, whether or not it is there. */
  public Path pathOf(ModelSpec spec) {
    if (spec.file().isEmpty()) {
      throw new IllegalArgumentException("model " + spec.name() + " is built in and has no file");
    }
    return dir.resolve(spec.file());
  }

  /** Whether {@code spec}'s file is present (its checksum is checked by {@link #require}). */
  public boolean isInstalled(ModelSpec spec) {
    return spec.file().isEmpty() || Files.isRegularFile(pathOf(spec));
  }

  /**
   * The verified path of {@code spec}'s weights.
   *
   * @throws ModelMissingException naming the file and the fix when it is absent or corrupt
   */
  public Path require(ModelSpec spec) {
    Path file = pathOf(spec);
    if (!Files.isRegularFile(file)) {
      throw new ModelMissingException(
          "model '" + spec.name() + "' is not installed (no " + file + "); run: " + fetchCommand());
    }
    String expected = spec.sha256();
    if (!expected.equals(verified.get(file))) {
      String actual;
      try {
        actual = sha256(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read model file " + file, e);
      }
      if (!actual.equals(expected)) {
        throw new ModelMissingException(
            "model file " + file + " has SHA-256 " + actual + " but " + spec.name() + " needs "
                + expected + "; run: " + fetchCommand());
      }
      verified.put(file, expected);
    }
    return file;
  }

  /**
   * The SHA-256 of {@code file}: from its stamp {@code FILE.verified} while the file's size and
   * modification time still match the stamp's, else hashed (and stamped, when the directory is
   * writable). Hashing the default pipeline's 8 MiB of weights cost 0.1 s of CPU at every start
   * (SHA-256 runs before the JIT has compiled it); a file changed in place gets a new time, so it is
   * hashed again.
   */
  public static String sha256(Path file) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    long millis = a.lastModifiedTime().toMillis();
    Path stamp = file.resolveSibling(file.getFileName() + ".verified");
    Optional<String> stamped = readStamp(stamp, a.size(), millis);
    if (stamped.isPresent()) {
      return stamped.get();
    }
    String sha = Sha256.of(file);
    // A file written within the last two seconds could change again within the same time stamp.
    if (millis < System.currentTimeMillis() - 2_000) {
      writeStamp(stamp, sha + " " + a.size() + " " + millis + "\n");
    }
    return sha;
  }

  /** The hash a stamp records for this size and time; empty when absent, garbled or for another size or time. */
  private static Optional<String> readStamp(Path stamp, long size, long millis) {
    try {
      String[] f = Files.readString(stamp, StandardCharsets.US_ASCII).trim().split(" ");
      boolean matches = f.length == 3 && f[0].matches("[0-9a-f]{64}")
          && Long.parseLong(f[1]) == size && Long.parseLong(f[2]) == millis;
      return matches ? Optional.of(f[0]) : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Writes a stamp atomically; a directory this process may not write to keeps none (only time is lost). */
  private static void writeStamp(Path stamp, String content) {
    try {
      Path tmp = Files.createTempFile(stamp.getParent(), stamp.getFileName().toString(), ".tmp");
      Files.writeString(tmp, content, StandardCharsets.US_ASCII);
      Files.move(tmp, stamp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // Without a stamp the next start hashes the file again.
    }
  }

  /** The fetch command, with {@code --models-dir} when this store is not the default one. */
  public String fetchCommand() {
    return defaultLocation ? installCommand() : installCommand() + " --models-dir " + dir;
  }
}
