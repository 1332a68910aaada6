package org.likeness.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Which key may do what, and which error each mistake gets. */
class AuthenticatorTest {
  final Authenticator auth = new Authenticator(ApiKeys.of("admin-secret-0123456789", "kiosk-secret-0123456789"));

  private ErrorCode refusal(String header, Access access) {
    return assertThrows(ApiException.class, () -> auth.authorize(header, access)).code();
  }

  @Test
  void kioskKeyOpensTheDoorButNotTheAdminRoutes() {
    assertEquals(new Caller(Role.KIOSK, "kiosk"), auth.authorize("Bearer kiosk-secret-0123456789", Access.DOOR));
    assertEquals(ErrorCode.ADMIN_KEY_REQUIRED, refusal("Bearer kiosk-secret-0123456789", Access.ADMIN));
  }

  @Test
  void adminKeyDoesEverything() {
    assertEquals(Role.ADMIN, auth.authorize("Bearer admin-secret-0123456789", Access.DOOR).role());
    assertEquals(Role.ADMIN, auth.authorize("bearer admin-secret-0123456789", Access.ADMIN).role());
  }

  @Test
  void missingMalformedAndWrongKeysAreTold() {
    assertEquals(ErrorCode.MISSING_KEY, refusal(null, Access.DOOR));
    assertEquals(ErrorCode.MISSING_KEY, refusal("Bearer ", Access.DOOR));
    assertEquals(ErrorCode.MISSING_KEY, refusal("admin-secret-0123456789", Access.DOOR));
    assertEquals(ErrorCode.MISSING_KEY, refusal("Basic admin-secret-0123456789", Access.DOOR));
    assertEquals(ErrorCode.INVALID_KEY, refusal("Bearer admin-secret-012345678", Access.DOOR));
    assertEquals(ErrorCode.INVALID_KEY, refusal("Bearer admin-secret-0123456789x", Access.ADMIN));
  }
}
