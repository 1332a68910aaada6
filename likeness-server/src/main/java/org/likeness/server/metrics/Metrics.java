package org.likeness.server.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The service's counters, written in the Prometheus text exposition format (version 0.0.4) by
 * {@link #scrape()}: requests by route, method and status; a latency histogram by route; door
 * decisions by endpoint and outcome; and gauges read at scrape time. Labels only ever hold route
 * templates and enum labels, never a path with a person's name, so their number stays small.
 * Thread-safe.
 */
public final class Metrics {
  /** Upper bounds of the latency histogram's buckets, in seconds. */
  static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  /** The text format's content type. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private record RequestKey(String method, String route, int status) {}

  private record DecisionKey(String endpoint, String outcome) {}

  private record Gauge(String name, String help, DoubleSupplier value) {}

  private final Map<RequestKey, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
  private final Map<DecisionKey, LongAdder> decisions = new ConcurrentHashMap<>();
  private final List<Gauge> gauges = new CopyOnWriteArrayList<>();
  private final List<Supplier<String>> texts = new CopyOnWriteArrayList<>();

  /** Counts one answered request and its time. */
  public void recordRequest(String method, String route, int status, double seconds) {
    requests.computeIfAbsent(new RequestKey(method, route, status), k -> new LongAdder()).increment();
    latency.computeIfAbsent(route, k -> new Histogram()).observe(seconds);
  }

  /** Counts one door decision. */
  public void recordDecision(String endpoint, String outcome) {
    decisions.computeIfAbsent(new DecisionKey(endpoint, outcome), k -> new LongAdder()).increment();
  }

  /** Registers a gauge read at every scrape; {@code name} must be a valid metric name. */
  public void gauge(String name, String help, DoubleSupplier value) {
    if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
      throw new IllegalArgumentException("'" + name + "' is not a valid Prometheus metric name");
    }
    gauges.add(new Gauge(name, help, value));
  }

  /**
   * Registers a block of samples, already in the text format with their HELP and TYPE lines, written
   * after everything else at every scrape: the door camera's counters.
   */
  public void text(Supplier<String> block) {
    texts.add(block);
  }

  /** Requests counted so far with this method, route and status. */
  public long requests(String method, String route, int status) {
    LongAdder n = requests.get(new RequestKey(method, route, status));
    return n == null ? 0 : n.sum();
  }

  /** Decisions counted so far with this endpoint and outcome. */
  public long decisions(String endpoint, String outcome) {
    LongAdder n = decisions.get(new DecisionKey(endpoint, outcome));
    return n == null ? 0 : n.sum();
  }

  /** Everything, in the Prometheus text format. */
  public String scrape() {
    StringBuilder out = new StringBuilder(4096);
    header(out, "likeness_http_requests_total", "HTTP requests answered, by route template, method and status.", "counter");
    List<Map.Entry<RequestKey, LongAdder>> reqs = new ArrayList<>(requests.entrySet());
    reqs.sort(Comparator.comparing((Map.Entry<RequestKey, LongAdder> e) -> e.getKey().route())
        .thenComparing(e -> e.getKey().method()).thenComparingInt(e -> e.getKey().status()));
    for (var e : reqs) {
      out.append("likeness_http_requests_total{method=\"").append(escape(e.getKey().method()))
          .append("\",route=\"").append(escape(e.getKey().route()))
          .append("\",status=\"").append(e.getKey().status()).append("\"} ")
          .append(e.getValue().sum()).append('\n');
    }
    header(out, "likeness_http_request_duration_seconds", "Time from request to response, by route template.", "histogram");
    for (String route : latency.keySet().stream().sorted().toList()) {
      latency.get(route).write(out, "likeness_http_request_duration_seconds", "route=\"" + escape(route) + "\"");
    }
    header(out, "likeness_decisions_total", "Door decisions, by endpoint and outcome.", "counter");
    List<Map.Entry<DecisionKey, LongAdder>> decs = new ArrayList<>(decisions.entrySet());
    decs.sort(Comparator.comparing((Map.Entry<DecisionKey, LongAdder> e) -> e.getKey().endpoint())
        .thenComparing(e -> e.getKey().outcome()));
    for (var e : decs) {
      out.append("likeness_decisions_total{endpoint=\"").append(escape(e.getKey().endpoint()))
          .append("\",outcome=\"").append(escape(e.getKey().outcome())).append("\"} ")
          .append(e.getValue().sum()).append('\n');
    }
    for (Gauge g : gauges) {
      header(out, g.name(), g.help(), "gauge");
      out.append(g.name()).append(' ').append(number(g.value().getAsDouble())).append('\n');
    }
    for (Supplier<String> t : texts) {
      out.append(t.get());
    }
    return out.toString();
  }

  private static void header(StringBuilder out, String name, String help, String type) {
    out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  /** A label value with backslash, double quote and newline escaped, as the format requires. */
  static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /** A cumulative histogram over {@link #BUCKETS}. */
  private static final class Histogram {
    private final LongAdder[] counts = new LongAdder[BUCKETS.length];
    private final LongAdder overflow = new LongAdder();
    private final DoubleAdder sum = new DoubleAdder();

    Histogram() {
      for (int i = 0; i < counts.length; i++) {
        counts[i] = new LongAdder();
      }
    }

    void observe(double seconds) {
      int i = 0;
      while (i < BUCKETS.length && seconds > BUCKETS[i]) {
        i++;
      }
      (i < BUCKETS.length ? counts[i] : overflow).increment();
      sum.add(seconds);
    }

    void write(StringBuilder out, String name, String labels) {
      long cumulative = 0;
      for (int i = 0; i < BUCKETS.length; i++) {
        cumulative += counts[i].sum();
        out.append(name).append("_bucket{").append(labels).append(",le=\"")
            .append(number(BUCKETS[i])).append("\"} ").append(cumulative).append('\n');
      }
      // Derived from the buckets, so +Inf and _count agree even while requests are being counted.
      long total = cumulative + overflow.sum();
      out.append(name).append("_bucket{").append(labels).append(",le=\"+Inf\"} ").append(total).append('\n');
      out.append(name).append("_sum{").append(labels).append("} ").append(number(sum.sum())).append('\n');
      out.append(name).append("_count{").append(labels).append("} ").append(total).append('\n');
    }
  }
}
