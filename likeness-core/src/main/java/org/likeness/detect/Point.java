package org.likeness.detect;

/** A point in image pixel coordinates. */
public record Point(float x, float y) {}
