package org.likeness.cli;

import picocli.CommandLine;

/** Reports the software version, taken from the jar manifest when packaged. */
final class Version implements CommandLine.IVersionProvider {
  static String current() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v != null ? v : "0.1.0-SNAPSHOT";
  }

  @Override
  public String[] getVersion() {
    return new String[] {"likeness " + current()};
  }
}
