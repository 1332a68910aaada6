package org.likeness.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.error.BadInputException;

/** Where keys come from: a private file made on first start, or the environment. */
class KeyFileTest {
  @TempDir Path dir;

  @Test
  void firstStartWritesOwnerOnlyFileAndHandsBackTheSecretsOnce() throws IOException {
    Path data = dir.resolve("door");
    KeyFile.Resolved first = KeyFile.resolve(data, Map.of());
    assertTrue(first.created().isPresent());
    Path file = data.resolve(KeyFile.FILE);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
    String admin = first.created().get().adminSecret().orElseThrow();
    String kiosk = first.created().get().kioskSecret().orElseThrow();
    assertTrue(admin.startsWith("lk_admin_") && admin.length() > 40, admin);
    assertTrue(kiosk.startsWith("lk_kiosk_"), kiosk);
    assertFalse(first.created().get().toString().contains(admin), "secrets must not print through toString");

    KeyFile.Resolved second = KeyFile.resolve(data, Map.of());
    assertTrue(second.created().isEmpty(), "keys are created once");
    assertArrayEquals(first.keys().admin().sha256(), second.keys().admin().sha256());
    assertArrayEquals(ApiKey.digest(kiosk), second.keys().kiosk().sha256());
    assertEquals("admin", second.keys().admin().name());
  }

  @Test
  void environmentKeysWinAndTouchNoFile() {
    KeyFile.Resolved r = KeyFile.resolve(dir, Map.of(KeyFile.ADMIN_ENV, "admin-from-environment-1", KeyFile.KIOSK_ENV, "kiosk-from-environment-1"));
    assertTrue(r.created().isEmpty());
    assertFalse(Files.exists(dir.resolve(KeyFile.FILE)));
    assertEquals("admin-env", r.keys().admin().name());
    assertEquals("kiosk-env", r.keys().kiosk().name());
    assertArrayEquals(ApiKey.digest("kiosk-from-environment-1"), r.keys().kiosk().sha256());
  }

  @Test
  void oneEnvironmentKeyTakesTheOtherFromTheFileAndShowsOnlyThatOne() {
    KeyFile.Resolved r = KeyFile.resolve(dir, Map.of(KeyFile.ADMIN_ENV, "admin-from-environment-1"));
    assertEquals("admin-env", r.keys().admin().name());
    assertEquals("kiosk", r.keys().kiosk().name());
    assertTrue(r.created().orElseThrow().adminSecret().isEmpty(), "the file's admin key is not in force");
    assertTrue(r.created().orElseThrow().kioskSecret().isPresent());
  }

  @Test
  void keyFileReadableByOthersIsRefused() throws IOException {
    KeyFile.resolve(dir, Map.of());
    Files.setPosixFilePermissions(dir.resolve(KeyFile.FILE), PosixFilePermissions.fromString("rw-r--r--"));
    BadInputException e = assertThrows(BadInputException.class, () -> KeyFile.resolve(dir, Map.of()));
    assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
  }

  @Test
  void blankShortOrSharedKeysAreRefused() {
    assertThrows(BadInputException.class, () -> KeyFile.resolve(dir, Map.of(KeyFile.ADMIN_ENV, " ")));
    IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
        () -> KeyFile.resolve(dir, Map.of(KeyFile.ADMIN_ENV, "short", KeyFile.KIOSK_ENV, "kiosk-from-environment-1")));
    assertFalse(shortKey.getMessage().contains("short"), "the message must not quote the key: " + shortKey.getMessage());
    BadInputException same = assertThrows(BadInputException.class,
        () -> KeyFile.resolve(dir, Map.of(KeyFile.ADMIN_ENV, "the-same-secret-twice", KeyFile.KIOSK_ENV, "the-same-secret-twice")));
    assertTrue(same.getMessage().contains("must differ"), same.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ApiKeys.of("admin key with spaces", "kiosk-from-environment-1"));
  }
}
