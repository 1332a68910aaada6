package org.likeness.cli;

import org.likeness.gallery.search.ScanKernel;
import picocli.CommandLine;

/**
 * Reports the software version, taken from the jar manifest when packaged, and which dot-product
 * kernel the gallery scan uses in this JVM.
 */
final class Version implements CommandLine.IVersionProvider {
  static String current() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v != null ? v : "0.1.0-SNAPSHOT";
  }

  @Override
  public String[] getVersion() {
    return new String[] {"likeness " + current(), "gallery scan: " + ScanKernel.active()};
  }
}
