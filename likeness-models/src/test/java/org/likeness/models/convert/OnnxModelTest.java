package org.likeness.models.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.error.BadInputException;

/** The ONNX reader and the QDQ rewrite on small hand-made graphs (the real detector: UltraFaceInt8Test). */
class OnnxModelTest {
  /** input -> Conv(2 output channels, 1x1) -> Relu -> Unsqueeze(axes=[0]) at opset 9, weights as float_data. */
  private static byte[] tinyModel() {
    ProtoWriter axes = new ProtoWriter().string(1, "axes").int64(8, 0).int64(20, 7);
    ProtoWriter graph = new ProtoWriter()
        .message(1, new ProtoWriter().string(1, "x").string(1, "w").string(1, "b").string(2, "y").string(3, "conv").string(4, "Conv"))
        .message(1, new ProtoWriter().string(1, "y").string(2, "z").string(3, "relu").string(4, "Relu"))
        .message(1, new ProtoWriter().string(1, "z").string(2, "out").string(3, "unsq").string(4, "Unsqueeze").message(5, axes))
        .string(2, "tiny");
    ProtoWriter w = new ProtoWriter().int64(1, 2).int64(1, 1).int64(1, 1).int64(1, 1).int64(2, 1)
        .float32(4, 0.5f).float32(4, -2f).string(8, "w");
    ProtoWriter b = new ProtoWriter().int64(1, 2).int64(2, 1).bytes(4, Qdq.floats(0.25f, 1f)).string(8, "b");
    graph.message(5, w).message(5, b);
    graph.message(11, new ProtoWriter().string(1, "x")).message(12, new ProtoWriter().string(1, "out"));
    return new ProtoWriter().int64(1, 4).string(2, "hand").message(7, graph)
        .message(8, new ProtoWriter().string(1, "").int64(2, 9)).toByteArray();
  }

  @Test
  void readsNodesAttributesAndBothFloatEncodingsAndWritesThemBack() {
    OnnxModel m = OnnxModel.parse(tinyModel());
    assertEquals(9, m.defaultOpset());
    assertEquals(List.of("Conv", "Relu", "Unsqueeze"), m.nodes().stream().map(OnnxModel.Node::opType).toList());
    assertEquals(List.of("x", "w", "b"), m.nodes().get(0).inputs());
    assertArrayEquals(new float[] {0.5f, -2f}, m.initializers().get(0).floats());
    assertArrayEquals(new long[] {2, 1, 1, 1}, m.initializers().get(0).dims());
    assertArrayEquals(new float[] {0.25f, 1f}, m.initializers().get(1).floats());
    OnnxModel again = OnnxModel.parse(m.write());
    assertEquals(m.nodes().size(), again.nodes().size());
    assertArrayEquals(m.nodes().get(2).attributes().get(0), again.nodes().get(2).attributes().get(0));
    assertArrayEquals(m.initializers().get(0).raw(), again.initializers().get(0).raw());
  }

  @Test
  void opset13MovesUnsqueezeAxesIntoAConstantInput() {
    OnnxModel m = QdqRewrite.toOpset13(OnnxModel.parse(tinyModel()));
    assertEquals(13, m.defaultOpset());
    OnnxModel.Node unsqueeze = m.nodes().get(2);
    assertEquals(List.of("z", "unsq/axes"), unsqueeze.inputs());
    assertTrue(unsqueeze.attributes().isEmpty());
  }

  @Test
  void quantizesTheConvolutionAndFoldsItsRelu() {
    ActivationRanges ranges = new ActivationRanges(List.of("test"), Map.of(
        QdqRewrite.inputCopy("x"), new ActivationRanges.Range(-1, 1),
        "z", new ActivationRanges.Range(0, 3)));
    OnnxModel q = QdqRewrite.quantize(OnnxModel.parse(tinyModel()), ranges);
    List<String> ops = q.nodes().stream().map(OnnxModel.Node::opType).toList();
    assertEquals(List.of("QuantizeLinear", "DequantizeLinear", "DequantizeLinear", "DequantizeLinear", "Conv",
        "QuantizeLinear", "DequantizeLinear", "Unsqueeze"), ops);
    OnnxModel.Tensor weights = q.initializers().stream().filter(t -> t.name().equals("conv/weights_int8")).findFirst().orElseThrow();
    assertArrayEquals(new byte[] {127, -127}, weights.raw());
    assertTrue(q.initializers().stream().noneMatch(t -> t.name().equals("w")), "the float weights are gone");
  }

  @Test
  void aMissingRangeIsNamed() {
    ActivationRanges ranges = new ActivationRanges(List.of("test"), Map.of("z", new ActivationRanges.Range(0, 3)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> QdqRewrite.quantize(OnnxModel.parse(tinyModel()), ranges));
    assertTrue(e.getMessage().contains("'x/calibration'"), e.getMessage());
  }

  @Test
  void aFileThatIsNotOnnxIsRefusedNamingIt(@TempDir Path tmp) throws Exception {
    Path bad = Files.write(tmp.resolve("bad.onnx"), new byte[] {(byte) 0xFF, (byte) 0xFF});
    BadInputException e = assertThrows(BadInputException.class, () -> OnnxModel.read(bad));
    assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
  }
}
