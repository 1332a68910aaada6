package org.likeness.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.likeness.image.RgbImage;

class FrameSlotTest {
  private static Frame frame(long sequence, byte[] pixels) {
    return new Frame(new RgbImage(2, 1, pixels), sequence, Instant.EPOCH);
  }

  @Test
  void aNewerFrameReplacesAnUnreadOneAndItsPixelsAreReused() throws Exception {
    FrameSlot slot = new FrameSlot();
    byte[] firstPixels = new byte[6];
    assertFalse(slot.offer(frame(1, firstPixels)));
    assertTrue(slot.offer(frame(2, slot.pixels(6))), "frame 1 was never read");
    assertEquals(1, slot.dropped());
    assertSame(firstPixels, slot.pixels(6), "nobody saw frame 1, so its array is free");
    assertEquals(6, slot.pixels(6).length);
    assertEquals(2, slot.take(Duration.ZERO).orElseThrow().sequence());
    assertTrue(slot.take(Duration.ofMillis(20)).isEmpty());
  }

  @Test
  void finishingHandsOutWhatIsLeftThenNothingWithoutWaiting() throws Exception {
    FrameSlot slot = new FrameSlot();
    slot.offer(frame(7, new byte[6]));
    slot.finish();
    assertEquals(7, slot.take(Duration.ofSeconds(10)).orElseThrow().sequence());
    long start = System.nanoTime();
    assertTrue(slot.take(Duration.ofSeconds(10)).isEmpty());
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1));
    assertFalse(slot.put(frame(8, new byte[6])), "a finished slot takes no more frames");
  }

  @Test
  void putWaitsForTheReader() throws Exception {
    FrameSlot slot = new FrameSlot();
    assertTrue(slot.put(frame(1, new byte[6])));
    Thread writer = new Thread(() -> {
      try {
        slot.put(frame(2, new byte[6]));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    writer.start();
    writer.join(200);
    assertTrue(writer.isAlive(), "put returned while frame 1 was unread");
    assertEquals(1, slot.take(Duration.ZERO).orElseThrow().sequence());
    writer.join(5000);
    assertEquals(2, slot.take(Duration.ofSeconds(5)).orElseThrow().sequence());
    assertEquals(0, slot.dropped());
  }

  @Test
  void rateMeterCountsFramesInItsWindowOnly() {
    long second = TimeUnit.SECONDS.toNanos(1);
    RateMeter meter = new RateMeter(5 * second, 1024, 0);
    for (int i = 1; i <= 100; i++) {
      meter.tick(i * second / 10);
    }
    assertEquals(10.0, meter.perSecond(10 * second), 0.5);
    assertEquals(0.0, meter.perSecond(30 * second), 1e-9, "a stalled stream reads as 0 fps");
  }
}
