package org.likeness.eval.door;

import org.likeness.gallery.Gallery;
import org.likeness.gallery.decide.OpenSetDecision;
import org.likeness.embed.Embedding;

/** One way to answer "who is this, or nobody?" for a probe against a gallery, as the benchmark compares them. */
public interface OpenSetPolicy {
  /** The column label, e.g. {@code fixed} or {@code adaptive}. */
  String label();

  /** The decision for {@code probe} against {@code gallery}. */
  OpenSetDecision decide(Embedding probe, Gallery gallery);
}
