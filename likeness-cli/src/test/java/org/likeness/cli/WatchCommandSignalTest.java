package org.likeness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.camera.LfwVideo;
import org.likeness.cli.WatchCommandTest.Line;

/**
 * SIGTERM (what Ctrl-C's SIGINT also triggers: the JVM's shutdown hooks) to a real child {@code
 * likeness watch} while an admitted visitor stands at the door: the process exits, the visit in
 * view ends with its event, the summary is printed, and no stack trace.
 */
@Tag("model")
class WatchCommandSignalTest {
  @TempDir static Path dir;
  static WatchCommandTest.Door door;
  /** A video of the first enrolled visitor walking up and standing at the door for 60 s. */
  static Path standing;
  static int standingFrames;

  @BeforeAll
  static void writeVideosAndEnroll() throws IOException {
    door = WatchCommandTest.prepare(dir);
    LfwVideo.Visit first = door.video().script().visits().get(0);
    LfwVideo video = new LfwVideo(LfwVideo.walkUps(List.of(first.photo()), new LfwVideo.Timing(2, 10, 600, 0)));
    standingFrames = video.script().frameCount();
    standing = video.write(dir.resolve("standing.avi"));
  }

  /** {@code likeness ARGS} in a new JVM with this test's class path; stdout and stderr to files. */
  static Process start(Path out, Path err, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), LikenessCommand.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
  }

  @Test
  void sigtermEndsTheVisitInViewPrintsTheSummaryAndExitsWithoutAStackTrace() throws Exception {
    Path out = dir.resolve("watch.out");
    Path err = dir.resolve("watch.err");
    String person = door.video().script().visits().get(0).person();
    Process child = start(out, err, "watch", "--camera", standing.toString(), "--gallery", door.gallery().toString(),
        "--liveness", "off");
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (!Files.readString(out, StandardCharsets.UTF_8).contains(",opened," + person + ",")) {
        assertTrue(child.isAlive(), "the child ended before opening: " + Files.readString(err, StandardCharsets.UTF_8));
        assertTrue(System.nanoTime() < deadline, "no opening for " + person + " within 2 minutes: "
            + Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8));
        Thread.sleep(100);
      }
      child.destroy(); // SIGTERM
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not exit within 30 s of SIGTERM");
    } finally {
      child.destroyForcibly();
    }
    String stdout = Files.readString(out, StandardCharsets.UTF_8);
    String stderr = Files.readString(err, StandardCharsets.UTF_8);
    String shown = stdout + stderr;
    // The JVM's status for a SIGTERM it handled with its shutdown hooks: 128 + 15.
    assertEquals(143, child.exitValue(), shown);

    List<Line> lines = Line.parse(stdout);
    Line opened = lines.stream().filter(l -> l.event().equals("opened")).findFirst().orElseThrow();
    assertEquals(person, opened.person(), shown);
    assertEquals(List.of("opened", "ended"),
        lines.stream().filter(l -> l.visit() == opened.visit()).map(Line::event).toList(),
        "the visit in view did not end: " + shown);
    WatchCommandModesTest.Summary s = WatchCommandModesTest.Summary.of(stderr);
    assertEquals(1, s.openings(), shown);
    // Stopped by the signal, not by the video's end: the visitor was still at the door.
    assertTrue(s.frames() < standingFrames, s.frames() + " of " + standingFrames + " frames: " + shown);
    assertTrue(!stderr.contains("Exception") && !stderr.contains("\tat "), "a stack trace: " + stderr);
    // FFmpeg's per-frame swscale warning (its log goes straight to the process's stderr) is kept out.
    assertTrue(!stderr.contains("deprecated pixel format"), "FFmpeg's per-frame warnings on stderr: " + stderr);
    System.out.printf(Locale.ROOT, "SIGTERM after %d frames: exit %d, visit %d opened and ended%n", s.frames(),
        child.exitValue(), opened.visit());
  }
}
