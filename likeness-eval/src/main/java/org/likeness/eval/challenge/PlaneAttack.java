package org.likeness.eval.challenge;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.likeness.eval.Degradations;
import org.likeness.image.ImageLoader;
import org.likeness.image.JpegWriter;
import org.likeness.image.RgbImage;
import org.likeness.liveness.challenge.TurnDirection;

/**
 * A photo or phone screen held up to the kiosk camera: the photo is a plane in front of a pinhole
 * camera, moved, tilted and rotated in 3-D over the burst, rendered by a perspective warp onto a
 * noisy grey background, then blurred, given sensor noise and JPEG-compressed. Pure and
 * deterministic: every random choice comes from the caller's generator.
 */
public final class PlaneAttack {
  /** Frame size of the simulated kiosk camera. */
  static final int WIDTH = 480;
  static final int HEIGHT = 360;
  /** Focal length in pixels: about a 60 degree horizontal field of view at 480 px. */
  static final double FOCAL = 420;

  private static final ImageLoader LOADER = new ImageLoader();

  /** How the plane moves over the burst. */
  enum Motion {
    /** Rotated about the vertical axis the way the asked turn would look, with drift. */
    MIMIC_TURN,
    /** Rotated the asked way and back, shaken, tilted: an attacker trying to fake depth. */
    WOBBLE,
    /** Moved toward the camera and sideways with a little rotation. */
    SLIDE
  }

  private PlaneAttack() {}

  /**
   * {@code frames} frames of {@code photo} as a plane; {@code faceWidthShare} is the face's width
   * as a share of the photo's width (about 0.4 for an LFW deep-funneled photo, 0.8 for a tight crop),
   * so the face appears 90 to 170 pixels wide.
   */
  public static List<RgbImage> render(RgbImage photo, double faceWidthShare, TurnDirection asked, int frames,
      SplittableRandom r) {
    Motion motion = Motion.values()[r.nextInt(Motion.values().length)];
    double faceWidthPx = 90 + 80 * r.nextDouble();
    double distance = 1.0; // metres; only ratios matter
    double planeWidth = faceWidthPx / faceWidthShare * distance / FOCAL; // metres across the photo
    // Pre-shrink the photo to about its on-screen size so the perspective sampling does not alias.
    double onScreen = faceWidthPx / faceWidthShare;
    RgbImage src = onScreen < photo.width() ? Degradations.downscale(photo, onScreen / photo.width()) : photo;
    double sign = asked.imageSign();
    double yaw0 = Math.toRadians(-8 + 16 * r.nextDouble());
    double yawSweep = Math.toRadians(15 + 30 * r.nextDouble()) * sign;
    double pitch0 = Math.toRadians(-10 + 20 * r.nextDouble());
    double pitchDrift = Math.toRadians(-8 + 16 * r.nextDouble());
    double roll0 = Math.toRadians(-8 + 16 * r.nextDouble());
    double rollDrift = Math.toRadians(-6 + 12 * r.nextDouble());
    double x0 = -0.08 + 0.16 * r.nextDouble();
    double y0 = -0.05 + 0.1 * r.nextDouble();
    double dx = -0.06 + 0.12 * r.nextDouble();
    double dy = -0.04 + 0.08 * r.nextDouble();
    double dz = motion == Motion.SLIDE ? -0.2 + 0.1 * r.nextDouble() : -0.08 + 0.16 * r.nextDouble();
    double blur = r.nextDouble() < 0.5 ? 0 : 0.5 + r.nextDouble();
    double noise = 2 + 4 * r.nextDouble();
    int quality = 50 + r.nextInt(46);
    int grey = 70 + r.nextInt(120);
    byte[] background = new byte[WIDTH * HEIGHT * 3];
    for (int i = 0; i < WIDTH * HEIGHT; i++) {
      int v = Math.max(0, Math.min(255, grey + (int) Math.round(12 * r.nextGaussian())));
      background[3 * i] = background[3 * i + 1] = background[3 * i + 2] = (byte) v;
    }
    List<RgbImage> out = new ArrayList<>();
    for (int f = 0; f < frames; f++) {
      double t = frames == 1 ? 0 : f / (double) (frames - 1);
      double shake = motion == Motion.WOBBLE ? Math.toRadians(4) * r.nextGaussian() : 0;
      double yawProgress = motion == Motion.WOBBLE ? Math.sin(Math.PI * t) : motion == Motion.SLIDE ? 0.3 * t : t;
      double yaw = yaw0 + yawSweep * yawProgress + shake;
      double pitch = pitch0 + pitchDrift * t + (motion == Motion.WOBBLE ? Math.toRadians(3) * r.nextGaussian() : 0);
      double roll = roll0 + rollDrift * t;
      double[] h = planeToImage(src.width(), src.height(), planeWidth, yaw, pitch, roll,
          x0 + dx * t, y0 + dy * t, distance + dz * t);
      RgbImage frame = warp(src, invert(h), background);
      if (blur > 0) {
        frame = Degradations.blur(frame, blur);
      }
      frame = Degradations.exposure(frame, 1.0, noise, r.nextLong());
      frame = LOADER.decode(JpegWriter.encode(frame, quality), "plane attack frame " + f);
      out.add(frame);
    }
    return out;
  }

  /**
   * The homography from photo pixels (u, v) to image pixels: the photo centred on the origin, scaled
   * to {@code planeWidth} metres, rotated (yaw about the vertical axis, positive turning the photo's
   * right half away from the camera; pitch; roll), moved to (x, y, z) and projected.
   */
  static double[] planeToImage(int pw, int ph, double planeWidth, double yaw, double pitch, double roll,
      double x, double y, double z) {
    double s = planeWidth / pw;
    double[] rot = multiply(rotZ(roll), multiply(rotX(pitch), rotY(yaw)));
    // Columns: s*r1, s*r2, T - s*(pw/2) r1 - s*(ph/2) r2.
    double[] m = new double[9];
    for (int row = 0; row < 3; row++) {
      double r1 = rot[row * 3];
      double r2 = rot[row * 3 + 1];
      double tr = row == 0 ? x : row == 1 ? y : z;
      m[row * 3] = s * r1;
      m[row * 3 + 1] = s * r2;
      m[row * 3 + 2] = tr - s * (pw / 2.0) * r1 - s * (ph / 2.0) * r2;
    }
    double[] k = {FOCAL, 0, WIDTH / 2.0, 0, FOCAL, HEIGHT / 2.0, 0, 0, 1};
    return multiply(k, m);
  }

  private static double[] rotY(double a) {
    double c = Math.cos(a);
    double s = Math.sin(a);
    // x' = c x - s z, z' = s x + c z: positive yaw sends +x away from the camera.
    return new double[] {c, 0, -s, 0, 1, 0, s, 0, c};
  }

  private static double[] rotX(double a) {
    double c = Math.cos(a);
    double s = Math.sin(a);
    return new double[] {1, 0, 0, 0, c, -s, 0, s, c};
  }

  private static double[] rotZ(double a) {
    double c = Math.cos(a);
    double s = Math.sin(a);
    return new double[] {c, -s, 0, s, c, 0, 0, 0, 1};
  }

  static double[] multiply(double[] a, double[] b) {
    double[] c = new double[9];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        double sum = 0;
        for (int k = 0; k < 3; k++) {
          sum += a[i * 3 + k] * b[k * 3 + j];
        }
        c[i * 3 + j] = sum;
      }
    }
    return c;
  }

  static double[] invert(double[] m) {
    double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], i = m[8];
    double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
    if (Math.abs(det) < 1e-15) {
      throw new IllegalArgumentException("homography is singular: " + java.util.Arrays.toString(m));
    }
    return new double[] {
      (e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det,
      (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det,
      (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det
    };
  }

  /** Each image pixel sampled bilinearly from {@code src} through {@code imageToPhoto}; outside: the background. */
  private static RgbImage warp(RgbImage src, double[] hi, byte[] background) {
    byte[] out = background.clone();
    byte[] in = src.pixels();
    int sw = src.width();
    int sh = src.height();
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        double w = hi[6] * x + hi[7] * y + hi[8];
        if (w == 0) {
          continue;
        }
        double u = (hi[0] * x + hi[1] * y + hi[2]) / w;
        double v = (hi[3] * x + hi[4] * y + hi[5]) / w;
        if (u < 0 || v < 0 || u > sw - 1 || v > sh - 1) {
          continue;
        }
        int u0 = Math.min((int) u, sw - 2);
        int v0 = Math.min((int) v, sh - 2);
        double fu = u - u0;
        double fv = v - v0;
        int i00 = (v0 * sw + u0) * 3;
        int i01 = i00 + sw * 3;
        int o = (y * WIDTH + x) * 3;
        for (int ch = 0; ch < 3; ch++) {
          double top = (in[i00 + ch] & 0xFF) * (1 - fu) + (in[i00 + 3 + ch] & 0xFF) * fu;
          double bottom = (in[i01 + ch] & 0xFF) * (1 - fu) + (in[i01 + 3 + ch] & 0xFF) * fu;
          out[o + ch] = (byte) Math.round(top * (1 - fv) + bottom * fv);
        }
      }
    }
    return new RgbImage(WIDTH, HEIGHT, out);
  }
}
