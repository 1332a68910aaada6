package org.likeness.lock;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Properties;

/** A Moquette MQTT broker in the test's JVM, on the loopback interface, keeping nothing on disk. */
public final class EmbeddedBroker implements AutoCloseable {

  /** How long a first start waits for Moquette to report its bound port. */
  private static final long START_WAIT_NANOS = 10_000_000_000L;
  /** How long one restart attempt waits for it, and how long all attempts may take. */
  private static final long RESTART_ATTEMPT_NANOS = 2_000_000_000L;
  private static final long RESTART_WAIT_NANOS = 30_000_000_000L;

  private final Server server;
  private final int port;

  /** Starts a broker on a free port. */
  public EmbeddedBroker() throws IOException, InterruptedException {
    this(0, START_WAIT_NANOS);
  }

  /**
   * Starts a broker on {@code port} again after an earlier one there stopped. Moquette releases the
   * port asynchronously after {@code stopServer} and then fails to bind ("Cannot bind to port", or
   * no port reported at all), so this tries again, 2 s per attempt, for up to 30 s: on a loaded
   * machine one attempt could use up a single 5 s budget.
   */
  public static EmbeddedBroker restartOn(int port) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + RESTART_WAIT_NANOS;
    while (true) {
      try {
        return new EmbeddedBroker(port, RESTART_ATTEMPT_NANOS);
      } catch (RuntimeException notBound) {
        if (System.nanoTime() > deadline) {
          throw notBound;
        }
        Thread.sleep(200);
      }
    }
  }

  private EmbeddedBroker(int asked, long waitNanos) throws IOException, InterruptedException {
    // A port of our own choosing, so that Moquette's getPort() (a HashMap its listener thread writes
    // while we would poll it: ConcurrentModificationException) is never read.
    int port = asked > 0 ? asked : freePort();
    Properties props = new Properties();
    props.setProperty(IConfig.HOST_PROPERTY_NAME, "127.0.0.1");
    props.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(port));
    props.setProperty(IConfig.WEB_SOCKET_PORT_PROPERTY_NAME, "disabled");
    props.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
    props.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
    // Moquette reports usage to its authors unless told not to; the tests reach no network.
    props.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
    props.setProperty(BrokerConstants.NETTY_EPOLL_PROPERTY_NAME, "false");
    props.setProperty(BrokerConstants.NETTY_SO_REUSEADDR_PROPERTY_NAME, "true");
    server = new Server();
    server.startServer(new MemoryConfig(props));
    // Moquette binds from a listener that may run after startServer returns: wait until it accepts.
    long deadline = System.nanoTime() + waitNanos;
    while (!accepts(port)) {
      if (System.nanoTime() > deadline) {
        server.stopServer();
        throw new IllegalStateException("embedded broker asked for port " + port + " never bound");
      }
      Thread.sleep(20);
    }
    this.port = port;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    server.stopServer();
  }
}
