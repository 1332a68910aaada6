package org.likeness.cli;

import org.likeness.camera.CameraSource;
import org.likeness.camera.FeedOptions;
import org.likeness.error.BadInputException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * How a camera is read, shared by {@code likeness watch} and {@code likeness serve --camera}: a live
 * source always at its own pace (only the newest frame waits); a file as fast as frames are
 * processed unless {@code --real-time}, and once unless {@code --loop}. Each command declares
 * {@code --camera} itself (required by one, optional for the other).
 */
final class CameraOptions {
  @ArgGroup(exclusive = true)
  Pace pace;

  static final class Pace {
    @Option(names = "--real-time", description = "Read a file at its own frame rate, dropping frames as a camera would.")
    boolean realTime;

    @Option(names = "--as-fast-as-possible", description = "Read a file as fast as frames are processed, dropping none (the default for files).")
    boolean fast;
  }

  @Option(names = "--loop", description = "Start a file again at its end (for demos).")
  boolean loop;

  /**
   * The camera named by {@code --camera}.
   *
   * @throws BadInputException naming the value
   */
  static CameraSource source(String camera) {
    try {
      return CameraSource.parse(camera);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--camera " + camera + ": " + e.getMessage(), e);
    }
  }

  /** How to read {@code source}. */
  FeedOptions feed(CameraSource source) {
    return FeedOptions.DEFAULTS.withRealTime(source.kind().live() || (pace != null && pace.realTime)).withLoop(loop);
  }
}
