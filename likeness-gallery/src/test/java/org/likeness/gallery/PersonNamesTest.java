package org.likeness.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.likeness.error.BadInputException;

class PersonNamesTest {
  private static String rejection(String name) {
    return assertThrows(BadInputException.class, () -> PersonNames.requireValid(name)).getMessage();
  }

  @Test
  void acceptsOrdinaryNamesInAnyScript() {
    for (String name :
        new String[] {"Ada Lovelace", "O'Brien", "李小龍", "Zoë-Marie", "a.b", "R2D2 #3"}) {
      assertEquals(name, PersonNames.requireValid(name));
    }
    assertEquals("x".repeat(200), PersonNames.requireValid("x".repeat(200)));
  }

  @Test
  void normalizesToComposedUnicode() {
    assertEquals("Jos\u00e9", PersonNames.requireValid("Jose\u0301"));
  }

  @Test
  void rejectsEachBrokenRuleNamingTheValue() {
    assertEquals("person name must not be null", rejection(null));
    assertEquals("person name must not be blank, got '   '", rejection("   "));
    assertEquals("person name must not be blank, got ''", rejection(""));
    assertEquals("person name ' Ada' has leading or trailing whitespace", rejection(" Ada"));
    assertEquals(
        "person name 'Ada\\u0007' contains control character U+0007", rejection("Ada\u0007"));
    assertEquals(
        "person name 'Ada\\u000ALovelace' contains control character U+000A",
        rejection("Ada\nLovelace"));
    assertEquals(
        "person name 'a/b' contains '/'; names may not contain '/', '\\' or '..'",
        rejection("a/b"));
    assertEquals(
        "person name 'a\\b' contains '\\'; names may not contain '/', '\\' or '..'",
        rejection("a\\b"));
    assertEquals(
        "person name 'J.. Smith' contains '..'; names may not contain '/', '\\' or '..'",
        rejection("J.. Smith"));
    assertEquals(
        "person name '" + "y".repeat(40) + "...' has 201 characters; at most 200 are allowed",
        rejection("y".repeat(201)));
  }
}
