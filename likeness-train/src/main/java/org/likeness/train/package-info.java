/**
 * Learning with the triplet loss: a small head trained on frozen backbone embeddings of your own
 * people, FaceNet-style online triplet mining, the {@code head.bin} file with its provenance, and the
 * {@link org.likeness.train.HeadEmbedder} that puts a trained head behind a backbone.
 *
 * <p>The math ({@link org.likeness.train.EmbeddingHead}, {@link org.likeness.train.Mining}, {@link
 * org.likeness.train.TripletObjective}, {@link org.likeness.train.Adam}, {@link
 * org.likeness.train.HeadTrainer}) does no I/O and works on plain double arrays.
 */
package org.likeness.train;
