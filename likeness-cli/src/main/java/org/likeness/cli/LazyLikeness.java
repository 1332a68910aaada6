package org.likeness.cli;

import org.likeness.engine.Likeness;

/**
 * Opens the models on first use, so a command whose first input is bad fails on that input, quickly
 * and with the file's name, before any model is loaded.
 */
final class LazyLikeness implements AutoCloseable {
  private final ModelOptions options;
  private Likeness opened;

  LazyLikeness(ModelOptions options) {
    this.options = options;
  }

  Likeness get() {
    if (opened == null) {
      opened = options.open();
    }
    return opened;
  }

  @Override
  public void close() {
    if (opened != null) {
      opened.close();
    }
  }
}
