/**
 * Stage 0 of the pipeline: turn the bytes of a photo (JPEG, PNG, BMP, GIF, WebP, PBM/PGM/PPM) into
 * one upright {@link org.likeness.image.RgbImage}, refusing broken, truncated and oversized input
 * with an {@link org.likeness.image.ImageDecodeException} that names the file and the problem.
 * {@link org.likeness.image.ImageLoader} is the entry point.
 */
package org.likeness.image;
