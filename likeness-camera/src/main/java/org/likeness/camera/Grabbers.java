package org.likeness.camera;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/** Builds the FFmpeg grabber for a source: demuxer, transport and timeouts as FFmpeg names them. */
final class Grabbers {
  private Grabbers() {}

  static FFmpegFrameGrabber create(CameraSource source, FeedOptions options) {
    FfmpegLog.errorsOnly();
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source.location());
    String timeoutMicros = Long.toString(options.readTimeout().toNanos() / 1000);
    switch (source.kind()) {
      case RTSP -> {
        grabber.setOption("rtsp_transport", "tcp");
        // FFmpeg 5+ names the RTSP socket timeout "timeout" (it was "stimeout" before).
        grabber.setOption("timeout", timeoutMicros);
      }
      case HTTP_MJPEG -> {
        grabber.setFormat("mpjpeg");
        grabber.setOption("timeout", timeoutMicros);
        grabber.setOption("rw_timeout", timeoutMicros);
      }
      case V4L2 -> grabber.setFormat("video4linux2");
      case FILE -> {}
    }
    // Decode straight to the layout RgbImage holds, so a frame is one copy and no conversion.
    grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
    return grabber;
  }
}
