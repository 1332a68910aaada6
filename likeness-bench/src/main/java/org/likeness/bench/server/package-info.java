/**
 * Load checks of a running door service: programs that print a table, not tests. {@link
 * org.likeness.bench.server.LoadBench} sends real LFW photos from many concurrent clients.
 */
package org.likeness.bench.server;
