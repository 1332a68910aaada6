package org.likeness.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandActuatorTest {

  @TempDir Path dir;

  @Test
  void commandSeesTheOpeningAsEnvironmentVariables() throws Exception {
    Path out = dir.resolve("env.txt");
    List<String> argv =
        List.of(
            "sh",
            "-c",
            "printf '%s\\n' \"$LIKENESS_PERSON\" \"$LIKENESS_DOOR\" \"$LIKENESS_TIME\""
                + " \"$LIKENESS_DISTANCE\" \"$LIKENESS_THRESHOLD\" \"$LIKENESS_VISIT\""
                + " \"$LIKENESS_HOLD_SECONDS\" > \"$1\"",
            "sh",
            out.toString());
    try (CommandActuator actuator = new CommandActuator(argv, Duration.ofSeconds(5))) {
      actuator.open(Samples.opening("visit-1"), Duration.ofSeconds(3));
    }
    assertEquals(
        List.of("Ann Lee", "front", "2026-12-04T22:15:00Z", "0.31", "0.6", "visit-1", "3"),
        Files.readAllLines(out));
  }

  @Test
  void failingCommandReportsItsExitStatusAndLastStderrLine() {
    List<String> argv = List.of("sh", "-c", "echo warming up >&2; echo relay 1 jammed >&2; exit 3");
    try (CommandActuator actuator = new CommandActuator(argv, Duration.ofSeconds(5))) {
      ActuatorException e =
          assertThrows(
              ActuatorException.class,
              () -> actuator.open(Samples.opening("visit-2"), Duration.ofSeconds(3)));
      assertTrue(e.getMessage().contains("exited with status 3"), e.getMessage());
      assertTrue(e.getMessage().endsWith("relay 1 jammed"), e.getMessage());
    }
  }

  @Test
  void hangingCommandIsKilledWithItsChildrenAtTheTimeout() throws Exception {
    Path pids = dir.resolve("pids.txt");
    // The shell starts a child that would outlive it, writes both pids, then waits forever.
    List<String> argv =
        List.of("sh", "-c", "sleep 60 & echo $$ $! > \"$1\"; wait", "sh", pids.toString());
    long start = System.nanoTime();
    try (CommandActuator actuator = new CommandActuator(argv, Duration.ofMillis(700))) {
      ActuatorException e =
          assertThrows(
              ActuatorException.class,
              () -> actuator.open(Samples.opening("visit-3"), Duration.ofSeconds(3)));
      assertTrue(e.getMessage().contains("timeout of 700 ms"), e.getMessage());
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "took " + took);
    String[] written = Files.readString(pids).trim().split(" ");
    for (String pid : written) {
      assertFalse(aliveAfterOneSecond(Long.parseLong(pid)), "process " + pid + " is still running");
    }
  }

  /**
   * Whether the process still runs a second later. A killed child whose shell died first is
   * re-parented to init and may linger as a zombie there; a zombie runs nothing, so it counts as
   * gone ({@link ProcessHandle#isAlive} would say alive).
   */
  private static boolean aliveAfterOneSecond(long pid) throws Exception {
    for (int i = 0; i < 20; i++) {
      if (!running(pid)) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  private static boolean running(long pid) throws Exception {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    String line;
    try {
      line = Files.readString(stat);
    } catch (java.nio.file.NoSuchFileException e) {
      return false;
    }
    char state = line.substring(line.lastIndexOf(')') + 2).charAt(0);
    return state != 'Z' && state != 'X';
  }

  @Test
  void missingProgramFailsNamingIt() {
    try (CommandActuator actuator =
        new CommandActuator(List.of("/nonexistent/gpio-relay", "1"), Duration.ofSeconds(1))) {
      ActuatorException e =
          assertThrows(
              ActuatorException.class,
              () -> actuator.open(Samples.opening("visit-4"), Duration.ofSeconds(3)));
      assertTrue(e.getMessage().contains("/nonexistent/gpio-relay"), e.getMessage());
    }
  }

  @Test
  void parseSplitsLikeAShellWithoutExpanding() {
    assertEquals(
        List.of("gpio-relay", "1", "pulse", "3 s", "a b", "c d", "$HOME", "say \"hi\""),
        CommandActuator.parse(
            "gpio-relay 1  pulse \"3 s\" 'a b' c\\ d '$HOME' \"say \\\"hi\\\"\""));
    assertEquals(List.of("x", ""), CommandActuator.parse("x ''"));
  }

  @Test
  void parseRejectsUnterminatedQuotesAndEmptyLinesNamingThem() {
    IllegalArgumentException quote =
        assertThrows(IllegalArgumentException.class, () -> CommandActuator.parse("relay 'open"));
    assertTrue(quote.getMessage().contains("relay 'open"), quote.getMessage());
    IllegalArgumentException empty =
        assertThrows(IllegalArgumentException.class, () -> CommandActuator.parse("   "));
    assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
  }
}
