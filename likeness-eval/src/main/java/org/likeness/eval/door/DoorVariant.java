package org.likeness.eval.door;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import org.likeness.eval.Degradations;
import org.likeness.image.JpegWriter;
import org.likeness.image.RgbImage;

/**
 * How a door camera might see an LFW photo. Each variant is a deterministic function of the photo
 * and a seed, built only from the fixed geometry of LFW's deep-funneled frames (no detector), so the
 * benchmark measures the detector instead of depending on it.
 *
 * <p>In a deep-funneled 250x250 LFW photo the face box (as our detector draws it, median over LFW)
 * runs from about (80, 62) to (172, 192): {@value #LFW_FACE_WIDTH} px wide, eyes about 42 px apart.
 */
public enum DoorVariant {
  /** The LFW photo as it is, saved as JPEG quality 90: the reference every variant is compared to. */
  CLEAN("LFW photo, JPEG q90", DoorVariant.LFW_FACE_WIDTH) {
    @Override
    RgbImage render(RgbImage photo, SplittableRandom random) {
      return photo;
    }
  },
  /** The face box alone, edge to edge: a badge photo or a camera crop with no margin. */
  TIGHT("face box only, 92x130, no margin", DoorVariant.LFW_FACE_WIDTH) {
    @Override
    RgbImage render(RgbImage photo, SplittableRandom random) {
      return Degradations.cropResize(photo, 80, 62, 172, 192, 92, 130);
    }
  },
  /** The whole frame shrunk so the face is about 40 px wide (a 109x109 photo). */
  FACE_40("whole frame shrunk, face 40 px", 40) {
    @Override
    RgbImage render(RgbImage photo, SplittableRandom random) {
      return shrinkToFace(photo, 40);
    }
  },
  /** The whole frame shrunk so the face is about 24 px wide (a 65x65 photo). */
  FACE_24("whole frame shrunk, face 24 px", 24) {
    @Override
    RgbImage render(RgbImage photo, SplittableRandom random) {
      return shrinkToFace(photo, 24);
    }
  },
  /** A grey 92x112 crop filled by the face, like the classic ORL/AT&amp;T face sets. */
  GRAY_92X112("grey 92x112 face crop", 77) {
    @Override
    RgbImage render(RgbImage photo, SplittableRandom random) {
      return Degradations.gray(Degradations.cropResize(photo, 70, 56, 180, 190, 92, 112));
    }
  },
  /** A quarter of the light (two stops under), with shot and read noise. */
  DIM_NOISE("1/4 of the light, shot + read noise", DoorVariant.LFW_FACE_WIDTH) {
    @Override
    RgbImage render(RgbImage photo, SplittableRandom random) {
      return Degradations.dim(photo, 0.25, 4, 10, random);
    }
  },
  /** Saved at JPEG quality 20, blocky and smeared. */
  JPEG_20("JPEG quality 20", DoorVariant.LFW_FACE_WIDTH) {
    @Override
    RgbImage render(RgbImage photo, SplittableRandom random) {
      return photo;
    }

    @Override
    int jpegQuality() {
      return 20;
    }
  },
  /** Half defocus (Gaussian, sigma 2.5 px), half motion (11 px at a random angle), per photo. */
  BLUR("defocus sigma 2.5 px or motion 11 px", DoorVariant.LFW_FACE_WIDTH) {
    @Override
    RgbImage render(RgbImage photo, SplittableRandom random) {
      return random.nextBoolean()
          ? Degradations.blur(photo, 2.5)
          : Degradations.motionBlur(photo, 11, random.nextDouble() * Math.PI);
    }
  };

  /** Width of the face box in a deep-funneled LFW photo, in pixels. */
  public static final int LFW_FACE_WIDTH = 92;

  private final String description;
  private final int faceWidth;

  DoorVariant(String description, int faceWidth) {
    this.description = description;
    this.faceWidth = faceWidth;
  }

  /** What the variant does to a photo, for tables. */
  public String description() {
    return description;
  }

  /** About how many pixels wide the face is in this variant. */
  public int faceWidth() {
    return faceWidth;
  }

  /** The lower-case name used on the command line, e.g. {@code face-40}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  abstract RgbImage render(RgbImage photo, SplittableRandom random);

  int jpegQuality() {
    return 90;
  }

  /**
   * The door photo made from an LFW photo, as JPEG bytes. {@code imageName} (the LFW file name)
   * seeds every random choice, so the same photo always gives the same bytes.
   */
  public byte[] photo(RgbImage lfwPhoto, String imageName) {
    long seed = 0x5eed_d002L;
    for (byte b : (name() + "/" + imageName).getBytes(StandardCharsets.UTF_8)) {
      seed = seed * 31 + b;
    }
    return JpegWriter.encode(render(lfwPhoto, new SplittableRandom(seed)), jpegQuality());
  }

  /** Parses {@code face-40}, {@code FACE_40} and the like, naming the choices on failure. */
  public static DoorVariant parse(String name) {
    String wanted = name.trim().replace('-', '_').toUpperCase(Locale.ROOT);
    for (DoorVariant v : values()) {
      if (v.name().equals(wanted)) {
        return v;
      }
    }
    throw new IllegalArgumentException("unknown door variant '" + name + "', expected one of "
        + java.util.Arrays.stream(values()).map(DoorVariant::label).toList());
  }

  private static RgbImage shrinkToFace(RgbImage photo, int faceWidth) {
    return Degradations.downscale(photo, (double) faceWidth / LFW_FACE_WIDTH);
  }
}
