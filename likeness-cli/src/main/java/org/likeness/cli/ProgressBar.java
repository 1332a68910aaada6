package org.likeness.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress bar on stderr with rate and ETA. On a terminal it redraws one line; elsewhere (CI logs)
 * it prints a line every ten percent. It is safe to call from several threads.
 */
final class ProgressBar implements AutoCloseable {
  private static final int WIDTH = 30;
  private final PrintWriter err;
  private final String label;
  private final boolean terminal = System.console() != null;
  private final long start = System.nanoTime();
  private long lastDraw;
  private int lastDecile = -1;
  private int done;
  private int total;

  ProgressBar(PrintWriter err, String label) {
    this.err = err;
    this.label = label;
  }

  synchronized void update(int done, int total) {
    this.done = done;
    this.total = total;
    long now = System.nanoTime();
    int decile = total == 0 ? 10 : done * 10 / total;
    if (terminal ? now - lastDraw > 100_000_000L || done == total : decile != lastDecile) {
      lastDraw = now;
      lastDecile = decile;
      draw(now);
    }
  }

  private void draw(long now) {
    double secs = (now - start) / 1e9;
    double rate = secs > 0 ? done / secs : 0;
    double eta = rate > 0 ? (total - done) / rate : Double.NaN;
    int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
    String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
    String line = String.format(Locale.ROOT, "%s [%s] %d/%d  %.1f/s  ETA %s", label, bar, done, total, rate,
        Double.isNaN(eta) ? "?" : formatSeconds(eta));
    if (terminal) {
      err.print("\r" + line);
      if (done == total) {
        err.println();
      }
    } else {
      err.println(line);
    }
    err.flush();
  }

  static String formatSeconds(double s) {
    long t = Math.round(s);
    return t >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, t % 3600 / 60)
        : String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
  }

  @Override
  public synchronized void close() {
    if (terminal && done != total) {
      err.println();
    }
  }
}
