package org.likeness.camera;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;
import org.likeness.image.ImageLoader;
import org.likeness.image.JpegWriter;
import org.likeness.image.RgbImage;

/**
 * A deterministic door-camera video made from LFW photos, for tests and benchmarks that need a real
 * stream: on a grey background people walk in one after another (their photo grows from small to
 * full size as they approach), stand still for a while, then leave, with empty frames between
 * visits. The {@link Script} says who is in view in which frames, so tests can assert on decisions
 * and {@code likeness bench watch} can count visits. It lives in main code (not the test-jar) so
 * that the benchmark, which is main code, draws the same video the tests do.
 */
public final class LfwVideo {
  public static final int WIDTH = 640;
  public static final int HEIGHT = 480;
  public static final int FPS = 10;
  /** The background level of every channel. */
  public static final int GREY = 128;
  /** The side of a photo when it stands at the door (LFW photos are 250x250). */
  public static final int HOLD_SIZE = 320;
  private static final int APPROACH_START_SIZE = 64;

  /**
   * The four visitors of {@link #standardScript}, one face per photo (Tony_Blair_0001 shows a second
   * person at its edge, who would make a fifth visit).
   */
  public static final List<String> STANDARD_PHOTOS =
      List.of(
          "George_W_Bush/George_W_Bush_0001.jpg",
          "Colin_Powell/Colin_Powell_0001.jpg",
          "Serena_Williams/Serena_Williams_0001.jpg",
          "Tony_Blair/Tony_Blair_0003.jpg");

  /**
   * One person's visit: in view from {@code enterFrame} (approaching), held at full size from
   * {@code holdFrame}, gone from {@code leaveFrame}.
   */
  public record Visit(String person, Path photo, int enterFrame, int holdFrame, int leaveFrame) {
    public Visit {
      if (!(enterFrame < holdFrame && holdFrame < leaveFrame)) {
        throw new IllegalArgumentException(
            person + "'s visit needs enter < hold < leave, got " + enterFrame + ", " + holdFrame + ", " + leaveFrame);
      }
    }

    public boolean inView(int frame) {
      return frame >= enterFrame && frame < leaveFrame;
    }

    public boolean held(int frame) {
      return frame >= holdFrame && frame < leaveFrame;
    }
  }

  /** The whole video: visits in order and the total frame count. */
  public record Script(List<Visit> visits, int frameCount, int fps) {
    public Script {
      visits = List.copyOf(visits);
    }

    /** Who is in view in {@code frame}, if anyone. */
    public Optional<Visit> inView(int frame) {
      return visits.stream().filter(v -> v.inView(frame)).findFirst();
    }
  }

  /** The LFW root: system property {@code likeness.lfw} (set by surefire), else the repo default. */
  public static Path lfwRoot() {
    return Path.of(System.getProperty("likeness.lfw", "../../shared/data/lfw"));
  }

  /**
   * How long each part of a walk-up lasts, in frames.
   *
   * @param lead empty frames before the first visitor
   * @param approach frames a visitor takes to walk up (the photo grows to {@link #HOLD_SIZE})
   * @param hold frames a visitor stands at the door
   * @param gap empty frames after each visitor
   */
  public record Timing(int lead, int approach, int hold, int gap) {
    /** The timing of {@link #standardScript}: 8 empty frames, then 12 approaching, 15 held, 10 empty. */
    public static final Timing STANDARD = new Timing(8, 12, 15, 10);

    public Timing {
      if (lead < 0 || approach < 1 || hold < 1 || gap < 0) {
        throw new IllegalArgumentException("a walk-up needs lead >= 0, approach >= 1, hold >= 1 and gap >= 0 frames,"
            + " got " + lead + ", " + approach + ", " + hold + ", " + gap);
      }
    }

    /** Frames one visit takes, the gap after it included. */
    public int framesPerVisit() {
      return approach + hold + gap;
    }
  }

  /**
   * The four {@link #STANDARD_PHOTOS} visitors with {@link Timing#STANDARD}: 156 frames, 15.6 s at
   * 10 fps.
   */
  public static Script standardScript(Path lfwRoot) {
    return walkUps(STANDARD_PHOTOS.stream().map(p -> lfwRoot.resolve("images_deepfunneled").resolve(p)).toList(),
        Timing.STANDARD);
  }

  /**
   * One visit per photo, in order, each visitor named by the photo's folder (LFW's layout, {@code
   * Person_Name/Person_Name_0003.jpg}).
   *
   * @throws IllegalStateException naming the first photo that is missing
   */
  public static Script walkUps(List<Path> photos, Timing timing) {
    if (photos.isEmpty()) {
      throw new IllegalArgumentException("a walk-up video needs at least one photo");
    }
    List<Visit> visits = new ArrayList<>(photos.size());
    int frame = timing.lead();
    for (Path file : photos) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalStateException("LFW photo " + file + " is missing; set -Dlikeness.lfw to the LFW root");
      }
      String person = file.getParent().getFileName().toString();
      visits.add(new Visit(person, file, frame, frame + timing.approach(), frame + timing.approach() + timing.hold()));
      frame += timing.framesPerVisit();
    }
    return new Script(visits, frame, FPS);
  }

  private final Script script;
  private final List<RgbImage> photos;

  public LfwVideo(Script script) {
    this.script = script;
    ImageLoader loader = new ImageLoader();
    this.photos = script.visits().stream().map(v -> loader.load(v.photo())).toList();
  }

  public Script script() {
    return script;
  }

  /** Frame {@code index} as drawn, before any encoding. */
  public RgbImage frame(int index) {
    if (index < 0 || index >= script.frameCount()) {
      throw new IllegalArgumentException("frame " + index + " is outside 0.." + (script.frameCount() - 1));
    }
    byte[] pixels = new byte[WIDTH * HEIGHT * 3];
    java.util.Arrays.fill(pixels, (byte) GREY);
    for (int v = 0; v < script.visits().size(); v++) {
      Visit visit = script.visits().get(v);
      if (visit.inView(index)) {
        int size =
            visit.held(index)
                ? HOLD_SIZE
                : APPROACH_START_SIZE
                    + (HOLD_SIZE - APPROACH_START_SIZE) * (index - visit.enterFrame())
                        / (visit.holdFrame() - visit.enterFrame());
        paste(photos.get(v), size, pixels);
      }
    }
    return new RgbImage(WIDTH, HEIGHT, pixels);
  }

  /** Nearest-neighbour scales {@code photo} to {@code size} squared, centred. */
  private static void paste(RgbImage photo, int size, byte[] canvas) {
    int left = (WIDTH - size) / 2;
    int top = (HEIGHT - size) / 2;
    for (int y = 0; y < size; y++) {
      int sy = y * photo.height() / size;
      for (int x = 0; x < size; x++) {
        int sx = x * photo.width() / size;
        int src = (sy * photo.width() + sx) * 3;
        int dst = ((top + y) * WIDTH + left + x) * 3;
        System.arraycopy(photo.pixels(), src, canvas, dst, 3);
      }
    }
  }

  /** Every frame as a JPEG, for an MJPEG server. */
  public List<byte[]> jpegFrames(int quality) {
    List<byte[]> jpegs = new ArrayList<>(script.frameCount());
    for (int i = 0; i < script.frameCount(); i++) {
      jpegs.add(JpegWriter.encode(frame(i), quality));
    }
    return jpegs;
  }

  /** Writes the video as Motion JPEG in AVI (an encoder every FFmpeg build has) and returns it. */
  public Path write(Path file) {
    FfmpegLog.errorsOnly();
    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), WIDTH, HEIGHT, 0);
        Frame frame = new Frame(WIDTH, HEIGHT, Frame.DEPTH_UBYTE, 3)) {
      recorder.setFormat("avi");
      recorder.setVideoCodec(avcodec.AV_CODEC_ID_MJPEG);
      recorder.setPixelFormat(avutil.AV_PIX_FMT_YUVJ420P);
      recorder.setFrameRate(FPS);
      recorder.setVideoQuality(2);
      recorder.start();
      ByteBuffer buffer = (ByteBuffer) frame.image[0];
      int rowBytes = WIDTH * 3;
      for (int i = 0; i < script.frameCount(); i++) {
        byte[] pixels = frame(i).pixels();
        for (int y = 0; y < HEIGHT; y++) {
          buffer.put(y * frame.imageStride, pixels, y * rowBytes, rowBytes);
        }
        recorder.record(frame, avutil.AV_PIX_FMT_RGB24);
      }
      recorder.stop();
      return file;
    } catch (FrameRecorder.Exception e) {
      throw new UncheckedIOException(new IOException("cannot write test video " + file + ": " + e.getMessage(), e));
    }
  }
}
