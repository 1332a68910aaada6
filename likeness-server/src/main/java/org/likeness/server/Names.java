package org.likeness.server;

import org.likeness.error.BadInputException;
import org.likeness.gallery.PersonNames;

/** Person names from requests, checked by the gallery's own rules before anything is read or changed. */
final class Names {
  private Names() {}

  /**
   * {@code name} in Unicode NFC, or {@link ErrorCode#INVALID_NAME} naming the rule it breaks (path
   * characters such as {@code ../}, control characters, more than {@value PersonNames#MAX_LENGTH}
   * characters, blank).
   */
  static String require(String name) {
    try {
      return PersonNames.requireValid(name);
    } catch (IllegalArgumentException | BadInputException e) { // the rules' exception type has changed over versions
      throw new ApiException(ErrorCode.INVALID_NAME, e.getMessage());
    }
  }
}
