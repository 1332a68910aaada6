package org.likeness.camera;

import org.bytedeco.ffmpeg.global.avutil;

/**
 * FFmpeg's own log, which goes straight to the process's stderr: kept to errors. At its default
 * level (info) the swscale converter prints a "deprecated pixel format used" warning for every
 * MJPEG frame it decodes or encodes (full-range YUVJ), which buried {@code likeness watch}'s own
 * lines under one warning per frame. Errors still show; the camera's state changes are reported by
 * {@link CameraHealth}.
 */
final class FfmpegLog {
  private FfmpegLog() {}

  private static volatile boolean quiet;

  /** Sets FFmpeg's log level to errors, once per process. */
  static void errorsOnly() {
    if (!quiet) {
      avutil.av_log_set_level(avutil.AV_LOG_ERROR);
      quiet = true;
    }
  }
}
