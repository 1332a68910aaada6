package org.likeness.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains an {@link EmbeddingHead} with the triplet loss on a {@link TrainingSet}: each epoch
 * shuffles the people into batches of {@code P}, takes up to {@code K} images (one random view
 * each) per person, mines triplets online ({@link Mining}) and takes one {@link Adam} step per
 * batch. Single-threaded and seeded, so a run is reproducible bit for bit.
 */
public final class HeadTrainer {
  private HeadTrainer() {}

  /**
   * The result of training.
   *
   * @param head the trained head
   * @param epochs per-epoch statistics, in order
   */
  public record Result(EmbeddingHead head, List<EpochStats> epochs) {}

  /** Trains a head initialized by {@link EmbeddingHead#initial} from the config's seed. */
  public static Result train(TrainingSet data, TrainingConfig config, TrainingListener listener) {
    SplittableRandom random = new SplittableRandom(config.seed());
    EmbeddingHead head =
        EmbeddingHead.initial(config.architecture(), data.dimensions(), config.outputDims(), random.split());
    return train(data, config, head, random, listener);
  }

  /** Trains {@code head} in place (it is also returned), drawing batches from {@code random}. */
  static Result train(
      TrainingSet data, TrainingConfig config, EmbeddingHead head, SplittableRandom random, TrainingListener listener) {
    if (head.inputDims() != data.dimensions()) {
      throw new IllegalArgumentException(
          "head takes " + head.inputDims() + "-d inputs but the training set holds " + data.dimensions() + "-d samples");
    }
    Adam.State adam = Adam.withLearningRate(config.learningRate()).start(head.parameters());
    List<EpochStats> stats = new ArrayList<>();
    for (int epoch = 1; epoch <= config.epochs(); epoch++) {
      long start = System.nanoTime();
      List<int[]> batches = batches(data.people(), config.batchPeople(), random);
      double lossSum = 0;
      long triplets = 0;
      long active = 0;
      for (int step = 0; step < batches.size(); step++) {
        TripletObjective.Value v = step(data, config, head, adam, batches.get(step), random);
        lossSum += v.lossSum();
        triplets += v.triplets();
        active += v.active();
        listener.onStep(epoch, step + 1, batches.size(), v);
      }
      EpochStats s = new EpochStats(
          epoch, triplets == 0 ? 0 : lossSum / triplets, triplets == 0 ? 0 : (double) active / triplets,
          triplets, batches.size(), (System.nanoTime() - start) / 1e9);
      stats.add(s);
      listener.onEpoch(s);
    }
    return new Result(head, List.copyOf(stats));
  }

  /**
   * The people shuffled and cut into groups of {@code perBatch}; a last group of a single person
   * (which would have no negatives) joins the one before it.
   */
  static List<int[]> batches(int people, int perBatch, SplittableRandom random) {
    int[] order = new int[people];
    for (int i = 0; i < people; i++) {
      order[i] = i;
    }
    shuffle(order, random);
    List<int[]> out = new ArrayList<>();
    int from = 0;
    while (from < people) {
      int to = Math.min(people, from + perBatch);
      if (people - to == 1) {
        to = people;
      }
      int[] b = new int[to - from];
      System.arraycopy(order, from, b, 0, b.length);
      out.add(b);
      from = to;
    }
    return out;
  }

  private static TripletObjective.Value step(
      TrainingSet data, TrainingConfig config, EmbeddingHead head, Adam.State adam, int[] people,
      SplittableRandom random) {
    List<double[]> rows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int p : people) {
      int[] mine = data.samplesOf(p).clone();
      shuffle(mine, random);
      for (int i = 0; i < Math.min(config.batchImages(), mine.length); i++) {
        double[][] views = data.samples().get(mine[i]).views();
        rows.add(views[random.nextInt(views.length)]);
        labels.add(p);
      }
    }
    double[][] x = rows.toArray(new double[0][]);
    int[] person = labels.stream().mapToInt(Integer::intValue).toArray();
    EmbeddingHead.Pass pass = head.forwardPass(x);
    double[][] y = pass.output();
    List<Triplet> triplets =
        config.mining().triplets(TripletObjective.squaredDistances(y), person, config.alpha());
    TripletObjective.Value v = TripletObjective.evaluate(y, triplets, config.alpha());
    if (v.active() > 0) {
      adam.update(head.parameters(), head.backward(pass, v.gradient()));
    }
    return v;
  }

  private static void shuffle(int[] a, SplittableRandom random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
