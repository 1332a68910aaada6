package org.likeness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.camera.LfwVideo;
import org.likeness.lock.EmbeddedBroker;
import org.likeness.lock.WebhookReceiver;
import org.likeness.lock.WebhookSignature;

/**
 * {@code likeness watch} end to end: the LfwVideo door camera (four LFW people walking up one after
 * another), a gallery enrolled from other photos of three of them, a real webhook receiver and a
 * real MQTT broker. {@link WatchCommandStreamLossTest} cuts a live stream under the same watcher.
 */
@Tag("model")
class WatchCommandTest {
  static final String SECRET = "watch-test-secret";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static LfwVideo video;
  static Path avi;
  static Path gallery;
  static Path secretFile;
  /** The video's last visitor, not enrolled. */
  static String stranger;
  static List<String> enrolled;

  /** The door camera's video and a gallery of its visitors but the last, the stranger. */
  record Door(LfwVideo video, Path avi, Path gallery, String stranger, List<String> enrolled) {}

  @BeforeAll
  static void writeVideoAndEnrollAllButTheLastVisitor() throws IOException {
    Door door = prepare(dir);
    video = door.video();
    avi = door.avi();
    gallery = door.gallery();
    stranger = door.stranger();
    enrolled = door.enrolled();
    secretFile = Files.writeString(dir.resolve("webhook.secret"), SECRET + "\n");
  }

  /**
   * Writes the LfwVideo to {@code dir} and enrolls every visitor but the last, each from two other
   * LFW photos of theirs than the one the video shows.
   */
  static Door prepare(Path dir) throws IOException {
    Path lfw = LfwVideo.lfwRoot();
    LfwVideo video = new LfwVideo(LfwVideo.standardScript(lfw));
    Path avi = video.write(dir.resolve("door.avi"));
    List<LfwVideo.Visit> visits = video.script().visits();
    String stranger = visits.get(visits.size() - 1).person();
    List<String> enrolled = visits.stream().map(LfwVideo.Visit::person).filter(p -> !p.equals(stranger)).toList();
    Path folder = dir.resolve("staff");
    for (LfwVideo.Visit v : visits.subList(0, visits.size() - 1)) {
      Path person = Files.createDirectories(folder.resolve(v.person()));
      int copied = 0;
      for (int n = 1; copied < 2; n++) {
        String name = String.format(Locale.ROOT, "%s_%04d.jpg", v.person(), n);
        Path photo = lfw.resolve("images_deepfunneled").resolve(v.person()).resolve(name);
        if (!photo.getFileName().equals(v.photo().getFileName())) {
          Files.copy(photo, person.resolve(name));
          copied++;
        }
      }
    }
    Path gallery = dir.resolve("door-gallery");
    CliRun.Result r = CliRun.run("enroll", "--gallery", gallery.toString(), "--from-folder", folder.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    return new Door(video, avi, gallery, stranger, enrolled);
  }

  /** One printed event line: time,visit,event,person,reason,door,frames. */
  record Line(String time, long visit, String event, String person, String reason) {
    static List<Line> parse(String csv) {
      List<String> rows = csv.lines().toList();
      assertEquals("time,visit,event,person,reason,door,frames", rows.get(0), csv);
      return rows.stream().skip(1).map(row -> {
        String[] f = row.split(",", -1);
        assertEquals(7, f.length, row);
        return new Line(f[0], Long.parseLong(f[1]), f[2], f[3], f[4]);
      }).toList();
    }
  }

  static List<Line> decisions(List<Line> lines) {
    return lines.stream().filter(l -> !l.event().equals("ended")).toList();
  }

  @Test
  void everyEnrolledVisitorOpensOnceThroughWebhookAndMqttAndTheStrangerIsRefusedOnce() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(200);
        EmbeddedBroker broker = new EmbeddedBroker();
        Subscriber subscriber = new Subscriber(broker.url())) {
      int metricsPort;
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        metricsPort = s.getLocalPort();
      }
      long start = System.nanoTime();
      ExecutorService runner = Executors.newSingleThreadExecutor();
      Future<CliRun.Result> run = runner.submit(() -> CliRun.run("watch", "--camera", avi.toString(),
          "--gallery", gallery.toString(), "--door", "front", "--on-open-webhook", receiver.url().toString(),
          "--webhook-secret-file", secretFile.toString(), "--on-open-mqtt", broker.url(), "--min-gap", "0s",
          "--liveness", "off", "--metrics-port", Integer.toString(metricsPort)));
      String scrape = scrapeWhileRunning(metricsPort, run);
      CliRun.Result r = run.get(2, TimeUnit.MINUTES);
      runner.shutdown();
      double seconds = (System.nanoTime() - start) / 1e9;
      assertTrue(scrape.contains("likeness_camera_state{state=\"streaming\"} 1"), scrape);
      assertTrue(scrape.lines().anyMatch(l -> l.matches("likeness_watch_frames_processed_total [1-9][0-9]*")), scrape);
      assertEquals(0, r.code(), r.out() + r.err());
      List<Line> decided = decisions(Line.parse(r.out()));
      String shown = r.out() + r.err();

      // In the video's order: one opening for each enrolled visitor, then one refusal for the stranger.
      assertEquals(enrolled.size() + 1, decided.size(), shown);
      for (int i = 0; i < enrolled.size(); i++) {
        assertEquals("opened", decided.get(i).event(), shown);
        assertEquals(enrolled.get(i), decided.get(i).person(), shown);
      }
      Line refused = decided.get(enrolled.size());
      assertEquals("refused", refused.event(), shown);
      assertEquals("stranger", refused.reason(), shown);

      List<WebhookReceiver.Received> posts = receiver.received();
      assertEquals(enrolled.size(), posts.size(), posts + "\n" + shown);
      for (int i = 0; i < enrolled.size(); i++) {
        WebhookReceiver.Received post = posts.get(i);
        assertTrue(WebhookSignature.verify(SECRET, post.timestamp(), post.body(), post.signature()),
            "signature does not verify: " + post);
        JsonNode body = JSON.readTree(post.body());
        assertEquals(enrolled.get(i), body.get("person").asText(), post.body());
        assertEquals("front", body.get("door").asText(), post.body());
        assertEquals(decided.get(i).time(), body.get("time").asText(), post.body());
        double distance = body.get("distance").asDouble();
        assertTrue(distance >= 0 && distance <= body.get("threshold").asDouble(), post.body());
        assertEquals(Long.toString(decided.get(i).visit()), body.get("visit").asText(), post.body());
      }
      for (int i = 0; i < enrolled.size(); i++) {
        Subscriber.Delivery d = subscriber.next();
        assertEquals("likeness/door/front/open", d.topic());
        assertEquals(enrolled.get(i), JSON.readTree(d.payload()).get("person").asText(), d.payload());
      }
      assertEquals(null, subscriber.got.poll(300, TimeUnit.MILLISECONDS), "more MQTT messages than openings");

      int frames = video.script().frameCount();
      System.out.printf(Locale.ROOT, "likeness watch on %d frames of %s: %.1f s, %.1f frames/s, %d decisions,"
          + " %d openings, 1 refusal%n%s", frames, avi.getFileName(), seconds, frames / seconds, decided.size(),
          enrolled.size(), r.err());
      assertTrue(r.err().contains(frames + " frames in"), r.err());
    }
  }

  /** The same lines from {@code --json}: one object per event. */
  static List<Line> parseJson(String out) throws IOException {
    List<Line> lines = new ArrayList<>();
    for (String row : out.lines().toList()) {
      JsonNode e = JSON.readTree(row);
      lines.add(new Line(e.get("time").asText(), e.get("visit").asLong(), e.get("event").asText(),
          e.get("person").isNull() ? "" : e.get("person").asText(), e.get("reason").asText()));
    }
    return lines;
  }

  @Test
  void aDeadWebhookOpensNothingAndTheCommandStillEndsCleanly() throws IOException {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = s.getLocalPort();
    }
    CliRun.Result r = CliRun.run("watch", "--camera", avi.toString(), "--gallery", gallery.toString(),
        "--on-open-webhook", "http://127.0.0.1:" + deadPort + "/door", "--webhook-secret-file", secretFile.toString(),
        "--min-gap", "0s", "--liveness", "off", "--json");
    assertEquals(0, r.code(), r.out() + r.err());
    List<Line> decided = decisions(parseJson(r.out()));
    String shown = r.out() + r.err();
    assertEquals(enrolled.size() + 1, decided.size(), shown);
    for (int i = 0; i < enrolled.size(); i++) {
      assertEquals("not_opened", decided.get(i).event(), shown);
      assertEquals("failed", decided.get(i).reason(), shown);
      assertEquals(enrolled.get(i), decided.get(i).person(), shown);
    }
    assertEquals("refused", decided.get(enrolled.size()).event(), shown);
    assertTrue(decided.stream().noneMatch(l -> l.event().equals("opened")), shown);
    assertTrue(r.err().contains("FAILED"), r.err());
    assertTrue(r.err().contains(" 0 openings"), r.err());
  }

  @Test
  void aFileThatIsNoVideoIsABadCameraValue() throws IOException {
    Path notVideo = Files.write(dir.resolve("not-a-video.avi"), "no frames here".getBytes(StandardCharsets.UTF_8));
    CliRun.Result r = CliRun.run("watch", "--camera", notVideo.toString(), "--gallery", gallery.toString(),
        "--liveness", "off");
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("--camera " + notVideo), r.err());
  }

  /** The first /metrics answer that counted a processed frame, scraped while the command runs. */
  static String scrapeWhileRunning(int port, Future<CliRun.Result> run) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
    String first = "";
    while (!run.isDone() && first.isEmpty()) {
      try {
        HttpResponse<String> answer = http.send(get, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        if (!answer.body().contains("likeness_watch_frames_processed_total 0")) {
          first = answer.body();
        }
      } catch (IOException notYetListening) {
        // the command is still loading its models
      }
      Thread.sleep(200);
    }
    return first;
  }

  /** A Paho subscriber on every door's openings. */
  static final class Subscriber implements AutoCloseable {
    record Delivery(String topic, String payload) {}

    final BlockingQueue<Delivery> got = new LinkedBlockingQueue<>();
    private final MqttClient client;

    Subscriber(String url) throws MqttException {
      client = new MqttClient(url, "watch-test-subscriber", new MemoryPersistence());
      MqttConnectOptions options = new MqttConnectOptions();
      options.setCleanSession(true);
      client.connect(options);
      client.subscribe("likeness/door/+/open", 1,
          (topic, message) -> got.add(new Delivery(topic, new String(message.getPayload(), StandardCharsets.UTF_8))));
    }

    Delivery next() throws InterruptedException {
      Delivery d = got.poll(5, TimeUnit.SECONDS);
      assertTrue(d != null, "no MQTT message arrived within 5 s");
      return d;
    }

    @Override
    public void close() throws MqttException {
      if (client.isConnected()) {
        client.disconnectForcibly(0, 100);
      }
      client.close(true);
    }
  }
}
