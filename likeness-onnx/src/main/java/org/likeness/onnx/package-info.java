/**
 * ONNX Runtime implementations of the detector, landmark and embedder stages, and of the
 * presentation-attack scorers ({@code OnnxDtnLivenessScorer}, {@code HumanLivenessScorer}).
 */
package org.likeness.onnx;
