package org.likeness.train;

/**
 * What one training epoch did.
 *
 * @param epoch 1-based epoch number
 * @param meanLoss the seed's triplet loss summed over the epoch's selected triplets, divided by their number
 * @param activeFraction selected triplets with a non-zero loss, as a fraction of all selected
 * @param triplets triplets selected over the epoch
 * @param steps optimizer steps (batches)
 * @param seconds wall time of the epoch
 */
public record EpochStats(int epoch, double meanLoss, double activeFraction, long triplets, int steps, double seconds) {}
