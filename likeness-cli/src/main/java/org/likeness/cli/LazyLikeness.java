package org.likeness.cli;

import org.likeness.engine.Likeness;
import org.likeness.models.ModelSpec;

/**
 * Opens the models on first use, so a command whose first input is bad fails on that input, quickly
 * and with the file's name, before any model is loaded.
 */
final class LazyLikeness implements AutoCloseable {
  private final ModelOptions options;
  private final ModelSpec spec;
  private Likeness opened;

  LazyLikeness(ModelOptions options) {
    this(options, null);
  }

  /** Opens {@code spec} rather than the model named on the command line. */
  LazyLikeness(ModelOptions options, ModelSpec spec) {
    this.options = options;
    this.spec = spec;
  }

  Likeness get() {
    if (opened == null) {
      opened = spec == null ? options.open() : options.open(spec);
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
