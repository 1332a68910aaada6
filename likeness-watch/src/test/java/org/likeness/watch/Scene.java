package org.likeness.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.likeness.align.Affine;
import org.likeness.align.Warp;
import org.likeness.image.ImageLoader;
import org.likeness.image.RgbImage;

/**
 * A door camera's view made without video: LFW photos pasted on a grey 640x480 canvas, growing as
 * each visitor walks up, at 10 frames a second. Frames are described first and drawn when the feed
 * gives them, so a long scene does not sit in memory.
 */
final class Scene {
  static final int WIDTH = 640;
  static final int HEIGHT = 480;
  static final Duration FRAME = Duration.ofMillis(100);
  /** Sizes, in canvas pixels, of the pasted head-and-shoulders crop while a visitor walks up. */
  static final int[] APPROACH = {60, 85, 110, 140, 170, 200};
  /** The part of a 250 px LFW photo pasted: the face and a little around it. */
  static final int CROP_X = 50;
  static final int CROP_SIZE = 150;

  /** One face on one frame: whose photo, where its centre is, and how large. */
  record Placement(Path photo, int cx, int cy, int size) {}

  /** One frame, not yet drawn. */
  record Shot(long sequence, Instant at, List<Placement> faces) {}

  private final List<Shot> shots = new ArrayList<>();
  private final Map<Placement, RgbImage> chips = new HashMap<>();
  private final ImageLoader loader = new ImageLoader();
  private long sequence = 1;
  private Instant clock = Instant.parse("2026-12-04T08:00:00Z");
  private long skipped;

  static Path lfw(String name, int n) {
    return Path.of(System.getProperty("likeness.lfw", "../../shared/data/lfw"), "images_deepfunneled", name,
        String.format("%s_%04d.jpg", name, n));
  }

  /** Adds one frame with {@code faces} on it. */
  Scene shot(List<Placement> faces) {
    shots.add(new Shot(sequence++, clock, List.copyOf(faces)));
    clock = clock.plus(FRAME);
    return this;
  }

  /** Adds {@code n} frames with the same faces. */
  Scene hold(int n, List<Placement> faces) {
    for (int i = 0; i < n; i++) {
      shot(faces);
    }
    return this;
  }

  /** The feed sends the last frame again: same number, same time. */
  Scene resend() {
    Shot last = shots.get(shots.size() - 1);
    shots.add(new Shot(last.sequence(), last.at(), last.faces()));
    return this;
  }

  /** The camera drops {@code frames} frames: time passes and the sequence jumps. */
  Scene drop(int frames) {
    sequence += frames;
    clock = clock.plus(FRAME.multipliedBy(frames));
    skipped += frames;
    return this;
  }

  /**
   * One visitor alone: walks up to the middle, stands four frames, leaves; three empty frames
   * follow, then the camera drops 20 (2 s), so the next visitor is not taken for this one.
   */
  Scene visit(Path photo) {
    for (int size : APPROACH) {
      shot(List.of(new Placement(photo, WIDTH / 2, HEIGHT / 2, size)));
    }
    hold(4, List.of(new Placement(photo, WIDTH / 2, HEIGHT / 2, APPROACH[APPROACH.length - 1])));
    hold(3, List.of());
    return drop(20);
  }

  int frames() {
    return shots.size();
  }

  long dropped() {
    return skipped;
  }

  /** A feed that draws the scene's frames in order, then ends. */
  FrameFeed feed() {
    return new FrameFeed() {
      private int next;

      @Override
      public Optional<WatchFrame> next(Duration timeout) {
        if (next >= shots.size()) {
          return Optional.empty();
        }
        Shot s = shots.get(next++);
        return Optional.of(new WatchFrame(draw(s.faces()), s.sequence(), s.at()));
      }

      @Override
      public boolean ended() {
        return next >= shots.size();
      }
    };
  }

  /** A grey canvas with each placement's photo pasted, scaled to its size. */
  RgbImage draw(List<Placement> faces) {
    byte[] px = new byte[WIDTH * HEIGHT * 3];
    Arrays.fill(px, (byte) 128);
    for (Placement p : faces) {
      RgbImage chip = chips.computeIfAbsent(p, this::chip);
      int x0 = p.cx() - p.size() / 2;
      int y0 = p.cy() - p.size() / 2;
      for (int y = 0; y < p.size(); y++) {
        System.arraycopy(chip.pixels(), y * p.size() * 3, px, ((y0 + y) * WIDTH + x0) * 3, p.size() * 3);
      }
    }
    return new RgbImage(WIDTH, HEIGHT, px);
  }

  private RgbImage chip(Placement p) {
    RgbImage photo = loader.load(p.photo());
    return Warp.warp(photo, Affine.scaling(CROP_X, CROP_X, CROP_SIZE, CROP_SIZE, p.size(), p.size()).inverse(),
        p.size(), p.size());
  }
}
