import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Makes the parity crops for the tfjs graph models: the centred square of each source image,
 * box-filtered down to the model's input size (32x32 for liveness, 128x128 for antispoof) with plain
 * integer arithmetic, written as PNG so Java and Node read identical pixels.
 *
 * <p>Usage, from the repository root: {@code java tools/tfjs-parity/MakeCrops.java ../shared/data
 * likeness-models/src/test/resources/parity/tfjs}
 */
public class MakeCrops {
  /** Source images relative to the data root, and the crop name each becomes. */
  static final List<String[]> SOURCES =
      List.of(
          new String[] {"lfw/images_deepfunneled/Aaron_Peirsol/Aaron_Peirsol_0001.jpg", "lfw-aaron-peirsol"},
          new String[] {"lfw/images_deepfunneled/Serena_Williams/Serena_Williams_0001.jpg", "lfw-serena-williams"},
          new String[] {"spoof/apfol/real/0.png", "apfol-real-0"},
          new String[] {"spoof/apfol/fake/0.png", "apfol-fake-0"},
          new String[] {"spoof/wolf-huo/real/0.png", "wolf-huo-real"},
          new String[] {"spoof/wolf-huo/fake/0.png", "wolf-huo-fake"});

  static final int[] SIZES = {32, 128};

  public static void main(String[] args) throws IOException {
    Path data = Path.of(args[0]);
    Path out = Path.of(args[1]);
    Files.createDirectories(out);
    for (String[] source : SOURCES) {
      Path file = data.resolve(source[0]);
      BufferedImage image = ImageIO.read(file.toFile());
      int side = Math.min(image.getWidth(), image.getHeight());
      int x0 = (image.getWidth() - side) / 2;
      int y0 = (image.getHeight() - side) / 2;
      for (int size : SIZES) {
        BufferedImage crop = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
          for (int x = 0; x < size; x++) {
            int ya = y0 + y * side / size;
            int yb = Math.max(ya + 1, y0 + (y + 1) * side / size);
            int xa = x0 + x * side / size;
            int xb = Math.max(xa + 1, x0 + (x + 1) * side / size);
            long r = 0;
            long g = 0;
            long b = 0;
            for (int yy = ya; yy < yb; yy++) {
              for (int xx = xa; xx < xb; xx++) {
                int rgb = image.getRGB(xx, yy);
                r += (rgb >> 16) & 0xFF;
                g += (rgb >> 8) & 0xFF;
                b += rgb & 0xFF;
              }
            }
            long n = (long) (yb - ya) * (xb - xa);
            crop.setRGB(x, y, (int) ((r + n / 2) / n) << 16 | (int) ((g + n / 2) / n) << 8 | (int) ((b + n / 2) / n));
          }
        }
        Path target = out.resolve(source[1] + "-" + size + ".png");
        ImageIO.write(crop, "png", target.toFile());
        System.out.println(file + " -> " + target);
      }
    }
  }
}
