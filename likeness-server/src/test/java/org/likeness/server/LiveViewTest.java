package org.likeness.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.likeness.detect.Box;
import org.likeness.image.RgbImage;
import org.likeness.watch.FrameView;
import org.likeness.watch.WatchFrame;

/** The live view's frame event: the picture scaled to 320 px wide and the boxes scaled with it. */
class LiveViewTest {
  @Test
  void aFrameIsScaledToTheViewWidthWithItsBoxesAndLabels() throws IOException {
    int w = 640;
    int h = 480;
    byte[] px = new byte[w * h * 3];
    // The left half red, the right half blue: the scaled picture must keep them apart.
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        px[i] = (byte) (x < w / 2 ? 220 : 0);
        px[i + 2] = (byte) (x < w / 2 ? 0 : 220);
      }
    }
    FrameView view = new FrameView(new WatchFrame(new RgbImage(w, h, px), 41, Instant.parse("2026-12-05T01:00:00Z")),
        List.of(new FrameView.Track(3, new Box(100, 60, 300, 320), FrameView.Status.OPENED, Optional.of("Ann"),
            Optional.empty()), new FrameView.Track(4, new Box(400, 80, 520, 240), FrameView.Status.REFUSED,
            Optional.empty(), Optional.of("stranger"))));

    LiveView.LiveFrame f = LiveView.encode(7, view);

    assertEquals(7, f.id());
    assertEquals("2026-12-05T01:00:00Z", f.at());
    assertEquals(LiveView.WIDTH, f.width());
    assertEquals(240, f.height());
    assertTrue(f.jpeg().startsWith("data:image/jpeg;base64,"), f.jpeg().substring(0, 30));
    BufferedImage picture = ImageIO.read(new ByteArrayInputStream(
        Base64.getDecoder().decode(f.jpeg().substring("data:image/jpeg;base64,".length()))));
    assertEquals(320, picture.getWidth());
    assertEquals(240, picture.getHeight());
    int left = picture.getRGB(40, 120);
    int right = picture.getRGB(280, 120);
    assertTrue((left >> 16 & 0xFF) > 180 && (left & 0xFF) < 60, Integer.toHexString(left));
    assertTrue((right & 0xFF) > 180 && (right >> 16 & 0xFF) < 60, Integer.toHexString(right));
    assertEquals(List.of(new LiveView.LiveTrack(3, 50, 30, 100, 130, "opened", "Ann", null),
        new LiveView.LiveTrack(4, 200, 40, 60, 80, "refused", null, "stranger")), f.tracks());
  }
}
