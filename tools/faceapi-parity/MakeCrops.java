import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Makes the 150x150 RGB PNG crops used by the dlib ResNet parity test: the centre of each 250x250
 * LFW deep-funneled image, from offset (50, 50). Run from the repository root with {@code java
 * tools/faceapi-parity/MakeCrops.java <lfw images_deepfunneled dir> <output dir>}.
 */
public final class MakeCrops {
  static final List<String> PEOPLE =
      List.of("Aaron_Eckhart", "Colin_Powell", "Gloria_Macapagal_Arroyo", "Serena_Williams");
  static final int OFFSET = 50;
  static final int SIZE = 150;

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException(
          "usage: java MakeCrops.java <lfw images_deepfunneled dir> <output dir>");
    }
    Path lfw = Path.of(args[0]);
    Path out = Path.of(args[1]);
    Files.createDirectories(out);
    for (String name : PEOPLE) {
      Path source = lfw.resolve(name).resolve(name + "_0001.jpg");
      BufferedImage image = ImageIO.read(source.toFile());
      if (image == null || image.getWidth() < OFFSET + SIZE || image.getHeight() < OFFSET + SIZE) {
        throw new IOException(
            "cannot crop " + SIZE + "x" + SIZE + " at " + OFFSET + " from " + source);
      }
      BufferedImage crop = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          crop.setRGB(x, y, image.getRGB(OFFSET + x, OFFSET + y));
        }
      }
      Path target = out.resolve(name + "_0001.png");
      ImageIO.write(crop, "png", target.toFile());
      System.out.println(target);
    }
  }
}
