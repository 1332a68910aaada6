/** ONNX Runtime implementations of the detector, landmark and embedder stages. */
package org.likeness.onnx;
