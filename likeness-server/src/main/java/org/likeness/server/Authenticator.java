package org.likeness.server;

import java.util.Locale;

/**
 * Checks the {@code Authorization: Bearer <key>} header against the two API keys.
 *
 * <ul>
 *   <li>No header, or another scheme: 401 {@code missing_key}.
 *   <li>A bearer key that is neither key: 401 {@code invalid_key}. Both are 401 because the fix is
 *       the same, to present a valid key (RFC 6750); the kiosk page asks for the key again on 401.
 *   <li>The kiosk key on an admin route: 403 {@code admin_key_required}. The key is valid but not
 *       allowed here; asking for it again would not help.
 * </ul>
 *
 * <p>The presented key is hashed and compared with both keys' hashes in constant time, and both
 * comparisons always run, so response time tells nothing about which key or how much of it
 * matched. Keys are never logged and never put in an error message.
 */
final class Authenticator {
  private static final String SCHEME = "bearer ";

  private final ApiKeys keys;

  Authenticator(ApiKeys keys) {
    this.keys = keys;
  }

  /** The caller presenting {@code authorization}, allowed to use a route with {@code access}. */
  Caller authorize(String authorization, Access access) {
    if (authorization == null
        || authorization.length() <= SCHEME.length()
        || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
      throw new ApiException(ErrorCode.MISSING_KEY,
          "this route needs an API key: send the header 'Authorization: Bearer <key>'");
    }
    byte[] presented = ApiKey.digest(authorization.substring(SCHEME.length()).strip());
    boolean admin = keys.admin().matches(presented);
    boolean kiosk = keys.kiosk().matches(presented);
    ApiKey key = admin ? keys.admin() : kiosk ? keys.kiosk() : null;
    if (key == null) {
      throw new ApiException(ErrorCode.INVALID_KEY, "the API key is not valid for this server");
    }
    if (!access.allows(key.role())) {
      throw new ApiException(ErrorCode.ADMIN_KEY_REQUIRED,
          "this route needs the admin key; the " + key.name() + " key may only identify and verify");
    }
    return new Caller(key.role(), key.name());
  }
}
