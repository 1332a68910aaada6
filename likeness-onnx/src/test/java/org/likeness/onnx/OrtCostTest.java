package org.likeness.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelStore;

class OrtCostTest {
  /** A profile in ORT's format: one 3x3 convolution, one depthwise 3x3, one Gemm, and a Relu that costs nothing. */
  static final String PROFILE = """
      [
        {"cat": "Session", "name": "model_run", "dur": 100, "args": {}},
        {"cat": "Node", "name": "conv_fence_before", "args": {"op_name": "Conv"}},
        {"cat": "Node", "name": "conv_kernel_time", "args": {"op_name": "Conv",
          "input_type_shape": [{"float": [1, 3, 240, 320]}, {"float": [16, 3, 3, 3]}, {"float": [16]}],
          "output_type_shape": [{"float": [1, 16, 120, 160]}]}},
        {"cat": "Node", "name": "dw_kernel_time", "args": {"op_name": "Conv",
          "input_type_shape": [{"float": [1, 16, 120, 160]}, {"float": [16, 1, 3, 3]}],
          "output_type_shape": [{"float": [1, 16, 120, 160]}]}},
        {"cat": "Node", "name": "relu_kernel_time", "args": {"op_name": "Relu",
          "input_type_shape": [{"float": [1, 16, 120, 160]}],
          "output_type_shape": [{"float": [1, 16, 120, 160]}]}},
        {"cat": "Node", "name": "fc_kernel_time", "args": {"op_name": "Gemm",
          "input_type_shape": [{"float": [2, 512]}, {"float": [512, 128]}, {"float": [128]}],
          "output_type_shape": [{"float": [2, 128]}]}}
      ]
      """;

  @Test
  void countsTwoFlopsPerMultiplyAddOfConvolutionsAndMatrixProductsOnly() throws Exception {
    OrtCost.Cost c = OrtCost.count(new ObjectMapper().readTree(PROFILE));
    double conv = 2.0 * (16 * 120 * 160) * (3 * 3 * 3);
    double depthwise = 2.0 * (16 * 120 * 160) * (1 * 3 * 3);
    double gemm = 2.0 * (2 * 128) * 512;
    assertEquals(conv + depthwise + gemm, c.flops(), 1e-6);
    assertEquals(3, c.convolutions());
  }

  /**
   * MobileFaceNet's published cost is about 0.22 G multiply-adds for a 112x112 face, 0.44 GFLOP;
   * ORT runs a little more (blocked layout pads channels, and the PReLU is two 1x1 depthwise
   * convolutions), never less.
   */
  @Test
  @Tag("model")
  void mobileFaceNetCostsWhatItsPaperSays() {
    ModelStore store = ModelStore.locate(Optional.empty());
    OrtCost.Cost c = OrtCost.measure("mobilefacenet-192", store.require(ModelCatalog.MOBILEFACENET_192),
        new long[] {1, 112, 112, 3});
    assertTrue(c.gflop() > 0.40 && c.gflop() < 0.60, "MobileFaceNet GFLOP per face: " + c.gflop());
    OrtCost.Cost pair = OrtCost.measure("mobilefacenet-192", store.require(ModelCatalog.MOBILEFACENET_192),
        new long[] {2, 112, 112, 3});
    assertEquals(2 * c.flops(), pair.flops(), 1e-6 * c.flops(), "a batch of two costs twice one");
  }

  /**
   * The int8 MobileFaceNet runs int8 kernels, not dequantized float ones: every one of its 118
   * convolutions (those of the float model, the PReLU's two 1x1 depthwise ones included) is a
   * QLinearConv, every addition a QLinearAdd, and the only float conversions left are the model's
   * input and output.
   */
  @Test
  @Tag("model")
  void int8MobileFaceNetRunsQLinearConvForEveryConvolution() {
    ModelStore store = ModelStore.locate(Optional.empty());
    Map<String, OrtCost.Kernel> k = OrtCost.kernels("mobilefacenet-192-int8",
        store.require(ModelCatalog.MOBILEFACENET_192_INT8), new long[] {1, 112, 112, 3}, 2);
    assertEquals(118, k.get("QLinearConv").nodes(), "kernels: " + k);
    assertEquals(45, k.get("QLinearAdd").nodes(), "kernels: " + k);
    for (String floatOp : List.of("Conv", "FusedConv", "NchwcConv", "Add", "Relu")) {
      assertFalse(k.containsKey(floatOp), floatOp + " ran in float: " + k);
    }
    assertEquals(1, k.get("QuantizeLinear").nodes(), "kernels: " + k);
    assertEquals(1, k.get("DequantizeLinear").nodes(), "kernels: " + k);
  }
}
