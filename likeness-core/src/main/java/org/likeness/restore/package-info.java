/**
 * Restoration of an aligned face chip before it is embedded, conditioned on the face's measured
 * {@link org.likeness.quality.FaceQuality}: a dim face is brightened, a soft one sharpened. Pure
 * arithmetic on the chip; no model is involved.
 */
package org.likeness.restore;
