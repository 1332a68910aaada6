/**
 * Load checks of a running door service: programs that print a table, not tests. {@link
 * org.likeness.server.bench.LoadBench} sends real LFW photos from many concurrent clients.
 */
package org.likeness.server.bench;
