package org.likeness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.error.BadInputException;
import picocli.CommandLine;

/** {@code serve}'s options file, and the one a distribution ships in conf/likeness.properties. */
class ServeOptionsFileTest {
  static final Path SHIPPED = Path.of("src", "dist", "conf", "likeness.properties");

  @TempDir Path tmp;

  /** {@code serve} parsed from {@code args}, then given {@code file}'s defaults. */
  private static ServeCommand serve(Path file, String... args) {
    ServeCommand serve = new ServeCommand();
    CommandLine cl = new CommandLine(serve);
    cl.parseArgs(args);
    OptionsFile.apply(file, cl.getCommandSpec(), ServeCommand::new);
    return serve;
  }

  @Test
  void fileSetsWhatTheCommandLineLeavesAndTheCommandLineWins() throws IOException {
    Path file = Files.writeString(tmp.resolve("door.properties"),
        "port = 9090\nhost = 0.0.0.0\nfar = 0.0001\nmodels-dir = /opt/models\nliveness = gate\n");
    ServeCommand s = serve(file, "--port", "7070", "--liveness", "off");
    assertEquals(7070, s.port);
    assertEquals("off", s.liveness);
    assertEquals("0.0.0.0", s.host);
    assertEquals(0.0001, s.far);
    assertEquals(Path.of("/opt/models"), s.models.modelsDir);
    assertEquals("required", s.challenge, "a key the file lacks keeps serve's default");
  }

  @Test
  void unknownKeyIsRefusedNamingItTheFileAndTheKnownKeys() throws IOException {
    Path file = Files.writeString(tmp.resolve("door.properties"), "port = 9090\nprot = 9091\n");
    BadInputException e = assertThrows(BadInputException.class, () -> serve(file));
    assertTrue(e.getMessage().startsWith("unknown key 'prot' in " + file + "; 'serve' knows: "), e.getMessage());
    assertTrue(e.getMessage().contains("max-upload-mb") && e.getMessage().contains("port"), e.getMessage());
  }

  @Test
  void theFileCannotNameAnotherFileOrAskForHelp() throws IOException {
    for (String key : List.of("config", "help", "version")) {
      Path file = Files.writeString(tmp.resolve(key + ".properties"), key + " = true\n");
      BadInputException e = assertThrows(BadInputException.class, () -> serve(file), key);
      assertTrue(e.getMessage().startsWith("unknown key '" + key + "'"), e.getMessage());
    }
  }

  @Test
  void badValueIsRefusedNamingTheFileAndTheOption() throws IOException {
    Path file = Files.writeString(tmp.resolve("door.properties"), "port = eighty\n");
    BadInputException e = assertThrows(BadInputException.class, () -> serve(file));
    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    assertTrue(e.getMessage().contains("'--port'") && e.getMessage().contains("eighty"), e.getMessage());
  }

  @Test
  void serveRefusesABadConfigBeforeLoadingAnyModel() throws IOException {
    Path file = Files.writeString(tmp.resolve("door.properties"), "colour = blue\n");
    CliRun.Result r = CliRun.run("serve", "--config", file.toString(), "--models-dir", tmp.resolve("none").toString());
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("unknown key 'colour' in " + file), r.err());
    CliRun.Result missing = CliRun.run("serve", "--config", tmp.resolve("absent.properties").toString());
    assertEquals(2, missing.code(), missing.err());
    assertTrue(missing.err().contains("--config " + tmp.resolve("absent.properties") + ": no such file"), missing.err());
  }

  @Test
  void distributionFileIsFoundOnlyInADistribution() throws IOException {
    assertEquals(Optional.empty(), OptionsFile.locate(Optional.empty(), Optional.empty()));
    assertEquals(Optional.empty(), OptionsFile.locate(Optional.empty(), Optional.of(tmp.toString())));
    Path conf = Files.createDirectories(tmp.resolve("conf")).resolve("likeness.properties");
    Files.writeString(conf, "port = 8080\n");
    assertEquals(Optional.of(conf), OptionsFile.locate(Optional.empty(), Optional.of(tmp.toString())));
    Path other = Files.writeString(tmp.resolve("other.properties"), "");
    assertEquals(Optional.of(other), OptionsFile.locate(Optional.of(other), Optional.of(tmp.toString())));
  }

  @Test
  void shippedFileHoldsServesDefaultsAndEveryCommentedKeyIsKnown() throws IOException {
    ServeCommand defaults = new ServeCommand();
    new CommandLine(defaults).parseArgs();
    ServeCommand shipped = serve(SHIPPED);
    assertEquals(defaults.host, shipped.host);
    assertEquals(defaults.port, shipped.port);
    assertEquals(defaults.challenge, shipped.challenge);
    assertEquals(defaults.liveness, shipped.liveness);
    assertEquals(defaults.maxUploadMb, shipped.maxUploadMb);
    assertNull(shipped.far);

    // With every commented "# key = value" example switched on, the file is still valid.
    Pattern example = Pattern.compile("^# ([a-z][a-z0-9-]*) = (.+)$");
    StringBuilder all = new StringBuilder();
    int examples = 0;
    for (String line : Files.readAllLines(SHIPPED)) {
      Matcher m = example.matcher(line);
      if (m.matches()) {
        examples++;
        all.append(m.group(1)).append(" = ").append(m.group(2)).append('\n');
      } else if (!line.startsWith("#")) {
        all.append(line).append('\n');
      }
    }
    assertTrue(examples >= 6, "commented examples found: " + examples);
    ServeCommand everything = serve(Files.writeString(tmp.resolve("all.properties"), all));
    assertEquals(0.001, everything.far);
    assertEquals("mobilefacenet-192", everything.models.model);
    assertEquals("rtsp://10.0.0.5/stream", everything.camera);
    assertEquals("front", everything.lock.door);
    assertEquals("https://relay.local/open", everything.lock.webhook);
  }

  @Test
  void cameraAndLockKeysComeFromTheFileLikeWatchsOptions() throws IOException {
    Path file = Files.writeString(tmp.resolve("door.properties"),
        "camera = /dev/video0\ndoor = side\non-open-mqtt = tcp://broker:1883\nhold = 2s\nloop = true\n");
    ServeCommand s = serve(file, "--hold", "4s");
    assertEquals("/dev/video0", s.camera);
    assertEquals("side", s.lock.door);
    assertEquals("tcp://broker:1883", s.lock.mqtt);
    assertEquals("4s", s.lock.hold);
    assertTrue(s.cameraOptions.loop);
  }

  @Test
  void serveRefusesBadCameraAndLockOptionsBeforeLoadingAnyModel() {
    Path none = tmp.resolve("none");
    CliRun.Result camera = CliRun.run("serve", "--data-dir", tmp.resolve("door").toString(), "--models-dir",
        none.toString(), "--camera", "ftp://door/cam");
    assertEquals(2, camera.code(), camera.out() + camera.err());
    assertTrue(camera.err().contains("--camera ftp://door/cam"), camera.err());
    CliRun.Result lockWithoutCamera = CliRun.run("serve", "--data-dir", tmp.resolve("door").toString(),
        "--models-dir", none.toString(), "--on-open-webhook", "http://127.0.0.1:9/open");
    assertEquals(2, lockWithoutCamera.code(), lockWithoutCamera.out() + lockWithoutCamera.err());
    assertTrue(lockWithoutCamera.err().contains("give --camera too"), lockWithoutCamera.err());
    CliRun.Result hold = CliRun.run("serve", "--data-dir", tmp.resolve("door").toString(), "--models-dir",
        none.toString(), "--camera", "rtsp://127.0.0.1:9/door", "--hold", "three seconds");
    assertEquals(2, hold.code(), hold.out() + hold.err());
    assertTrue(hold.err().contains("--hold") && hold.err().contains("three seconds"), hold.err());
    CliRun.Result secret = CliRun.run("serve", "--data-dir", tmp.resolve("door").toString(), "--models-dir",
        none.toString(), "--camera", "rtsp://127.0.0.1:9/door", "--on-open-webhook", "http://127.0.0.1:9/open",
        "--webhook-secret-env", "NO_SUCH_SECRET_VARIABLE");
    assertEquals(2, secret.code(), secret.out() + secret.err());
    assertTrue(secret.err().contains("NO_SUCH_SECRET_VARIABLE"), secret.err());
  }
}
