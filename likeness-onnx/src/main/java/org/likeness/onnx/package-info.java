/** ONNX Runtime implementations of the detector, landmark, embedder and liveness stages. */
package org.likeness.onnx;
