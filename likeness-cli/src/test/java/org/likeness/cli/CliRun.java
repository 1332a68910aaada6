package org.likeness.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs the likeness command in this JVM and captures what it printed. */
public final class CliRun {
  private CliRun() {}

  public record Result(int code, String out, String err) {}

  public static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintWriter o = new PrintWriter(out, true, StandardCharsets.UTF_8);
        PrintWriter e = new PrintWriter(err, true, StandardCharsets.UTF_8)) {
      code = LikenessCommand.execute(args, o, e);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** One LFW photo, from the LFW root surefire passes in {@code likeness.lfw}. */
  public static Path lfwImage() {
    String root = System.getProperty("likeness.lfw", "../../shared/data/lfw");
    return Path.of(root, "images_deepfunneled", "Aaron_Eckhart", "Aaron_Eckhart_0001.jpg");
  }
}
