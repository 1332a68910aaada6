package org.likeness.models.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.likeness.models.convert.MobileFaceNetConverter.Equalization;

/**
 * Cross-layer equalization must not change what the float MobileFaceNet computes: the equalized
 * graph's embeddings of real LFW crops equal the plain graph's within {@value #MAX_ABS_DIFFERENCE},
 * while its weights really are rescaled.
 */
@Tag("model")
class CrossLayerEqualizationTest {
  /** Largest allowed |equalized - plain| over every component of every embedding. */
  private static final float MAX_ABS_DIFFERENCE = 1e-4f;

  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

  @Test
  void findsEveryConvolutionPairAroundMobileFaceNetsPrelus() throws IOException {
    TfliteModel model = TfliteModel.read(MobileFaceNetConverterTest.tfliteFile());
    var pairs = CrossLayerEqualization.pairs(model);
    // MobileFaceNet has 33 PReLUs, each between two convolutions (the last one feeds the linear
    // global depthwise convolution), so every one of them joins a pair.
    assertEquals(33, pairs.size(), "pairs: " + pairs.size());
  }

  @Test
  void equalizedFloatModelEmbedsLfwCropsAsThePlainOne() throws Exception {
    float[] crops = crops();
    int n = MobileFaceNetConverterTest.CROPS.size();
    float[][] plain = embed(MobileFaceNetConverter.convert(MobileFaceNetConverterTest.tfliteFile()), crops, n);
    for (Equalization eq : new Equalization[] {Equalization.WEIGHTS, Equalization.WEIGHTS_TIMES_SLOPE}) {
      byte[] onnx = MobileFaceNetConverter.convertFloat(MobileFaceNetConverterTest.tfliteFile(), eq);
      float[][] equalized = embed(onnx, crops, n);
      float worst = 0;
      for (int i = 0; i < n; i++) {
        for (int d = 0; d < plain[i].length; d++) {
          worst = Math.max(worst, Math.abs(plain[i][d] - equalized[i][d]));
        }
      }
      System.out.printf("%s: largest |equalized - plain| %.3g over %d crops%n", eq, worst, n);
      assertTrue(worst <= MAX_ABS_DIFFERENCE, eq + ": largest difference " + worst);
    }
  }

  @Test
  void equalizationRescalesTheWeights() throws IOException {
    TfliteModel model = TfliteModel.read(MobileFaceNetConverterTest.tfliteFile());
    var result = CrossLayerEqualization.equalizeWithReport(model, CrossLayerEqualization.Ranging.WEIGHTS);
    var pair = result.report().pairs().get(0);
    int weights = model.operators().get(pair.first()).inputs()[1];
    float[] before = model.tensors().get(weights).floats();
    float[] after = result.model().tensors().get(weights).floats();
    int changed = 0;
    for (int i = 0; i < before.length; i++) {
      if (Math.abs(before[i] - after[i]) > 1e-3f * Math.abs(before[i])) {
        changed++;
      }
    }
    System.out.printf(
        "WEIGHTS: %d pairs, %d sweeps; %d of %d weights of the first convolution changed%n",
        result.report().pairs().size(), result.report().sweeps(), changed, before.length);
    assertNotEquals(0, changed);
    assertTrue(result.report().sweeps() < CrossLayerEqualization.MAX_SWEEPS, "did not converge");
  }

  private static float[] crops() throws IOException {
    int pixels = MobileFaceNetConverterTest.PIXELS;
    var names = MobileFaceNetConverterTest.CROPS;
    float[] crops = new float[names.size() * pixels];
    for (int i = 0; i < names.size(); i++) {
      System.arraycopy(MobileFaceNetConverterTest.normalizedCrop(names.get(i)), 0, crops, i * pixels, pixels);
    }
    return crops;
  }

  private static float[][] embed(byte[] onnx, float[] crops, int n) throws OrtException {
    int size = MobileFaceNetConverter.INPUT_SIZE;
    try (OrtSession session = ENV.createSession(onnx, new OrtSession.SessionOptions());
        OnnxTensor input =
            OnnxTensor.createTensor(ENV, FloatBuffer.wrap(crops), new long[] {n, size, size, 3});
        OrtSession.Result result = session.run(Map.of(MobileFaceNetConverter.INPUT_NAME, input))) {
      return (float[][]) result.get(0).getValue();
    }
  }
}
