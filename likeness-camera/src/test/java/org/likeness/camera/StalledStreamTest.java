package org.likeness.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.likeness.camera.CameraHealth.State;
import org.likeness.image.JpegWriter;
import org.likeness.image.RgbImage;

/**
 * A camera that keeps the connection open but stops sending (a hung encoder, a pulled cable behind
 * a switch): the read timeout turns the silence into a drop, and close is bounded by it.
 */
class StalledStreamTest {
  private ServerSocket listener;
  private final List<Socket> clients = new ArrayList<>();
  private Thread acceptor;

  @BeforeEach
  void startStallingCamera() throws IOException {
    byte[] jpeg = JpegWriter.encode(new RgbImage(64, 48, new byte[64 * 48 * 3]), 90);
    listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    acceptor = new Thread(() -> {
      try {
        while (true) {
          Socket client = listener.accept();
          synchronized (clients) {
            clients.add(client);
          }
          OutputStream out = client.getOutputStream();
          String head = "HTTP/1.0 200 OK\r\nContent-Type: multipart/x-mixed-replace;boundary=b\r\n\r\n";
          String part = "--b\r\nContent-Type: image/jpeg\r\nContent-Length: " + jpeg.length + "\r\n\r\n";
          out.write(head.getBytes(StandardCharsets.US_ASCII));
          for (int i = 0; i < 2; i++) {
            out.write(part.getBytes(StandardCharsets.US_ASCII));
            out.write(jpeg);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          }
          out.flush();
          // ...and then nothing more, with the connection left open.
        }
      } catch (IOException e) {
        // The listener was closed by the test.
      }
    }, "stalling-camera");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void stop() throws Exception {
    listener.close();
    synchronized (clients) {
      for (Socket client : clients) {
        client.close();
      }
    }
    acceptor.join(2000);
  }

  @Test
  void silenceBecomesADropWithinTheReadTimeoutAndCloseIsBounded() throws Exception {
    FeedOptions options =
        FeedOptions.DEFAULTS.withReadTimeout(Duration.ofSeconds(1)).withBackoff(Duration.ofMillis(100), Duration.ofMillis(200));
    CameraFeed feed =
        CameraFeed.open(CameraSource.parse("http://127.0.0.1:" + listener.getLocalPort() + "/"), options);
    try {
      assertTrue(feed.next(Duration.ofSeconds(5)).isPresent(), feed.health().toString());
      LiveFeedTest.awaitState(feed, s -> s == State.RECONNECTING, "RECONNECTING after the stall");
      assertTrue(feed.health().lastError().isPresent(), feed.health().toString());
      // Reconnected, got the two frames again, and is stalled inside a read now.
      LiveFeedTest.awaitState(feed, s -> s == State.STREAMING, "STREAMING after reconnecting");
    } finally {
      long start = System.nanoTime();
      feed.close();
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis < 1000 + 2000, "close took " + millis + " ms with a 1 s read timeout");
    }
    assertEquals(State.CLOSED, feed.health().state());
    assertTrue(!LiveFeedTest.threadAlive(feed.threadName()), "decode thread outlived close");
  }
}
