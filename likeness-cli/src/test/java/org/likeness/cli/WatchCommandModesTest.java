package org.likeness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.camera.LfwVideo;
import org.likeness.cli.WatchCommandTest.Line;

/**
 * {@code likeness watch} paths {@link WatchCommandTest} leaves out, on the same LfwVideo door (three
 * enrolled visitors, then a stranger): a relay command as the actuator, {@code --loop} bounded by
 * {@code --max-frames}, and {@code --real-time} pacing. {@link WatchCommandSignalTest} stops a real
 * child process.
 */
@Tag("model")
class WatchCommandModesTest {
  /** The summary's counts: "N frames in S s (F frames/s), D dropped, V visits, O openings". */
  static final Pattern SUMMARY = Pattern.compile(
      "likeness watch: (\\d+) frames in ([0-9.]+) s \\([0-9.]+ frames/s\\), (\\d+) dropped, (\\d+) visits, (\\d+) openings");

  @TempDir static Path dir;
  static WatchCommandTest.Door door;

  @BeforeAll
  static void writeVideoAndEnroll() throws IOException {
    door = WatchCommandTest.prepare(dir);
  }

  /** The summary line's numbers. */
  record Summary(long frames, double seconds, long dropped, long visits, long openings) {
    static Summary of(String err) {
      Matcher m = SUMMARY.matcher(err);
      assertTrue(m.find(), "no summary in: " + err);
      return new Summary(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)), Long.parseLong(m.group(3)),
          Long.parseLong(m.group(4)), Long.parseLong(m.group(5)));
    }
  }

  @Test
  void theRelayCommandRunsOncePerEnrolledVisitorWithTheOpeningInItsEnvironmentAndNeverForTheStranger()
      throws IOException {
    // A relay as a door would have one: it gets its own arguments, and the opening in LIKENESS_* variables.
    Path relay = dir.resolve("gpio-relay");
    Files.writeString(relay, """
        #!/bin/sh
        log="$1"; shift
        printf '%s|%s|%s|%s|%s\\n' "$*" "$LIKENESS_PERSON" "$LIKENESS_DOOR" "$LIKENESS_VISIT" "$LIKENESS_HOLD_SECONDS" >> "$log"
        """, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(relay, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path log = dir.resolve("relay.log");

    CliRun.Result r = CliRun.run("watch", "--camera", door.avi().toString(), "--gallery", door.gallery().toString(),
        "--door", "back", "--on-open", relay + " " + log + " 1 pulse '3 s'", "--hold", "3s", "--min-gap", "0s",
        "--liveness", "off");
    String shown = r.out() + r.err();
    assertEquals(0, r.code(), shown);

    List<Line> opened = WatchCommandTest.decisions(Line.parse(r.out())).stream()
        .filter(l -> l.event().equals("opened")).toList();
    assertEquals(door.enrolled(), opened.stream().map(Line::person).toList(), shown);
    List<String> runs = Files.readAllLines(log, StandardCharsets.UTF_8);
    assertEquals(door.enrolled().size(), runs.size(), "one relay run per enrolled visitor: " + runs + "\n" + shown);
    for (int i = 0; i < runs.size(); i++) {
      assertEquals("1 pulse 3 s|" + door.enrolled().get(i) + "|back|" + opened.get(i).visit() + "|3", runs.get(i),
          shown);
    }
    assertTrue(runs.stream().noneMatch(run -> run.contains(door.stranger())), runs + "\n" + shown);
  }

  @Test
  void loopRepeatsEveryVisitAsANewVisitUntilTheFrameLimit() {
    // A short door: the first enrolled visitor, then the stranger, 52 frames.
    List<LfwVideo.Visit> visits = door.video().script().visits();
    LfwVideo shortDoor = new LfwVideo(LfwVideo.walkUps(List.of(visits.get(0).photo(),
        visits.get(visits.size() - 1).photo()), new LfwVideo.Timing(4, 8, 10, 6)));
    Path avi = shortDoor.write(dir.resolve("short-door.avi"));
    String enrolled = visits.get(0).person();
    // Two whole passes and the first empty frames of a third: every visit twice, none a third time.
    int limit = 2 * shortDoor.script().frameCount() + 2;
    CliRun.Result r = CliRun.run("watch", "--camera", avi.toString(), "--gallery", door.gallery().toString(),
        "--loop", "--max-frames", Integer.toString(limit), "--min-gap", "0s", "--liveness", "off");
    String shown = r.out() + r.err();
    assertEquals(0, r.code(), shown);

    List<Line> decided = WatchCommandTest.decisions(Line.parse(r.out()));
    assertEquals(List.of("opened " + enrolled, "refused stranger", "opened " + enrolled, "refused stranger"),
        decided.stream().map(l -> l.event() + " " + (l.event().equals("opened") ? l.person() : l.reason())).toList(),
        shown);
    assertEquals(decided.size(), decided.stream().map(Line::visit).distinct().count(),
        "a visit decided twice: " + shown);
    Summary s = Summary.of(r.err());
    assertEquals(limit, s.frames(), shown);
    assertEquals(0, s.dropped(), shown);
    assertEquals(2, s.openings(), shown);
  }

  @Test
  void realTimeReadsTheFileAtItsFrameRateAndCountsEveryFrameItCouldNotKeepUpWith() {
    int frames = door.video().script().frameCount();
    CliRun.Result r = CliRun.run("watch", "--camera", door.avi().toString(), "--gallery", door.gallery().toString(),
        "--real-time", "--min-gap", "0s", "--liveness", "off");
    String shown = r.out() + r.err();
    assertEquals(0, r.code(), shown);

    // Every frame from the watcher's first on was either processed or counted as dropped (the last one
    // is always processed). Frames the camera decoded before the watcher took its first are in neither
    // count: the watcher starts a few milliseconds after the camera, so a frame at most, at 100 ms a
    // frame; 5 leaves room for a loaded machine.
    Summary s = Summary.of(r.err());
    long counted = s.frames() + s.dropped();
    assertTrue(counted <= frames && counted >= frames - 5, counted + " of " + frames + " frames counted: " + shown);
    assertTrue(s.frames() >= 1, shown);
    // Paced at 10 frames/s, the file cannot end sooner than its last frame is due (15.5 s after the
    // first); a slow machine only makes it drop more, never finish sooner.
    double due = (frames - 1) / (double) door.video().script().fps();
    assertTrue(s.seconds() >= due - 1, "a " + due + " s file read in " + s.seconds() + " s: " + shown);
    // Drops cost decisions, never safety: whatever opened was an enrolled visitor, never the stranger.
    List<Line> decided = WatchCommandTest.decisions(Line.parse(r.out()));
    assertTrue(decided.stream().filter(l -> l.event().equals("opened")).allMatch(l -> door.enrolled().contains(l.person())),
        shown);
    System.out.printf("--real-time on %d frames: %d processed, %d dropped in %.1f s; %d decisions%n", frames, s.frames(),
        s.dropped(), s.seconds(), decided.size());
  }
}
