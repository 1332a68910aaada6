package org.likeness.camera;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP MJPEG camera for tests: serves {@code multipart/x-mixed-replace} JPEG frames, in a
 * loop, at a set rate to every client on 127.0.0.1. {@link #stop()} drops the clients and closes
 * the port, {@link #start()} serves again on the same port, so tests can cut a stream mid-run.
 */
public final class MjpegServer implements AutoCloseable {
  private static final String BOUNDARY = "likenessframe";

  private final List<byte[]> jpegs;
  private final long frameNanos;
  private final AtomicInteger connections = new AtomicInteger();
  private int port;
  private HttpServer server;
  private ExecutorService handlers;
  private volatile boolean serving;

  private MjpegServer(List<byte[]> jpegs, double fps) {
    if (jpegs.isEmpty()) {
      throw new IllegalArgumentException("an MJPEG server needs at least one frame");
    }
    if (!(fps > 0)) {
      throw new IllegalArgumentException("frame rate must be positive, got " + fps);
    }
    this.jpegs = List.copyOf(jpegs);
    this.frameNanos = (long) (1e9 / fps);
  }

  /** Serves {@code jpegs} at {@code fps} on an ephemeral port. */
  public static MjpegServer serve(List<byte[]> jpegs, double fps) {
    MjpegServer server = new MjpegServer(jpegs, fps);
    server.start();
    return server;
  }

  /** Starts serving (again), on the port of the first start. */
  public synchronized void start() {
    if (server != null) {
      throw new IllegalStateException("MJPEG server on port " + port + " is already running");
    }
    try {
      HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 8);
      handlers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mjpeg-test-server");
        t.setDaemon(true);
        return t;
      });
      created.setExecutor(handlers);
      created.createContext("/", this::stream);
      serving = true;
      created.start();
      server = created;
      port = created.getAddress().getPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start MJPEG server on port " + port, e);
    }
  }

  /** Drops every client and closes the port. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    serving = false;
    server.stop(0);
    handlers.shutdownNow();
    try {
      if (!handlers.awaitTermination(5, TimeUnit.SECONDS)) {
        throw new IllegalStateException("MJPEG server handlers on port " + port + " did not stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server = null;
    handlers = null;
  }

  /** The stream's URL. */
  public String url() {
    return "http://127.0.0.1:" + port + "/stream.mjpg";
  }

  public int port() {
    return port;
  }

  /** Connections accepted since the first start. */
  public int connections() {
    return connections.get();
  }

  @Override
  public void close() {
    stop();
  }

  private void stream(HttpExchange exchange) throws IOException {
    connections.incrementAndGet();
    exchange.getResponseHeaders().set("Content-Type", "multipart/x-mixed-replace;boundary=" + BOUNDARY);
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      long due = System.nanoTime();
      for (int i = 0; serving; i = (i + 1) % jpegs.size()) {
        byte[] jpeg = jpegs.get(i);
        String header =
            "--" + BOUNDARY + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + jpeg.length + "\r\n\r\n";
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        out.write(jpeg);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        due += frameNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
    } catch (IOException | InterruptedException e) {
      // The client left or the server is stopping: either way this connection is over.
    } finally {
      exchange.close();
    }
  }
}
