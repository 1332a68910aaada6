package org.likeness.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.camera.CameraSource.Kind;

class CameraSourceTest {
  @TempDir Path dir;

  @Test
  void sortsUrlsByScheme() {
    assertEquals(Kind.RTSP, CameraSource.parse("rtsp://door.local:554/stream1").kind());
    assertEquals(Kind.RTSP, CameraSource.parse("RTSPS://door.local/s").kind());
    assertEquals(Kind.HTTP_MJPEG, CameraSource.parse("http://10.0.0.7/video.mjpg").kind());
    assertEquals(Kind.HTTP_MJPEG, CameraSource.parse("https://cam.example.org/mjpeg").kind());
    assertTrue(Kind.RTSP.live() && Kind.HTTP_MJPEG.live() && Kind.V4L2.live());
    assertFalse(Kind.FILE.live());
  }

  @Test
  void readsAnExistingFileByPathOrFileUrl() throws Exception {
    Path video = Files.write(dir.resolve("door.avi"), new byte[] {1, 2, 3});
    CameraSource byPath = CameraSource.parse(video.toString());
    assertEquals(Kind.FILE, byPath.kind());
    assertEquals(video.toString(), byPath.location());
    assertEquals(Kind.FILE, CameraSource.parse(video.toUri().toString()).kind());
  }

  @Test
  void rejectsAMissingFileNamingIt() {
    String missing = dir.resolve("nobody-recorded-this.mp4").toString();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CameraSource.parse(missing));
    assertTrue(e.getMessage().contains("nobody-recorded-this.mp4") && e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void rejectsADirectory() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CameraSource.parse(dir.toString()));
    assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
  }

  @Test
  void rejectsAnUnknownSchemeNamingIt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CameraSource.parse("ftp://cam.local/video"));
    assertTrue(e.getMessage().contains("'ftp'") && e.getMessage().contains("rtsp"), e.getMessage());
  }

  @Test
  void rejectsDevPathsThatAreNotVideoDevices() {
    IllegalArgumentException notVideo =
        assertThrows(IllegalArgumentException.class, () -> CameraSource.parse("/dev/null"));
    assertTrue(notVideo.getMessage().contains("/dev/null") && notVideo.getMessage().contains("/dev/videoN"), notVideo.getMessage());
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> CameraSource.parse("/dev/video97"));
    assertTrue(missing.getMessage().contains("/dev/video97") && missing.getMessage().contains("does not exist"), missing.getMessage());
  }

  @Test
  void rejectsEmptyAndHostlessArguments() {
    assertThrows(IllegalArgumentException.class, () -> CameraSource.parse(" "));
    assertThrows(IllegalArgumentException.class, () -> CameraSource.parse(null));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CameraSource.parse("http:///x"));
    assertTrue(e.getMessage().contains("no host"), e.getMessage());
  }

  @Test
  void hidesPasswordsInLogsButGivesThemToFfmpeg() {
    CameraSource source = CameraSource.parse("rtsp://admin:s3cret@door.local/stream");
    assertEquals("rtsp://admin:s3cret@door.local/stream", source.location());
    assertEquals("rtsp://***@door.local/stream", source.display());
    assertFalse(source.toString().contains("s3cret"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CameraSource.parse("gopher://u:s3cret@h/"));
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
  }
}
