/**
 * Presentation-attack detection: whether the face in front of the camera is a live person or a
 * photo or screen held up to it. A {@link org.likeness.liveness.LivenessScorer} gives one network's
 * attack score for a found face; the engine's liveness check combines scores with a calibrated
 * threshold into a decision with a reason.
 */
package org.likeness.liveness;
