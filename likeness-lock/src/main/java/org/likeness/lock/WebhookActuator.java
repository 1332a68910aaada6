package org.likeness.lock;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Opens the door by an HTTP POST of the opening's {@linkplain OpeningJson JSON form}, signed as
 * {@link WebhookSignature} describes. Each attempt has its own timeout; a connection failure, a
 * timeout or a 5xx answer is retried after a back-off that doubles, a 4xx (or any other non-2xx)
 * answer is not. A 2xx answer means opened.
 */
public final class WebhookActuator implements DoorActuator {

  /**
   * How often to try and how long to wait between tries.
   *
   * @param attempts the number of tries in all, at least 1
   * @param firstDelay the wait after the first failed try; each later wait doubles
   */
  public record Retry(int attempts, Duration firstDelay) {

    /** Three tries, 200 ms then 400 ms apart. */
    public static final Retry DEFAULT = new Retry(3, Duration.ofMillis(200));

    public Retry {
      if (attempts < 1) {
        throw new IllegalArgumentException(
            "webhook attempts must be at least 1 but was " + attempts);
      }
      if (firstDelay.isNegative()) {
        throw new IllegalArgumentException(
            "webhook retry delay must not be negative but was " + firstDelay);
      }
    }
  }

  private final URI url;
  private final String secret;
  private final Duration timeout;
  private final Retry retry;
  private final Clock clock;
  private final ExecutorService executor;
  private final HttpClient client;

  /**
   * @param url where to POST, http or https
   * @param secret the shared HMAC secret, non-empty; never logged or described
   * @param timeout the limit on each attempt (connect and answer), positive
   * @param retry how often to try
   * @param clock the source of the signed timestamp
   */
  public WebhookActuator(URI url, String secret, Duration timeout, Retry retry, Clock clock) {
    Objects.requireNonNull(url, "url");
    String scheme = url.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || url.getHost() == null) {
      throw new IllegalArgumentException(
          "webhook URL must be http(s)://host/... but was '" + url + "'");
    }
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException(
          "webhook secret for " + redact(url) + " must not be empty");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("webhook timeout must be positive but was " + timeout);
    }
    this.url = url;
    this.secret = secret;
    this.timeout = timeout;
    this.retry = Objects.requireNonNull(retry, "retry");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "likeness-lock-webhook");
              t.setDaemon(true);
              return t;
            });
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor)
            .build();
  }

  @Override
  public void open(Opening opening, Duration hold) throws ActuatorException {
    String body = OpeningJson.write(opening, hold);
    Duration delay = retry.firstDelay();
    String lastFailure = "";
    for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
      if (attempt > 1) {
        sleep(delay);
        delay = delay.multipliedBy(2);
      }
      long timestamp = clock.instant().getEpochSecond();
      HttpRequest request =
          HttpRequest.newBuilder(url)
              .timeout(timeout)
              .header("Content-Type", "application/json")
              .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
              .header(
                  WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, body))
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return;
        }
        lastFailure = "HTTP " + status + answerSnippet(response.body());
        if (status < 500) {
          throw new ActuatorException(
              describe(),
              "refused on attempt " + attempt + " with " + lastFailure + " (not retried)");
        }
      } catch (HttpTimeoutException e) {
        lastFailure = "no answer within " + timeout.toMillis() + " ms";
      } catch (IOException e) {
        lastFailure =
            e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ActuatorException(describe(), "interrupted on attempt " + attempt, e);
      }
    }
    throw new ActuatorException(
        describe(), "failed after " + retry.attempts() + " attempts, last: " + lastFailure);
  }

  private void sleep(Duration delay) throws ActuatorException {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ActuatorException(describe(), "interrupted between attempts", e);
    }
  }

  private static String answerSnippet(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String line = body.strip().lines().findFirst().orElse("");
    return ": " + (line.length() > 200 ? line.substring(0, 200) + "..." : line);
  }

  /** The URL without user info, query or fragment, which may hold tokens. */
  private static String redact(URI url) {
    return url.getScheme()
        + "://"
        + url.getHost()
        + (url.getPort() < 0 ? "" : ":" + url.getPort())
        + (url.getRawPath() == null ? "" : url.getRawPath());
  }

  @Override
  public String describe() {
    return "webhook POST "
        + redact(url)
        + " (timeout "
        + timeout.toMillis()
        + " ms, "
        + retry.attempts()
        + " attempts)";
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
