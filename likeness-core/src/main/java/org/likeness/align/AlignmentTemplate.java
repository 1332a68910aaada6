package org.likeness.align;

import org.likeness.detect.FivePoints;
import org.likeness.detect.Point;

/**
 * Where the five landmarks of a face must land in an aligned chip of {@code size x size} pixels. An
 * embedder is trained on chips aligned one way; feeding it any other alignment costs accuracy.
 *
 * @param name short name, recorded in galleries as provenance
 * @param size chip width and height in pixels
 * @param points target positions, in chip pixels
 * @param source where the numbers come from
 */
public record AlignmentTemplate(String name, int size, FivePoints points, String source) {

  /**
   * insightface's {@code arcface_dst} for 112x112 chips, used by ArcFace, MobileFaceNet and the
   * faceplugin feature model.
   */
  public static final AlignmentTemplate ARCFACE_112 =
      new AlignmentTemplate(
          "arcface-112",
          112,
          new FivePoints(
              new Point(38.2946f, 51.6963f),
              new Point(73.5318f, 51.5014f),
              new Point(56.0252f, 71.7366f),
              new Point(41.5493f, 92.3655f),
              new Point(70.7299f, 92.2041f)),
          "insightface arcface_dst (python-package/insightface/utils/face_align.py)");

  /**
   * dlib's face chip for its ResNet descriptor: 150x150 with 25% padding, as in {@code
   * get_face_chip_details(shape, 150, 0.25)}. dlib fits 33 of its 68 mean-face points; here the
   * five points are derived from the same mean face (eye centres from points 36-47, nose tip 30,
   * mouth corners 48 and 54), see {@link DlibMeanFace}.
   */
  public static final AlignmentTemplate DLIB_150 = DlibMeanFace.chipTemplate(150, 0.25);

  public AlignmentTemplate {
    if (size < 8) {
      throw new IllegalArgumentException("alignment chip must be at least 8 pixels, got " + size);
    }
  }
}
