/**
 * The liveness challenge benchmark ({@code likeness evaluate challenge}): flat attacks (LFW photos
 * and the shared spoof sets' attack frames pasted as a plane and moved in 3-D by perspective warps),
 * live sequences (consecutive frames of the shared spoof sets' real videos) and the live sequences
 * mirrored (turning the wrong way), each judged by {@link org.likeness.engine.Likeness#challenge}'s
 * judge. Split by set, never by frame: development sets choose the thresholds, test sets report.
 */
package org.likeness.eval.challenge;
