package org.likeness.eval;

import java.nio.file.Path;

/**
 * One LFW pair: two image files and whether they show the same person.
 *
 * @param fold the 0-based fold this pair belongs to (always 0 for View 1 files)
 */
public record LfwPair(Path first, Path second, boolean same, int fold) {}
