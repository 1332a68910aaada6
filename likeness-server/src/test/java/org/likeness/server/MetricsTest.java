package org.likeness.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.likeness.server.metrics.Metrics;

/** The Prometheus text: counters, a cumulative histogram whose +Inf equals its count, and escaped labels. */
class MetricsTest {
  @Test
  void histogramIsCumulativeAndCountsSlowRequestsOnlyInInf() {
    Metrics m = new Metrics();
    m.recordRequest("POST", "/api/v1/identify", 200, 0.004);
    m.recordRequest("POST", "/api/v1/identify", 200, 0.2);
    m.recordRequest("POST", "/api/v1/identify", 400, 42);
    String text = m.scrape();
    assertTrue(text.contains("likeness_http_requests_total{method=\"POST\",route=\"/api/v1/identify\",status=\"200\"} 2\n"), text);
    assertTrue(text.contains("likeness_http_request_duration_seconds_bucket{route=\"/api/v1/identify\",le=\"0.005\"} 1\n"), text);
    assertTrue(text.contains("likeness_http_request_duration_seconds_bucket{route=\"/api/v1/identify\",le=\"0.25\"} 2\n"), text);
    assertTrue(text.contains("likeness_http_request_duration_seconds_bucket{route=\"/api/v1/identify\",le=\"10\"} 2\n"), text);
    assertTrue(text.contains("likeness_http_request_duration_seconds_bucket{route=\"/api/v1/identify\",le=\"+Inf\"} 3\n"), text);
    assertTrue(text.contains("likeness_http_request_duration_seconds_count{route=\"/api/v1/identify\"} 3\n"), text);
    assertTrue(text.contains("# TYPE likeness_http_request_duration_seconds histogram\n"), text);
  }

  @Test
  void decisionsAndGaugesAreWrittenAndLabelsEscaped() {
    Metrics m = new Metrics();
    m.recordDecision("verify", "unknown_name");
    m.recordDecision("verify", "unknown_name");
    m.recordRequest("GET", "odd\"route\\\n", 404, 0.001);
    m.gauge("likeness_gallery_people", "People enrolled.", () -> 1000);
    String text = m.scrape();
    assertTrue(text.contains("likeness_decisions_total{endpoint=\"verify\",outcome=\"unknown_name\"} 2\n"), text);
    assertTrue(text.contains("route=\"odd\\\"route\\\\\\n\""), text);
    assertTrue(text.contains("# TYPE likeness_gallery_people gauge\nlikeness_gallery_people 1000\n"), text);
  }
}
