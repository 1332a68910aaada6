/**
 * ONNX Runtime implementations of the detector, landmark and embedder stages, and of the
 * presentation-attack scorer ({@code OnnxDtnLivenessScorer}).
 */
package org.likeness.onnx;
