package org.likeness.gallery.search;

/**
 * The rows with the largest dot products seen so far, at most {@code capacity} of them: a binary
 * min-heap on parallel primitive arrays, so a scan over millions of rows allocates nothing.
 */
final class TopRows {
  private final float[] dots;
  private final int[] rows;
  private int size;

  TopRows(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    dots = new float[capacity];
    rows = new int[capacity];
  }

  int size() {
    return size;
  }

  boolean isFull() {
    return size == dots.length;
  }

  /** The smallest dot product kept; a new row must beat it once the heap is full. */
  float floor() {
    return dots[0];
  }

  int row(int i) {
    return rows[i];
  }

  float dot(int i) {
    return dots[i];
  }

  /** Offers one row; cheap to call for every row because the caller pre-checks {@link #floor()}. */
  void offer(float dot, int row) {
    if (size < dots.length) {
      int i = size++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (dots[parent] <= dot) {
          break;
        }
        dots[i] = dots[parent];
        rows[i] = rows[parent];
        i = parent;
      }
      dots[i] = dot;
      rows[i] = row;
    } else if (dot > dots[0]) {
      siftDownFromRoot(dot, row);
    }
  }

  /** Offers every row kept by {@code other}. */
  void addAll(TopRows other) {
    for (int i = 0; i < other.size; i++) {
      offer(other.dots[i], other.rows[i]);
    }
  }

  private void siftDownFromRoot(float dot, int row) {
    int i = 0;
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && dots[right] < dots[child]) {
        child = right;
      }
      if (dot <= dots[child]) {
        break;
      }
      dots[i] = dots[child];
      rows[i] = rows[child];
      i = child;
    }
    dots[i] = dot;
    rows[i] = row;
  }
}
