package org.likeness.image;

import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import org.likeness.image.ImageDecodeException.Reason;

/**
 * Turns image files and uploads into upright {@link RgbImage}s: the first step of every pipeline.
 *
 * <p>Decodes JPEG (baseline, progressive, grayscale, CMYK, YCCK), PNG (1 to 16 bits, palette,
 * grayscale, alpha), BMP, GIF (first frame), WebP (lossy and lossless, first frame) and PBM/PGM/PPM
 * (P1 to P6). The format is recognised from the leading bytes, never from the file name. Decoding
 * uses ImageIO with the TwelveMonkeys plugins.
 *
 * <p>What comes out:
 *
 * <ul>
 *   <li>The EXIF orientation of a JPEG, PNG ({@code eXIf}) or WebP is applied, so a portrait phone
 *       photo comes out upright. Unparseable EXIF, or an orientation outside 1..8, leaves the image
 *       as stored, as browsers do.
 *   <li>Grayscale samples are copied to R, G and B unchanged.
 *   <li>Transparent and translucent pixels are composited over white, as a viewer shows them.
 *   <li>Colour is 8 bits per channel; 16-bit samples are rounded to 8.
 * </ul>
 *
 * <p>What is refused, with an {@link ImageDecodeException} whose message names the source and the
 * problem: missing, unreadable and empty files, directories, files that are not images, images in
 * formats not listed above, truncated or corrupt images (a JPEG without its end-of-image marker is
 * refused even though ImageIO would fill it with grey), and anything beyond the {@link
 * ImageLimits}: more bytes than {@code maxBytes}, or a header that declares more pixels than {@code
 * maxPixels} (checked before any pixel memory is allocated, which stops decompression bombs).
 *
 * <p>Instances are immutable and thread-safe; each call uses its own ImageIO reader.
 */
public final class ImageLoader {
  private final ImageLimits limits;
  private final Map<ImageFormat, ImageReaderSpi> readers;

  /** A loader with {@link ImageLimits#DEFAULT}. */
  public ImageLoader() {
    this(ImageLimits.DEFAULT);
  }

  /**
   * A loader that refuses images beyond {@code limits}.
   *
   * @throws IllegalStateException if an ImageIO plugin this loader needs is missing from the class
   *     path (typically a shaded jar that dropped TwelveMonkeys' META-INF/services entries)
   */
  public ImageLoader(ImageLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.readers = findReaders();
  }

  /** The limits this loader enforces. */
  public ImageLimits limits() {
    return limits;
  }

  /**
   * Reads and decodes an image file.
   *
   * @throws ImageDecodeException if the file is missing, unreadable, not an image, damaged or too
   *     large; the message names {@code file}
   */
  public RgbImage load(Path file) {
    return decode(readFile(file), file.toString());
  }

  /**
   * Decodes an image held in memory, for example an upload.
   *
   * @param bytes the encoded image
   * @param sourceName what to call the image in error messages, for example the upload's file name
   * @throws ImageDecodeException if the bytes are empty, not an image, damaged or too large
   */
  public RgbImage decode(byte[] bytes, String sourceName) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(sourceName, "sourceName");
    ImageFormat format = identify(bytes, sourceName);
    ImageReader reader = newReader(format);
    BufferedImage decoded;
    List<String> warnings = new ArrayList<>();
    try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
      reader.setInput(in, true, true);
      reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
      refuseTooManyPixels(readHeader(reader, format, sourceName), sourceName);
      decoded = reader.read(0);
    } catch (ImageDecodeException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw decoderFailure(sourceName, format, e);
    } finally {
      reader.dispose();
    }
    refuseDamageWarnings(warnings, format, sourceName);
    RgbImage stored = PixelConverter.toRgb(decoded);
    return ImageOps.orient(stored, ExifOrientation.read(format, bytes));
  }

  /**
   * Reads an image file's format and upright size from its header, without decoding its pixels.
   * Does not apply {@link ImageLimits#maxPixels()}, so it can report how large a refused image is.
   *
   * @throws ImageDecodeException if the file is missing, unreadable, not an image, has a damaged
   *     header or more than {@link ImageLimits#maxBytes()} bytes
   */
  public ImageInfo probe(Path file) {
    return probe(readFile(file), file.toString());
  }

  /**
   * Reads the format and upright size of an image held in memory, without decoding its pixels.
   *
   * @see #probe(Path)
   */
  public ImageInfo probe(byte[] bytes, String sourceName) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(sourceName, "sourceName");
    ImageFormat format = identify(bytes, sourceName);
    ImageReader reader = newReader(format);
    HeaderSize stored;
    try (ImageInputStream in = new ByteArrayImageInputStream(bytes)) {
      reader.setInput(in, true, true);
      stored = readHeader(reader, format, sourceName);
    } catch (ImageDecodeException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw decoderFailure(sourceName, format, e);
    } finally {
      reader.dispose();
    }
    boolean swap = ExifOrientation.read(format, bytes).swapsAxes();
    return swap
        ? new ImageInfo(format, stored.height(), stored.width())
        : new ImageInfo(format, stored.width(), stored.height());
  }

  /** Reads a whole file, refusing it before reading if it is too large, and again if it grew. */
  private byte[] readFile(Path file) {
    Objects.requireNonNull(file, "file");
    String name = file.toString();
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new ImageDecodeException(name, Reason.MISSING, "no such file", e);
    } catch (IOException e) {
      throw new ImageDecodeException(
          name, Reason.UNREADABLE, "cannot be read (" + describe(e) + ")", e);
    }
    if (attributes.isDirectory()) {
      throw new ImageDecodeException(name, Reason.NOT_A_FILE, "is a directory, not an image file");
    }
    if (attributes.size() > limits.maxBytes()) {
      throw tooManyBytes(name, attributes.size());
    }
    try (InputStream in = Files.newInputStream(file)) {
      // Read what the size promised, then whatever the file grew by, at most one byte past the
      // limit: reading the whole file into one array bounded by the limit, in one pass.
      byte[] bytes = new byte[(int) attributes.size()];
      int n = in.readNBytes(bytes, 0, bytes.length);
      byte[] rest = in.readNBytes(limits.maxBytes() + 1 - n);
      if (n < bytes.length || rest.length > 0) {
        bytes = Arrays.copyOf(bytes, n + rest.length);
        System.arraycopy(rest, 0, bytes, n, rest.length);
      }
      if (bytes.length > limits.maxBytes()) {
        throw tooManyBytes(name, bytes.length);
      }
      return bytes;
    } catch (AccessDeniedException e) {
      throw new ImageDecodeException(
          name, Reason.UNREADABLE, "cannot be read (permission denied)", e);
    } catch (IOException e) {
      throw new ImageDecodeException(
          name, Reason.UNREADABLE, "cannot be read (" + describe(e) + ")", e);
    }
  }

  /** Checks size and leading bytes, and returns the format to decode with. */
  private ImageFormat identify(byte[] bytes, String sourceName) {
    if (bytes.length == 0) {
      throw new ImageDecodeException(sourceName, Reason.EMPTY, "is empty (0 bytes)");
    }
    if (bytes.length > limits.maxBytes()) {
      throw tooManyBytes(sourceName, bytes.length);
    }
    Optional<ImageFormat> format = MagicNumbers.decodable(bytes);
    if (format.isPresent()) {
      return format.get();
    }
    Optional<String> unsupported = MagicNumbers.knownButUnsupported(bytes);
    if (unsupported.isPresent()) {
      throw new ImageDecodeException(
          sourceName,
          Reason.UNSUPPORTED_FORMAT,
          "is in "
              + unsupported.get()
              + " format, which Likeness does not decode; convert it to JPEG or PNG (supported: "
              + supportedFormats()
              + ")");
    }
    throw new ImageDecodeException(
        sourceName,
        Reason.NOT_AN_IMAGE,
        "is not an image: its first bytes '"
            + MagicNumbers.describeStart(bytes)
            + "' match no image format (supported: "
            + supportedFormats()
            + ")");
  }

  /** Width and height as the header declares them, before EXIF orientation. */
  private record HeaderSize(ImageFormat format, int width, int height) {
    long pixels() {
      return (long) width * height;
    }
  }

  private static HeaderSize readHeader(ImageReader reader, ImageFormat format, String sourceName)
      throws IOException {
    int width = reader.getWidth(0);
    int height = reader.getHeight(0);
    if (width < 1 || height < 1) {
      throw new ImageDecodeException(
          sourceName,
          Reason.CORRUPT,
          format.displayName() + " header declares size " + width + "x" + height);
    }
    return new HeaderSize(format, width, height);
  }

  private void refuseTooManyPixels(HeaderSize header, String sourceName) {
    if (header.pixels() > limits.maxPixels()) {
      throw new ImageDecodeException(
          sourceName,
          Reason.TOO_MANY_PIXELS,
          String.format(
              Locale.ROOT,
              "%s header declares %dx%d = %d pixels, above the limit of %d",
              header.format().displayName(),
              header.width(),
              header.height(),
              header.pixels(),
              limits.maxPixels()));
    }
  }

  /**
   * Decoders report damage they papered over as warnings: libjpeg fills a truncated JPEG with grey
   * and says "Premature end of JPEG file"; TwelveMonkeys says "Truncated File - Missing EOI
   * marker". Those images are refused. Warnings about ignored metadata (a bad ICC profile, a
   * truncated thumbnail) and "extraneous bytes before marker", common in camera files whose pixels
   * are fine, are not.
   */
  private static void refuseDamageWarnings(
      List<String> warnings, ImageFormat format, String source) {
    for (String warning : warnings) {
      String w = warning.toLowerCase(Locale.ROOT);
      if (w.contains("truncated file")
          || w.contains("premature end")
          || w.contains("missing eoi")) {
        throw new ImageDecodeException(
            source,
            Reason.TRUNCATED,
            format.displayName() + " is truncated (decoder: '" + warning + "')");
      }
    }
    for (String warning : warnings) {
      String w = warning.toLowerCase(Locale.ROOT);
      if (w.startsWith("corrupt jpeg data") && !w.contains("extraneous bytes")) {
        throw new ImageDecodeException(
            source,
            Reason.CORRUPT,
            format.displayName() + " is corrupt (decoder: '" + warning + "')");
      }
    }
  }

  private static ImageDecodeException decoderFailure(
      String source, ImageFormat format, Exception e) {
    boolean truncated = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      truncated |= t instanceof EOFException;
    }
    return new ImageDecodeException(
        source,
        truncated ? Reason.TRUNCATED : Reason.CORRUPT,
        format.displayName()
            + (truncated ? " is truncated (" : " is corrupt (")
            + describe(e)
            + ")",
        e);
  }

  private ImageDecodeException tooManyBytes(String source, long size) {
    return new ImageDecodeException(
        source,
        Reason.TOO_MANY_BYTES,
        "is " + size + " bytes, above the limit of " + limits.maxBytes() + " bytes");
  }

  /** An exception and its causes' messages, joined, for a one-line error message. */
  private static String describe(Throwable e) {
    List<String> parts = new ArrayList<>();
    for (Throwable t = e; t != null && parts.size() < 3; t = t.getCause()) {
      String message =
          t.getMessage() != null
              ? t.getMessage()
              : t instanceof EOFException ? "unexpected end of data" : t.getClass().getSimpleName();
      if (parts.isEmpty() || !parts.get(parts.size() - 1).contains(message)) {
        parts.add(message.replace('\n', ' '));
      }
    }
    return String.join(": ", parts);
  }

  private static String supportedFormats() {
    return Arrays.stream(ImageFormat.values())
        .map(ImageFormat::displayName)
        .collect(Collectors.joining(", "));
  }

  private ImageReader newReader(ImageFormat format) {
    try {
      return readers.get(format).createReaderInstance();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot create the ImageIO reader for " + format.displayName() + ": " + describe(e), e);
    }
  }

  /**
   * Picks one ImageIO reader per format, preferring the registry's order. TwelveMonkeys registers
   * through the service loader; when it is missing (a class loader ImageIO did not scan), one
   * rescan is tried before giving up.
   */
  private static Map<ImageFormat, ImageReaderSpi> findReaders() {
    Map<ImageFormat, ImageReaderSpi> found = new EnumMap<>(ImageFormat.class);
    for (int attempt = 0; attempt < 2 && found.size() < ImageFormat.values().length; attempt++) {
      if (attempt == 1) {
        ImageIO.scanForPlugins();
      }
      for (ImageFormat format : ImageFormat.values()) {
        findReader(format).ifPresent(spi -> found.put(format, spi));
      }
    }
    for (ImageFormat format : ImageFormat.values()) {
      if (!found.containsKey(format)) {
        throw new IllegalStateException(
            "no ImageIO reader for "
                + format.displayName()
                + (format.needsTwelveMonkeys()
                    ? " from TwelveMonkeys (com.twelvemonkeys.imageio) on the class path; a shaded"
                        + " jar must merge META-INF/services/javax.imageio.spi.ImageReaderSpi"
                    : ""));
      }
    }
    return found;
  }

  private static Optional<ImageReaderSpi> findReader(ImageFormat format) {
    Iterator<ImageReaderSpi> providers =
        IIORegistry.getDefaultInstance()
            .getServiceProviders(
                ImageReaderSpi.class,
                spi ->
                    Arrays.stream(((ImageReaderSpi) spi).getFormatNames())
                            .anyMatch(name -> name.equalsIgnoreCase(format.imageIoName()))
                        && (!format.needsTwelveMonkeys()
                            || spi.getClass().getName().startsWith("com.twelvemonkeys.")),
                true);
    return providers.hasNext() ? Optional.of(providers.next()) : Optional.empty();
  }
}
