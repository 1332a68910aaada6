package org.likeness.train;

/**
 * The hyper-parameters of one training run; with the data and the seed they determine the head
 * exactly (training is single-threaded and every random choice comes from the seed).
 *
 * @param architecture linear or MLP head
 * @param outputDims {@code k}, the head's output dimensions
 * @param epochs passes over the training people; each person anchors one batch per epoch
 * @param batchPeople {@code P}, people per batch
 * @param batchImages {@code K}, images per person per batch (fewer when a person has fewer)
 * @param mining how triplets are chosen inside a batch
 * @param alpha the triplet margin, on squared distances between unit vectors
 * @param learningRate Adam's step size
 * @param seed seeds the initialization, the batches and the choice of image views
 */
public record TrainingConfig(
    HeadArchitecture architecture,
    int outputDims,
    int epochs,
    int batchPeople,
    int batchImages,
    Mining mining,
    double alpha,
    double learningRate,
    long seed) {

  /** FaceNet's margin, the seed's {@link org.likeness.loss.TripletLoss#DEFAULT_ALPHA}. */
  public static final double DEFAULT_ALPHA = org.likeness.loss.TripletLoss.DEFAULT_ALPHA;

  public TrainingConfig {
    if (architecture == null || mining == null) {
      throw new IllegalArgumentException("training needs an architecture and a mining rule, got "
          + architecture + " and " + mining);
    }
    if (outputDims < 1) {
      throw new IllegalArgumentException("head output dimensions must be at least 1, got " + outputDims);
    }
    if (epochs < 0) {
      throw new IllegalArgumentException("epochs must be 0 or more, got " + epochs);
    }
    if (batchPeople < 2) {
      throw new IllegalArgumentException("a batch needs at least 2 people to have negatives, got " + batchPeople);
    }
    if (batchImages < 2) {
      throw new IllegalArgumentException("a batch needs at least 2 images per person to have positives, got " + batchImages);
    }
    if (!(alpha >= 0) || !Double.isFinite(alpha)) {
      throw new IllegalArgumentException("triplet margin alpha must be non-negative, got " + alpha);
    }
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
    }
  }

  /** The defaults of {@code likeness train}. */
  public static TrainingConfig defaults() {
    return new TrainingConfig(HeadArchitecture.LINEAR, 128, 30, 32, 4, Mining.SEMI_HARD, DEFAULT_ALPHA, 1e-3, 1);
  }

  public TrainingConfig withEpochs(int e) {
    return new TrainingConfig(architecture, outputDims, e, batchPeople, batchImages, mining, alpha, learningRate, seed);
  }

  public TrainingConfig withSeed(long s) {
    return new TrainingConfig(architecture, outputDims, epochs, batchPeople, batchImages, mining, alpha, learningRate, s);
  }

  public TrainingConfig withMining(Mining m) {
    return new TrainingConfig(architecture, outputDims, epochs, batchPeople, batchImages, m, alpha, learningRate, seed);
  }

  public TrainingConfig withArchitecture(HeadArchitecture a) {
    return new TrainingConfig(a, outputDims, epochs, batchPeople, batchImages, mining, alpha, learningRate, seed);
  }

  public TrainingConfig withOutputDims(int k) {
    return new TrainingConfig(architecture, k, epochs, batchPeople, batchImages, mining, alpha, learningRate, seed);
  }

  public TrainingConfig withLearningRate(double lr) {
    return new TrainingConfig(architecture, outputDims, epochs, batchPeople, batchImages, mining, alpha, lr, seed);
  }

  public TrainingConfig withBatch(int people, int images) {
    return new TrainingConfig(architecture, outputDims, epochs, people, images, mining, alpha, learningRate, seed);
  }
}
