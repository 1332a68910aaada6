package org.likeness.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * One API key as the server holds it: its role, its name for the audit log, and the SHA-256 of the
 * secret. The secret itself is not kept, so neither a heap dump nor a stray {@code toString} shows
 * it.
 *
 * @param role what the key may do
 * @param name what the audit log calls it, e.g. {@code kiosk} or {@code admin-env}
 * @param sha256 SHA-256 of the secret's UTF-8 bytes (32 bytes)
 */
public record ApiKey(Role role, String name, byte[] sha256) {
  /** The shortest secret accepted; generated keys are much longer. */
  public static final int MIN_LENGTH = 16;

  public ApiKey {
    if (role == null || name == null || name.isBlank() || sha256 == null || sha256.length != 32) {
      throw new IllegalArgumentException(
          "an API key needs a role, a name and a 32-byte digest, got " + role + ", " + name);
    }
    sha256 = sha256.clone();
  }

  /**
   * The key for {@code secret}, refusing one shorter than {@value #MIN_LENGTH} characters or with
   * whitespace or control characters (a key copied with its newline would never match).
   *
   * @param where where the secret came from, for the error message (never the secret itself)
   */
  public static ApiKey of(Role role, String name, String secret, String where) {
    if (secret == null || secret.length() < MIN_LENGTH) {
      throw new IllegalArgumentException(
          "the "
              + role.name().toLowerCase(java.util.Locale.ROOT)
              + " key from "
              + where
              + " has "
              + (secret == null ? 0 : secret.length())
              + " characters; at least "
              + MIN_LENGTH
              + " are required");
    }
    if (!secret.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new IllegalArgumentException(
          "the "
              + role.name().toLowerCase(java.util.Locale.ROOT)
              + " key from "
              + where
              + " contains spaces or characters outside printable ASCII");
    }
    return new ApiKey(role, name, digest(secret));
  }

  /** SHA-256 of a presented secret, to compare with {@link #matches}. */
  static byte[] digest(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * Whether a presented secret's digest is this key's, in time that does not depend on where the
   * two differ.
   */
  boolean matches(byte[] presentedDigest) {
    return MessageDigest.isEqual(sha256, presentedDigest);
  }

  @Override
  public byte[] sha256() {
    return sha256.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApiKey k && k.role == role && k.name.equals(name) && Arrays.equals(k.sha256, sha256);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * role.hashCode() + name.hashCode()) + Arrays.hashCode(sha256);
  }

  @Override
  public String toString() {
    return "ApiKey[" + role + ", " + name + "]";
  }
}
