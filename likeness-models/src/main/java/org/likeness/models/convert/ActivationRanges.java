package org.likeness.models.convert;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.likeness.error.BadInputException;

/**
 * The calibrated value range of each activation tensor of one network, from which the int8 model's
 * activation scales and zero points are computed. It is a few KB of numbers measured by running the
 * float network on calibration inputs ({@code likeness models calibrate}), not weights, so it can
 * live in the repository; its header lines record how it was made.
 *
 * <p>Text form: lines starting with {@code #} are the header; every other line is {@code
 * tensor<TAB>min<TAB>max}, with the floats in Java's round-trip decimal form.
 */
public final class ActivationRanges {
  /** The observed range of one tensor; {@code min <= max}. */
  public record Range(float min, float max) {
    public Range {
      if (!(min <= max) || !Float.isFinite(min) || !Float.isFinite(max)) {
        throw new IllegalArgumentException("a range needs finite min <= max, got [" + min + ", " + max + "]");
      }
    }
  }

  private final List<String> header;
  private final Map<String, Range> ranges;

  /**
   * @param header lines describing how the ranges were measured (without the leading {@code #})
   * @param ranges tensor name to range, in graph order
   */
  public ActivationRanges(List<String> header, Map<String, Range> ranges) {
    for (String line : header) {
      if (line.contains("\n")) {
        throw new IllegalArgumentException("a header line must not contain a newline: '" + line + "'");
      }
    }
    if (ranges.isEmpty()) {
      throw new IllegalArgumentException("activation ranges need at least one tensor");
    }
    this.header = List.copyOf(header);
    this.ranges = Collections.unmodifiableMap(new LinkedHashMap<>(ranges));
  }

  /** The range of {@code tensor}, if it was calibrated. */
  public Optional<Range> range(String tensor) {
    return Optional.ofNullable(ranges.get(tensor));
  }

  /** Every calibrated tensor and its range, in graph order. */
  public Map<String, Range> ranges() {
    return ranges;
  }

  /** The header lines, without their {@code #}. */
  public List<String> header() {
    return header;
  }

  /** The text form described in the class comment. */
  public String format() {
    StringBuilder out = new StringBuilder();
    for (String line : header) {
      out.append("# ").append(line).append('\n');
    }
    for (Map.Entry<String, Range> e : ranges.entrySet()) {
      out.append(e.getKey())
          .append('\t')
          .append(e.getValue().min())
          .append('\t')
          .append(e.getValue().max())
          .append('\n');
    }
    return out.toString();
  }

  /**
   * Reads the text form.
   *
   * @param source names the table in error messages
   * @throws BadInputException naming the source and line if a line is not {@code tensor min max}
   */
  public static ActivationRanges read(InputStream in, String source) throws IOException {
    List<String> header = new ArrayList<>();
    Map<String, Range> ranges = new LinkedHashMap<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    int number = 0;
    while ((line = reader.readLine()) != null) {
      number++;
      if (line.startsWith("#")) {
        header.add(line.substring(1).strip());
        continue;
      }
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split("\t");
      try {
        if (fields.length != 3) {
          throw new NumberFormatException("expected 3 tab-separated fields, got " + fields.length);
        }
        Range r = new Range(Float.parseFloat(fields[1]), Float.parseFloat(fields[2]));
        if (ranges.put(fields[0], r) != null) {
          throw new NumberFormatException("tensor '" + fields[0] + "' is listed twice");
        }
      } catch (IllegalArgumentException e) {
        throw new BadInputException(
            "activation ranges " + source + " line " + number + " '" + line + "': " + e.getMessage());
      }
    }
    if (ranges.isEmpty()) {
      throw new BadInputException("activation ranges " + source + " list no tensor");
    }
    return new ActivationRanges(header, ranges);
  }
}
