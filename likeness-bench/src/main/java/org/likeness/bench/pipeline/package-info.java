/**
 * {@code likeness bench pipeline}: every stage of the photo's path (decode, detect, landmarks,
 * align, embed, end to end) timed on LFW images, on one thread and on all cores, and the face-api
 * peer beside it. {@link org.likeness.bench.pipeline.PipelineRun} is the program; the command
 * only reads its options. Programs that print tables, not tests.
 */
package org.likeness.bench.pipeline;
