/**
 * Whether a found face is good enough to recognise: its size, sharpness, exposure, contrast, pose
 * and detector score ({@link org.likeness.quality.FaceQuality}), measured by {@link
 * org.likeness.quality.QualityAssessor} and judged against a {@link
 * org.likeness.quality.QualityFloor}, which names the reason and the advice for the person at the
 * camera when a face falls short.
 */
package org.likeness.quality;
