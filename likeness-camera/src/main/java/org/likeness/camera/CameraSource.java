package org.likeness.camera;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where frames come from, as given on the command line ({@code --camera URL|DEVICE|FILE}), checked
 * and sorted into a {@link Kind} before anything is opened.
 *
 * @param kind how the location is read
 * @param location the URL, device path or file path, exactly as FFmpeg will be given it
 */
public record CameraSource(Kind kind, String location) {

  private static final Pattern V4L2_DEVICE = Pattern.compile("/dev/video\\d+");

  /** The kinds of input FFmpeg is asked to read; live kinds reconnect, a file ends. */
  public enum Kind {
    /** {@code rtsp://} or {@code rtsps://}, read over TCP. */
    RTSP(true),
    /** {@code http://} or {@code https://} serving {@code multipart/x-mixed-replace} JPEGs. */
    HTTP_MJPEG(true),
    /** A Video4Linux2 device, {@code /dev/videoN}. */
    V4L2(true),
    /** A video file in any container and codec the bundled FFmpeg decodes. */
    FILE(false);

    private final boolean live;

    Kind(boolean live) {
      this.live = live;
    }

    /** Whether the source is live: it has no end, and a drop is answered by reconnecting. */
    public boolean live() {
      return live;
    }
  }

  public CameraSource {
    if (kind == null) {
      throw new IllegalArgumentException("camera source kind is null for location " + location);
    }
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("camera source location is empty for kind " + kind);
    }
  }

  /**
   * Reads a camera argument: a URL (rtsp, rtsps, http, https, file), a {@code /dev/videoN} device
   * or a path to a video file.
   *
   * @throws IllegalArgumentException naming the argument when its scheme is unknown, the file is
   *     missing or unreadable, or a {@code /dev} path is not an existing video device
   */
  public static CameraSource parse(String argument) {
    if (argument == null || argument.isBlank()) {
      throw new IllegalArgumentException("camera argument is empty; give a URL, /dev/videoN or a file");
    }
    String text = argument.strip();
    int schemeEnd = text.indexOf("://");
    if (schemeEnd > 0) {
      String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
      return switch (scheme) {
        case "rtsp", "rtsps" -> new CameraSource(Kind.RTSP, checkedUrl(text));
        case "http", "https" -> new CameraSource(Kind.HTTP_MJPEG, checkedUrl(text));
        case "file" -> file(Path.of(URI.create(checkedUrl(text))), argument);
        default ->
            throw new IllegalArgumentException(
                "camera URL '"
                    + redact(text)
                    + "' has scheme '"
                    + scheme
                    + "'; known schemes are rtsp, rtsps, http, https and file");
      };
    }
    if (text.startsWith("/dev/")) {
      if (!V4L2_DEVICE.matcher(text).matches()) {
        throw new IllegalArgumentException(
            "camera device '" + text + "' is not a V4L2 video device; expected /dev/videoN");
      }
      Path device = Path.of(text);
      if (!Files.exists(device)) {
        throw new IllegalArgumentException("camera device '" + text + "' does not exist");
      }
      if (Files.isRegularFile(device) || Files.isDirectory(device)) {
        throw new IllegalArgumentException(
            "camera device '" + text + "' is a file or directory, not a device node");
      }
      return new CameraSource(Kind.V4L2, text);
    }
    return file(Path.of(text), argument);
  }

  private static CameraSource file(Path path, String argument) {
    if (!Files.exists(path)) {
      throw new IllegalArgumentException(
          "camera video file '" + argument + "' does not exist (resolved to " + path.toAbsolutePath() + ")");
    }
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("camera video file '" + argument + "' is not a regular file");
    }
    if (!Files.isReadable(path)) {
      throw new IllegalArgumentException("camera video file '" + argument + "' is not readable");
    }
    return new CameraSource(Kind.FILE, path.toString());
  }

  private static String checkedUrl(String text) {
    try {
      URI uri = new URI(text);
      if (uri.getHost() == null && !"file".equalsIgnoreCase(uri.getScheme())) {
        throw new IllegalArgumentException("camera URL '" + redact(text) + "' has no host");
      }
      return text;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "camera URL '" + redact(text) + "' is malformed: " + e.getReason(), e);
    }
  }

  /** The location with any {@code user:password@} replaced, for logs, health and thread names. */
  public String display() {
    return redact(location);
  }

  private static String redact(String text) {
    int schemeEnd = text.indexOf("://");
    if (schemeEnd < 0) {
      return text;
    }
    int hostStart = schemeEnd + 3;
    int at = text.indexOf('@', hostStart);
    int slash = text.indexOf('/', hostStart);
    if (at < 0 || (slash >= 0 && slash < at)) {
      return text;
    }
    return text.substring(0, hostStart) + "***@" + text.substring(at + 1);
  }

  @Override
  public String toString() {
    return kind + " " + display();
  }
}
