package org.likeness.lock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Opens the door by running a command, for example {@code gpio-relay 1 pulse 3s}. No shell is
 * involved: the command is an argument vector, and {@link #parse} splits a shell-like string into
 * one. The opening reaches the command as environment variables {@code LIKENESS_PERSON}, {@code
 * LIKENESS_DOOR}, {@code LIKENESS_TIME}, {@code LIKENESS_DISTANCE}, {@code LIKENESS_THRESHOLD},
 * {@code LIKENESS_VISIT} and {@code LIKENESS_HOLD_SECONDS}. Exit status 0 means opened; any other
 * status, or running past the timeout (the process and its descendants are then killed), is an
 * {@link ActuatorException}.
 */
public final class CommandActuator implements DoorActuator {

  private static final Duration STDERR_GRACE = Duration.ofMillis(500);

  private final List<String> argv;
  private final Duration timeout;

  /**
   * @param argv the program and its arguments, non-empty
   * @param timeout how long the command may run before it is killed, positive
   */
  public CommandActuator(List<String> argv, Duration timeout) {
    Objects.requireNonNull(argv, "argv");
    if (argv.isEmpty() || argv.get(0).isBlank()) {
      throw new IllegalArgumentException("command must name a program but was " + argv);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("command timeout must be positive but was " + timeout);
    }
    this.argv = List.copyOf(argv);
    this.timeout = timeout;
  }

  /** The argument vector this actuator runs. */
  public List<String> argv() {
    return argv;
  }

  /**
   * Splits a command line the way a POSIX shell splits words, without expanding anything: blanks
   * separate words, {@code '...'} quotes literally, {@code "..."} quotes with {@code \"} and {@code
   * \\} escapes, and a backslash outside quotes escapes the next character.
   *
   * @throws IllegalArgumentException for an empty line, an unterminated quote or a trailing
   *     backslash, naming the line
   */
  public static List<String> parse(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '\'') {
        int end = line.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("unterminated ' quote in command: " + line);
        }
        word.append(line, i + 1, end);
        inWord = true;
        i = end + 1;
      } else if (c == '"') {
        i++;
        boolean closed = false;
        while (i < line.length()) {
          char d = line.charAt(i);
          if (d == '"') {
            closed = true;
            i++;
            break;
          }
          if (d == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
            word.append(line.charAt(i + 1));
            i += 2;
          } else {
            word.append(d);
            i++;
          }
        }
        if (!closed) {
          throw new IllegalArgumentException("unterminated \" quote in command: " + line);
        }
        inWord = true;
      } else if (c == '\\') {
        if (i + 1 >= line.length()) {
          throw new IllegalArgumentException("trailing backslash in command: " + line);
        }
        word.append(line.charAt(i + 1));
        inWord = true;
        i += 2;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        i++;
      } else {
        word.append(c);
        inWord = true;
        i++;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    if (words.isEmpty()) {
      throw new IllegalArgumentException("command is empty: '" + line + "'");
    }
    return List.copyOf(words);
  }

  @Override
  public void open(Opening opening, Duration hold) throws ActuatorException {
    ProcessBuilder builder = new ProcessBuilder(argv);
    Map<String, String> env = builder.environment();
    env.put("LIKENESS_PERSON", opening.person());
    env.put("LIKENESS_DOOR", opening.door());
    env.put("LIKENESS_TIME", opening.at().toString());
    env.put("LIKENESS_DISTANCE", Double.toString(opening.distance()));
    env.put("LIKENESS_THRESHOLD", Double.toString(opening.threshold()));
    env.put("LIKENESS_VISIT", opening.visit());
    env.put("LIKENESS_HOLD_SECONDS", OpeningJson.holdSeconds(hold).toPlainString());
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new ActuatorException(describe(), "cannot start: " + e.getMessage(), e);
    }
    try {
      process.getOutputStream().close(); // the command reads nothing: it sees end of input
    } catch (IOException e) {
      kill(process);
      throw new ActuatorException(
          describe(), "cannot close the command's input: " + e.getMessage(), e);
    }
    AtomicReference<String> lastStderrLine = new AtomicReference<>("");
    Thread stderr = new Thread(() -> drain(process, lastStderrLine), "likeness-lock-stderr");
    stderr.setDaemon(true);
    stderr.start();
    boolean exited;
    try {
      exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      throw new ActuatorException(describe(), "interrupted while waiting for the command", e);
    }
    if (!exited) {
      kill(process);
      throw new ActuatorException(
          describe(), "killed after running past its timeout of " + timeout.toMillis() + " ms");
    }
    try {
      stderr.join(STDERR_GRACE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int exit = process.exitValue();
    if (exit != 0) {
      String last = lastStderrLine.get();
      throw new ActuatorException(
          describe(),
          "exited with status " + exit + (last.isEmpty() ? " (no stderr)" : ", stderr: " + last));
    }
  }

  private static void drain(Process process, AtomicReference<String> lastLine) {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank()) {
          lastLine.set(line.strip());
        }
      }
    } catch (IOException e) {
      lastLine.set("(stderr unreadable: " + e.getMessage() + ")");
    }
  }

  /** Kills the process and everything it started, and waits for the process to be gone. */
  private static void kill(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(STDERR_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String describe() {
    return "command "
        + argv.get(0)
        + " ("
        + argv.size()
        + " words, timeout "
        + timeout.toMillis()
        + " ms)";
  }

  /** Nothing to release: each opening starts and ends its own process. */
  @Override
  public void close() {}
}
