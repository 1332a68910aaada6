package org.likeness.gallery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this module, filled in by the build, recorded in every gallery it writes. */
final class SoftwareVersion {
  private static final String RESOURCE = "likeness-gallery.properties";

  private SoftwareVersion() {}

  /** For example {@code likeness-gallery 0.1.0}. */
  static String current() {
    try (InputStream in = SoftwareVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "resource org/likeness/gallery/"
                + RESOURCE
                + " is missing from the classpath; rebuild with Maven");
      }
      Properties p = new Properties();
      p.load(in);
      String version = p.getProperty("version");
      if (version == null || version.isBlank() || version.startsWith("${")) {
        throw new IllegalStateException(
            "resource org/likeness/gallery/"
                + RESOURCE
                + " has no filtered version, got '"
                + version
                + "'");
      }
      return "likeness-gallery " + version;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read org/likeness/gallery/" + RESOURCE, e);
    }
  }
}
