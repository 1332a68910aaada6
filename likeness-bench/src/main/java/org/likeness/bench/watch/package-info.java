/**
 * The door's loop timed end to end: {@link org.likeness.bench.watch.WatchBench} draws a long LFW
 * door video, runs a real watcher over it through the camera module with a real lock behind it,
 * and prints frames per second and the latency from a visit's first good frame to the lock's
 * answer. A program that prints a table, not a test.
 */
package org.likeness.bench.watch;
