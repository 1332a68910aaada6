package org.likeness.cli;

/** CSV output as RFC 4180 reads it: a field with a comma, quote or line break is quoted. */
final class Csv {
  private Csv() {}

  /** {@code value} as one CSV field. */
  static String field(String value) {
    if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }
}
