package org.likeness.server;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The two keys the service accepts: the admin key for everything and the kiosk key for identify
 * and verify. They must differ, or a kiosk would hold admin rights.
 */
public record ApiKeys(ApiKey admin, ApiKey kiosk) {
  private static final SecureRandom RANDOM = new SecureRandom();

  public ApiKeys {
    if (admin == null || kiosk == null) {
      throw new IllegalArgumentException("the service needs both an admin and a kiosk key");
    }
    if (admin.role() != Role.ADMIN || kiosk.role() != Role.KIOSK) {
      throw new IllegalArgumentException(
          "admin and kiosk keys are swapped: got " + admin + " and " + kiosk);
    }
    if (java.util.Arrays.equals(admin.sha256(), kiosk.sha256())) {
      throw new IllegalArgumentException(
          "the admin key (" + admin.name() + ") and the kiosk key (" + kiosk.name() + ") are the same secret; they must differ");
    }
  }

  /** Keys given directly, named {@code admin} and {@code kiosk}: for tests and embedding. */
  public static ApiKeys of(String adminSecret, String kioskSecret) {
    return new ApiKeys(
        ApiKey.of(Role.ADMIN, "admin", adminSecret, "the caller"),
        ApiKey.of(Role.KIOSK, "kiosk", kioskSecret, "the caller"));
  }

  /**
   * A fresh random secret: 32 bytes from {@link SecureRandom} in URL-safe Base64 behind a prefix
   * that says which key it is ({@code lk_admin_} or {@code lk_kiosk_}).
   */
  public static String newSecret(Role role) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "lk_" + role.name().toLowerCase(java.util.Locale.ROOT) + "_"
        + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
