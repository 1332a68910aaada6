package org.likeness.gallery;

import java.text.Normalizer;
import org.likeness.error.BadInputException;

/**
 * The rules a person's name must follow before it is stored, shared with the CLI so it can check a
 * folder name before any photo is processed. Names end up in file names, URL paths and CSV output,
 * so they may not contain path separators, {@code ".."} or control characters.
 */
public final class PersonNames {
  /** The longest name accepted, in Unicode code points. */
  public static final int MAX_LENGTH = 200;

  private PersonNames() {}

  /**
   * Returns {@code name} in Unicode NFC (so the same name typed on different systems is one
   * person).
   *
   * @throws BadInputException naming the value and the broken rule
   */
  public static String requireValid(String name) {
    return check("person name", name);
  }

  static String check(String what, String value) {
    if (value == null) {
      throw new BadInputException(what + " must not be null");
    }
    String name = Normalizer.normalize(value, Normalizer.Form.NFC);
    if (name.isBlank()) {
      throw new BadInputException(what + " must not be blank, got '" + printable(name) + "'");
    }
    if (!name.strip().equals(name)) {
      throw new BadInputException(
          what + " '" + printable(name) + "' has leading or trailing whitespace");
    }
    int length = name.codePointCount(0, name.length());
    if (length > MAX_LENGTH) {
      throw new BadInputException(
          what
              + " '"
              + printable(name.substring(0, name.offsetByCodePoints(0, 40)))
              + "...' has "
              + length
              + " characters; at most "
              + MAX_LENGTH
              + " are allowed");
    }
    name.codePoints()
        .filter(PersonNames::isControl)
        .findFirst()
        .ifPresent(
            cp -> {
              throw new BadInputException(
                  what
                      + " '"
                      + printable(name)
                      + "' contains control character "
                      + String.format("U+%04X", cp));
            });
    for (String forbidden : new String[] {"/", "\\", ".."}) {
      if (name.contains(forbidden)) {
        throw new BadInputException(
            what
                + " '"
                + printable(name)
                + "' contains '"
                + forbidden
                + "'; names may not contain '/', '\\' or '..'");
      }
    }
    return name;
  }

  private static boolean isControl(int cp) {
    int type = Character.getType(cp);
    return type == Character.CONTROL
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.SURROGATE;
  }

  /** The value with control characters escaped, so an error message prints on one line. */
  static String printable(String value) {
    StringBuilder out = new StringBuilder(value.length());
    value
        .codePoints()
        .forEach(
            cp -> {
              if (isControl(cp)) {
                out.append(String.format("\\u%04X", cp));
              } else {
                out.appendCodePoint(cp);
              }
            });
    return out.toString();
  }
}
