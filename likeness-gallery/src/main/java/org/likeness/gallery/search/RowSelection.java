package org.likeness.gallery.search;

/**
 * Picks the {@code capacity} rows with the largest dot products out of a scan that offers many, for
 * the int8 pre-scan's pool of thousands of rows: an offer is appended to a buffer of twice the
 * capacity, and when the buffer fills, a quickselect keeps the largest {@code capacity} and raises
 * the {@link #floor()} to the smallest of them. That costs a constant per offer on average, where
 * {@link TopRows}'s heap pays a sift of up to log2(capacity) levels for each; a heap is kept for
 * small capacities, where it is cheap and its floor rises sooner.
 *
 * <p>Every row offered and not kept has a dot product at most the final {@link TopRows#floor()} of
 * {@link #top()}: rows dropped by a selection were at most the floor at that time, and the floor
 * only rises.
 */
final class RowSelection {
  private final int capacity;
  private final float[] dots;
  private final int[] rows;
  private int size;
  private float floor = Float.NEGATIVE_INFINITY;

  RowSelection(int capacity) {
    if (capacity < 1 || capacity > (Integer.MAX_VALUE - 8) / 2) {
      throw new IllegalArgumentException(
          "capacity must be in 1.." + (Integer.MAX_VALUE - 8) / 2 + ", got " + capacity);
    }
    this.capacity = capacity;
    dots = new float[2 * capacity];
    rows = new int[2 * capacity];
  }

  /** A row must have a dot product above this to be worth offering. */
  float floor() {
    return floor;
  }

  /** Offers a row whose dot product the caller has checked is above {@link #floor()}. */
  void offer(float dot, int row) {
    dots[size] = dot;
    rows[size] = row;
    if (++size == dots.length) {
      keepLargest(capacity);
      size = capacity;
      float smallest = dots[0];
      for (int i = 1; i < capacity; i++) {
        smallest = Math.min(smallest, dots[i]);
      }
      floor = smallest;
    }
  }

  /** The rows kept, at most {@code capacity}, as a heap whose floor bounds every row left out. */
  TopRows top() {
    if (size > capacity) {
      keepLargest(capacity);
      size = capacity;
    }
    TopRows top = new TopRows(capacity);
    for (int i = 0; i < size; i++) {
      top.offer(dots[i], rows[i]);
    }
    return top;
  }

  /** Reorders {@code [0, size)} so that {@code [0, k)} holds {@code k} largest dot products. */
  private void keepLargest(int k) {
    int lo = 0;
    int hi = size - 1;
    while (lo < hi) {
      float pivot = medianOfThree(dots[lo], dots[(lo + hi) >>> 1], dots[hi]);
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (dots[i] > pivot) {
          i++;
        }
        while (dots[j] < pivot) {
          j--;
        }
        if (i <= j) {
          swap(i++, j--);
        }
      }
      // Now [lo, j] >= pivot >= [i, hi], and anything between j and i equals the pivot.
      if (k - 1 <= j) {
        hi = j;
      } else if (k - 1 >= i) {
        lo = i;
      } else {
        return;
      }
    }
  }

  private static float medianOfThree(float a, float b, float c) {
    return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
  }

  private void swap(int i, int j) {
    float d = dots[i];
    dots[i] = dots[j];
    dots[j] = d;
    int r = rows[i];
    rows[i] = rows[j];
    rows[j] = r;
  }
}
