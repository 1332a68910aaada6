package org.likeness.server;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.likeness.error.BadInputException;

/**
 * Where the service's API keys come from. Each key is taken from its environment variable ({@value
 * #ADMIN_ENV}, {@value #KIOSK_ENV}) when that is set, else from {@code keys.properties} in the data
 * directory. That file is created on first start with two random keys, readable by its owner only
 * (mode 600); {@link Resolved#created()} hands the new secrets to the caller to print once. A key
 * file that others can read is refused, as ssh refuses such a private key.
 */
public final class KeyFile {
  /** The admin key's environment variable. */
  public static final String ADMIN_ENV = "LIKENESS_ADMIN_KEY";
  /** The kiosk key's environment variable. */
  public static final String KIOSK_ENV = "LIKENESS_KIOSK_KEY";
  /** The key file's name inside the data directory. */
  public static final String FILE = "keys.properties";

  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private KeyFile() {}

  /**
   * The keys in force, and the secrets of a key file this call created (to be shown once).
   *
   * @param keys the admin and kiosk keys
   * @param created the new file and its secrets when this call wrote it; empty otherwise
   */
  public record Resolved(ApiKeys keys, Optional<NewKeys> created) {}

  /**
   * A key file just written: the only moment its secrets are shown.
   *
   * @param file where they are stored
   * @param adminSecret the admin key, when it is in force (no {@value #ADMIN_ENV})
   * @param kioskSecret the kiosk key, when it is in force (no {@value #KIOSK_ENV})
   */
  public record NewKeys(Path file, Optional<String> adminSecret, Optional<String> kioskSecret) {
    @Override
    public String toString() {
      return "NewKeys[" + file + "]";
    }
  }

  /** Resolves the keys for {@code dataDir} from {@code environment} (pass {@code System.getenv()}). */
  public static Resolved resolve(Path dataDir, Map<String, String> environment) {
    Optional<String> adminEnv = fromEnvironment(environment, ADMIN_ENV);
    Optional<String> kioskEnv = fromEnvironment(environment, KIOSK_ENV);
    Optional<NewKeys> created = Optional.empty();
    Properties file = null;
    if (adminEnv.isEmpty() || kioskEnv.isEmpty()) {
      Path path = dataDir.resolve(FILE);
      if (!Files.exists(path)) {
        Properties fresh = new Properties();
        fresh.setProperty("admin", ApiKeys.newSecret(Role.ADMIN));
        fresh.setProperty("kiosk", ApiKeys.newSecret(Role.KIOSK));
        if (write(path, fresh)) {
          created = Optional.of(new NewKeys(path,
              adminEnv.isEmpty() ? Optional.of(fresh.getProperty("admin")) : Optional.empty(),
              kioskEnv.isEmpty() ? Optional.of(fresh.getProperty("kiosk")) : Optional.empty()));
        }
      }
      file = read(path);
    }
    ApiKey admin = adminEnv.isPresent()
        ? ApiKey.of(Role.ADMIN, "admin-env", adminEnv.get(), "$" + ADMIN_ENV)
        : ApiKey.of(Role.ADMIN, "admin", required(file, "admin", dataDir.resolve(FILE)), dataDir.resolve(FILE).toString());
    ApiKey kiosk = kioskEnv.isPresent()
        ? ApiKey.of(Role.KIOSK, "kiosk-env", kioskEnv.get(), "$" + KIOSK_ENV)
        : ApiKey.of(Role.KIOSK, "kiosk", required(file, "kiosk", dataDir.resolve(FILE)), dataDir.resolve(FILE).toString());
    try {
      return new Resolved(new ApiKeys(admin, kiosk), created);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage(), e);
    }
  }

  private static Optional<String> fromEnvironment(Map<String, String> environment, String name) {
    String value = environment.get(name);
    if (value == null) {
      return Optional.empty();
    }
    if (value.isBlank()) {
      throw new BadInputException("$" + name + " is set but empty; unset it to use " + FILE + ", or give a key");
    }
    return Optional.of(value);
  }

  private static String required(Properties file, String key, Path path) {
    String value = file.getProperty(key);
    if (value == null) {
      throw new BadInputException("key file " + path + " has no '" + key + "' entry; delete the file to make new keys");
    }
    return value;
  }

  /**
   * Writes a new key file, created exclusively and owner-only from its first byte; false when
   * another process created it first.
   */
  private static boolean write(Path path, Properties keys) {
    try {
      DataDirectory.create(path.getParent());
      boolean posix = Files.getFileAttributeView(path.getParent(), PosixFileAttributeView.class) != null;
      Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      try (SeekableByteChannel ch = posix
              ? Files.newByteChannel(path, options, PosixFilePermissions.asFileAttribute(OWNER_ONLY))
              : Files.newByteChannel(path, options);
          Writer w = Channels.newWriter(ch, StandardCharsets.UTF_8)) {
        keys.store(w, "Likeness door service API keys: admin (everything), kiosk (identify and verify). Keep private.");
      }
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create key file " + path + ": " + e.getMessage(), e);
    }
  }

  private static Properties read(Path path) {
    try {
      PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
      if (view != null) {
        Set<PosixFilePermission> perms = view.readAttributes().permissions();
        if (!OWNER_ONLY.containsAll(perms)) {
          throw new BadInputException("key file " + path + " is readable or writable by others (mode "
              + PosixFilePermissions.toString(perms) + "); run: chmod 600 " + path);
        }
      }
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
        p.load(r);
      }
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read key file " + path + ": " + e.getMessage(), e);
    }
  }
}
