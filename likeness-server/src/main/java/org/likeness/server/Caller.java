package org.likeness.server;

/**
 * Who made a request, as far as the API key tells: its role and the key's name, which the audit log
 * records (never the key itself).
 *
 * @param role what the key may do
 * @param keyName {@code admin} or {@code kiosk} for keys from the key file, {@code admin-env} or
 *     {@code kiosk-env} for keys from the environment
 */
public record Caller(Role role, String keyName) {
  public Caller {
    if (role == null || keyName == null || keyName.isBlank()) {
      throw new IllegalArgumentException("a caller needs a role and a key name, got " + role + ", " + keyName);
    }
  }
}
