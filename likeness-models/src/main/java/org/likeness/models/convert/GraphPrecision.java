package org.likeness.models.convert;

import java.util.Set;

/**
 * What number format a converter's graph computes in, chosen when the graph is built so every
 * converter gets the int8 form from the same code.
 */
sealed interface GraphPrecision {
  /**
   * Node types whose float outputs are calibrated and, in {@link Qdq}, quantized: the operators ONNX
   * Runtime runs on uint8 tensors (convolutions, elementwise adds and multiplies, activations it
   * folds into the quantization, and pure data movement).
   */
  Set<String> QUANTIZABLE_OUTPUTS =
      Set.of("Conv", "Add", "Mul", "Relu", "Clip", "Transpose", "Reshape", "MaxPool", "AveragePool", "Concat");

  /** Plain float32, as the source network. */
  record Float32() implements GraphPrecision {}

  /**
   * Float32, with the output of every node in {@link #QUANTIZABLE_OUTPUTS} also declared a graph
   * output, so a calibration run can observe each activation's range.
   */
  record ExposeActivations() implements GraphPrecision {}

  /**
   * Quantize-dequantize form: every convolution's weights become int8 with one symmetric scale per
   * output channel and its bias int32 (scale = input scale x weight scale), and every calibrated
   * activation passes through QuantizeLinear/DequantizeLinear (uint8, asymmetric, from its range).
   * ONNX Runtime fuses each DequantizeLinear -> Conv -> QuantizeLinear group into one QLinearConv.
   */
  record Qdq(ActivationRanges ranges) implements GraphPrecision {}
}
