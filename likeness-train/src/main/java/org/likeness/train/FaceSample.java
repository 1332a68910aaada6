package org.likeness.train;

/**
 * One training image: its person and the unit backbone embeddings of its views (the aligned face,
 * and usually its mirror image, each embedded on its own).
 *
 * @param person the person's index in the training set
 * @param views one or more unit vectors of the backbone's dimensions
 */
public record FaceSample(int person, double[][] views) {
  public FaceSample {
    if (person < 0) {
      throw new IllegalArgumentException("person index must be non-negative, got " + person);
    }
    if (views == null || views.length == 0) {
      throw new IllegalArgumentException("a sample of person " + person + " needs at least one view");
    }
    for (double[] v : views) {
      if (v.length != views[0].length) {
        throw new IllegalArgumentException(
            "views of one sample of person " + person + " differ in size: " + views[0].length + " and " + v.length);
      }
    }
  }

  public int dimensions() {
    return views[0].length;
  }
}
