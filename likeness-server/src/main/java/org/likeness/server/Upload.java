package org.likeness.server;

/**
 * One uploaded image: what the client called it (for messages only; the format comes from the
 * bytes), its bytes and their SHA-256.
 *
 * @param name the form part's file name, cleaned of control characters and cut to 100 characters;
 *     {@code image} when the client sent none
 * @param bytes the part's content
 * @param sha256 lower-case hex SHA-256 of {@code bytes}
 */
public record Upload(String name, byte[] bytes, String sha256) {
  public Upload {
    if (name == null || bytes == null || sha256 == null) {
      throw new IllegalArgumentException("an upload needs a name, bytes and a hash, got " + name + ", " + sha256);
    }
  }

  @Override
  public String toString() {
    return "Upload[" + name + ", " + bytes.length + " bytes]";
  }
}
