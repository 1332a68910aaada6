package org.likeness.models.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.likeness.error.BadInputException;
import org.likeness.models.convert.TfliteFixture.Options;
import org.likeness.models.convert.TfliteModel.Activation;
import org.likeness.models.convert.TfliteModel.Operator;
import org.likeness.models.convert.TfliteModel.Padding;
import org.likeness.models.convert.TfliteModel.Tensor;
import org.likeness.models.convert.TfliteModel.TensorType;

/** Decodes TensorFlow Lite FlatBuffers built with the FlatBuffers runtime, and rejects bad ones. */
class TfliteModelTest {
  private static TfliteFixture convThenReshape() {
    TfliteFixture f = new TfliteFixture();
    int x = f.activation("x", 2, 4, 4, 3);
    int w = f.constant("w", new int[] {1, 1, 1, 3}, new float[] {0.5f, -1f, 2f});
    int y = f.activation("y", 2, 2, 2, 1);
    int flat = f.activation("flat", 2, 4);
    int shape = f.constantInts("shape", new int[] {2}, new int[] {2, 4});
    f.op(
        TfliteOperators.CONV_2D,
        TfliteFixture.conv2d(TfliteFixture.VALID, 2, TfliteFixture.RELU6),
        new int[] {x, w, -1},
        y);
    f.op(TfliteOperators.RESHAPE, TfliteFixture.reshape(2, 4), new int[] {y, shape}, flat);
    return f.inputs(x).outputs(flat);
  }

  @Test
  void decodesTensorsOperatorsOptionsAndConstantData() {
    TfliteModel model = TfliteModel.parse("fixture.tflite", convThenReshape().build());

    assertEquals("Likeness test fixture", model.description());
    assertEquals(List.of(0), model.inputs());
    assertEquals(List.of(3), model.outputs());
    assertEquals(5, model.tensors().size());
    Tensor w = model.tensors().get(1);
    assertEquals("w", w.name());
    assertEquals(TensorType.FLOAT32, w.type());
    assertArrayEquals(new int[] {1, 1, 1, 3}, w.shape());
    assertTrue(w.isConstant());
    assertArrayEquals(new float[] {0.5f, -1f, 2f}, w.floats());
    assertFalse(model.tensors().get(0).isConstant());
    assertArrayEquals(new int[] {2, 4}, model.tensors().get(4).ints());

    Operator conv = model.operators().get(0);
    assertEquals("CONV_2D", conv.opName());
    assertArrayEquals(new int[] {0, 1, -1}, conv.inputs());
    assertEquals(
        new TfliteModel.Options.Conv2d(Padding.VALID, 2, 2, Activation.RELU6, 1, 1),
        conv.options());
    Operator reshape = model.operators().get(1);
    assertEquals("RESHAPE", reshape.opName());
    assertTrue(
        reshape.options() instanceof TfliteModel.Options.Reshape r
            && Arrays.equals(r.newShape(), new int[] {2, 4}),
        String.valueOf(reshape.options()));
  }

  @Test
  void readsBuiltinCodesAbove127FromTheirInt32Field() {
    TfliteFixture f = new TfliteFixture();
    int x = f.activation("x", 1, 4);
    int y = f.activation("y", 1, 4);
    f.op(150, Options.NONE, new int[] {x}, y);
    TfliteModel model = TfliteModel.parse("gelu.tflite", f.inputs(x).outputs(y).build());
    assertEquals("GELU", model.operators().get(0).opName());
  }

  @Test
  void namesBuiltinOperatorsAsTheSchemaDoes() {
    assertEquals("ADD", TfliteOperators.name(0));
    assertEquals("PRELU", TfliteOperators.name(54));
    assertEquals("ABS", TfliteOperators.name(TfliteOperators.ABS));
    assertEquals("RIGHT_SHIFT", TfliteOperators.name(161));
    assertEquals("builtin operator 500", TfliteOperators.name(500));
  }

  @Test
  void rejectsFileWithAnotherIdentifierNamingWhatItFound() {
    byte[] bytes = convThenReshape().identifier("ONNX").build();
    BadInputException e =
        assertThrows(BadInputException.class, () -> TfliteModel.parse("model.onnx", bytes));
    assertEquals(
        "model.onnx is not a TensorFlow Lite model: file identifier is 'ONNX', expected 'TFL3'",
        e.getMessage());
  }

  @Test
  void rejectsPngBytesAsNotATfliteModel() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13};
    BadInputException e =
        assertThrows(BadInputException.class, () -> TfliteModel.parse("face.png", png));
    assertTrue(e.getMessage().contains("face.png is not a TensorFlow Lite model"), e.getMessage());
    assertTrue(e.getMessage().contains("'\\x0d\\x0a\\x1a\\x0a'"), e.getMessage());
  }

  @Test
  void rejectsUnknownSchemaVersion() {
    byte[] bytes = convThenReshape().version(2).build();
    BadInputException e =
        assertThrows(BadInputException.class, () -> TfliteModel.parse("old.tflite", bytes));
    assertTrue(e.getMessage().contains("old.tflite has schema version 2"), e.getMessage());
  }

  @Test
  void rejectsTruncatedFileNamingIt() {
    byte[] bytes = convThenReshape().build();
    byte[] truncated = Arrays.copyOf(bytes, bytes.length / 3);
    BadInputException e =
        assertThrows(
            BadInputException.class, () -> TfliteModel.parse("truncated.tflite", truncated));
    assertTrue(e.getMessage().contains("truncated.tflite"), e.getMessage());
  }

  @Test
  void rejectsConstantWhoseBufferDisagreesWithItsShape() {
    TfliteFixture f = new TfliteFixture();
    int x = f.activation("x", 1, 3);
    int w = f.constantBytes("w", TfliteFixture.FLOAT32, new int[] {1, 3}, new byte[8]);
    int y = f.activation("y", 1, 3);
    f.op(
        TfliteOperators.ADD,
        TfliteFixture.arithmetic(TfliteOperators.ADD, TfliteFixture.NONE),
        new int[] {x, w},
        y);
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> TfliteModel.parse("short.tflite", f.inputs(x).outputs(y).build()));
    assertTrue(
        e.getMessage().contains("tensor 1 'w' [1, 3] of type FLOAT32 needs 12 bytes"),
        e.getMessage());
    assertTrue(e.getMessage().contains("holds 8"), e.getMessage());
  }

  @Test
  void rejectsOperatorReadingATensorThatDoesNotExist() {
    TfliteFixture f = new TfliteFixture();
    int x = f.activation("x", 1, 3);
    int y = f.activation("y", 1, 3);
    f.op(TfliteOperators.RELU, Options.NONE, new int[] {7}, y);
    BadInputException e =
        assertThrows(
            BadInputException.class,
            () -> TfliteModel.parse("dangling.tflite", f.inputs(x).outputs(y).build()));
    assertTrue(
        e.getMessage().contains("operator 0 (RELU) input refers to tensor 7"), e.getMessage());
    assertTrue(e.getMessage().contains("has 2 tensors"), e.getMessage());
  }
}
