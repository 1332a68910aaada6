/** Request and decision counters written in the Prometheus text exposition format, by hand. */
package org.likeness.server.metrics;
