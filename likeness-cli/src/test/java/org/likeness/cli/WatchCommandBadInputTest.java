package org.likeness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code likeness watch} refuses bad values with exit 2 and a message naming them, before it opens
 * a model or a camera.
 */
class WatchCommandBadInputTest {
  @TempDir Path dir;

  CliRun.Result watch(String... more) throws IOException {
    Path video = Files.write(dir.resolve("door.avi"), new byte[] {1, 2, 3});
    String[] args = new String[4 + more.length];
    args[0] = "watch";
    args[1] = "--camera";
    args[2] = video.toString();
    args[3] = "--gallery=" + dir.resolve("nowhere");
    System.arraycopy(more, 0, args, 4, more.length);
    return CliRun.run(args);
  }

  static void refused(CliRun.Result r, String... named) {
    assertEquals(2, r.code(), r.out() + r.err());
    for (String n : named) {
      assertTrue(r.err().contains(n), "'" + n + "' not named in: " + r.err());
    }
  }

  @Test
  void refusesACameraThatIsNeitherAUrlNorAFileNorADevice() {
    refused(CliRun.run("watch", "--camera", "ftp://door/cam", "--gallery", dir.toString()), "--camera",
        "ftp://door/cam");
    refused(CliRun.run("watch", "--camera", dir.resolve("missing.avi").toString(), "--gallery", dir.toString()),
        "missing.avi");
  }

  @Test
  void readsShortAndIsoDurations() {
    assertEquals(Duration.ofMillis(500), DoorLockOptions.duration("--hold", "500ms"));
    assertEquals(Duration.ofSeconds(3), DoorLockOptions.duration("--hold", "3s"));
    assertEquals(Duration.ofMinutes(2), DoorLockOptions.duration("--min-gap", "2m"));
    assertEquals(Duration.ZERO, DoorLockOptions.duration("--min-gap", "0s"));
    assertEquals(Duration.ofMillis(1500), DoorLockOptions.duration("--hold", "PT1.5S"));
  }

  @Test
  void refusesDurationsItCannotRead() throws IOException {
    refused(watch("--hold", "three seconds"), "--hold", "three seconds");
    refused(watch("--min-gap", "-5s"), "--min-gap", "-5s");
    refused(watch("--hold", "0s"), "hold", "PT0S");
  }

  @Test
  void refusesActuatorOptionsNamingTheOptionAndValue() throws IOException {
    refused(watch("--on-open-mqtt", "http://broker:1883"), "--on-open-mqtt", "http://broker:1883");
    refused(watch("--on-open-webhook", "door.local/open"), "--on-open-webhook", "door.local/open");
    refused(watch("--mqtt-topic", "doors/#"), "--mqtt-topic", "doors/#");
    refused(watch("--on-open-webhook", "http://127.0.0.1:9/door", "--webhook-secret-env", "NO_SUCH_SECRET_VARIABLE"),
        "NO_SUCH_SECRET_VARIABLE");
    refused(watch("--on-open-webhook", "http://127.0.0.1:9/door", "--webhook-secret-file",
        dir.resolve("no.secret").toString()), "--webhook-secret-file", "no.secret");
  }

  @Test
  void saysItRunsLogOnlyWithoutAnActuatorAndNamesAMissingGallery() throws IOException {
    CliRun.Result r = watch();
    refused(r, "nowhere");
    assertTrue(r.err().contains("log only"), r.err());
  }

  @Test
  void refusesFileAndLivePacingTogether() throws IOException {
    refused(watch("--real-time", "--as-fast-as-possible"), "--real-time", "--as-fast-as-possible");
  }

  @Test
  void readsTheCameraUrlFromAFileAndNeverRepeatsItsPassword() throws IOException {
    Path secretUrl = Files.writeString(dir.resolve("camera.url"), "ftp://admin:hunter2@10.0.0.5/stream\n");
    CliRun.Result r = CliRun.run("watch", "--camera-url-file", secretUrl.toString(), "--gallery", dir.toString());
    refused(r, "--camera-url-file " + secretUrl, "scheme 'ftp'");
    assertTrue(!r.err().contains("hunter2"), "the camera's password is printed: " + r.err());

    refused(CliRun.run("watch", "--camera-url-file", dir.resolve("no.url").toString(), "--gallery", dir.toString()),
        "--camera-url-file", "no.url");
    Path empty = Files.writeString(dir.resolve("empty.url"), "\n\n");
    refused(CliRun.run("watch", "--camera-url-file", empty.toString(), "--gallery", dir.toString()),
        "--camera-url-file", "empty.url", "is empty");
    refused(CliRun.run("watch", "--camera", "rtsp://10.0.0.5/stream", "--camera-url-file", secretUrl.toString(),
        "--gallery", dir.toString()), "--camera", "--camera-url-file");
    refused(CliRun.run("watch", "--gallery", dir.toString()), "--camera");
  }

  @Test
  void refusesAFrameLimitBelowOne() throws IOException {
    refused(watch("--max-frames", "0"), "--max-frames", "0");
  }
}
