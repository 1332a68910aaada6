package org.likeness.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.likeness.detect.Box;
import org.likeness.image.RgbImage;

/**
 * {@link HumanFaceCrop} against Human's own crop steps run in tfjs (tools/tfjs-parity/crops.js):
 * enlarge and square the box, {@code cropAndResize} to 192x192 with zeros outside the image, divide
 * by 255, {@code resizeBilinear} to the network input.
 */
class HumanFaceCropTest {
  /** Float rounding between tfjs's float32 kernels and this double-precision port, on a 0..1 scale. */
  private static final float MAX_ABS_DIFFERENCE = 1e-5f;

  private static final String DIR = "/parity/human-crop/";
  private static JsonNode reference;
  private static RgbImage image;

  @BeforeAll
  static void read() throws IOException {
    try (InputStream in = HumanFaceCropTest.class.getResourceAsStream(DIR + "tfjs-crops.json")) {
      reference = new ObjectMapper().readTree(in);
    }
    BufferedImage png;
    try (InputStream in = HumanFaceCropTest.class.getResourceAsStream(DIR + reference.get("image").asText())) {
      png = ImageIO.read(in);
    }
    byte[] rgb = new byte[png.getWidth() * png.getHeight() * 3];
    for (int y = 0; y < png.getHeight(); y++) {
      for (int x = 0; x < png.getWidth(); x++) {
        int p = png.getRGB(x, y);
        int at = (y * png.getWidth() + x) * 3;
        rgb[at] = (byte) (p >> 16);
        rgb[at + 1] = (byte) (p >> 8);
        rgb[at + 2] = (byte) p;
      }
    }
    image = new RgbImage(png.getWidth(), png.getHeight(), rgb);
  }

  @Test
  void squaredBoxesAndNetworkInputsMatchHumanInTfjs() {
    assertEquals(3, reference.get("cases").size());
    for (JsonNode c : reference.get("cases")) {
      JsonNode b = c.get("box");
      Box box = new Box((float) b.get(0).asDouble(), (float) b.get(1).asDouble(), (float) b.get(2).asDouble(),
          (float) b.get(3).asDouble());
      HumanFaceCrop crop = new HumanFaceCrop(c.get("enlarge").asDouble(), c.get("size").asInt());
      String what = "box " + b + " x" + crop.enlarge() + " to " + crop.size();

      long[] square = crop.square(box);
      float[] got = crop.tensor(image, box);

      for (int k = 0; k < 4; k++) {
        assertEquals(c.get("square").get(k).asLong(), square[k], what + " squared corner " + k);
      }
      int stride = c.get("stride").asInt();
      JsonNode values = c.get("values");
      assertEquals(values.size(), (got.length + stride - 1) / stride, what);
      for (int i = 0; i < values.size(); i++) {
        float expected = (float) values.get(i).asDouble();
        assertEquals(expected, got[i * stride], MAX_ABS_DIFFERENCE, what + " value " + i * stride);
      }
    }
  }

  @Test
  void cellsOutsideTheImageAreZeroAsInCropAndResize() {
    // A box hanging over the top-left corner: the first row of the network input lies above the image.
    float[] got = new HumanFaceCrop(1.0, 8).tensor(image, new Box(-64, -64, 64, 64));
    assertArrayEquals(new float[8 * 3], java.util.Arrays.copyOf(got, 8 * 3));
    assertTrue(got[got.length - 1] > 0, "the bottom-right cell lies inside the image");
  }

  @Test
  void bgrOrderSwapsRedAndBlueOfTheRgbTensor() {
    Box box = new Box(30, 25, 98, 110);
    float[] rgb = new HumanFaceCrop(1.0, 32).tensor(image, box);
    float[] bgr = new HumanFaceCrop(1.0, 32, HumanFaceCrop.ChannelOrder.BGR).tensor(image, box);
    for (int i = 0; i < rgb.length; i += 3) {
      assertEquals(rgb[i], bgr[i + 2]);
      assertEquals(rgb[i + 1], bgr[i + 1]);
      assertEquals(rgb[i + 2], bgr[i]);
    }
  }

  @Test
  void boxWhollyOutsideTheImageIsRejectedNamingIt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> new HumanFaceCrop(1.4, 32).tensor(image, new Box(200, 10, 260, 70)));
    assertTrue(e.getMessage().contains("128x128"), e.getMessage());
  }

  @Test
  void nonPositiveEnlargementIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new HumanFaceCrop(0, 32));
  }
}
