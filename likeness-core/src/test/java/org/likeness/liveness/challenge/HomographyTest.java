package org.likeness.liveness.challenge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.likeness.detect.Point;

/** The normalised DLT fit on point sets whose homography is known. */
class HomographyTest {
  private static final long SEED = 20261204L;

  private static Homography randomHomography(Random r) {
    double[] h = {
      0.6 + 0.8 * r.nextDouble(), 0.4 * (r.nextDouble() - 0.5), 200 * (r.nextDouble() - 0.5),
      0.4 * (r.nextDouble() - 0.5), 0.6 + 0.8 * r.nextDouble(), 200 * (r.nextDouble() - 0.5),
      0.002 * (r.nextDouble() - 0.5), 0.002 * (r.nextDouble() - 0.5), 1
    };
    return new Homography(h);
  }

  /** Points are floats, so a fit from four nearly collinear points may miss by a few hundredths of a pixel. */
  @Test
  void fourPointFitCarriesEveryOtherPointOfThePlane() {
    Random r = new Random(SEED);
    for (int trial = 0; trial < 200; trial++) {
      Homography truth = randomHomography(r);
      List<Point> from = new ArrayList<>();
      List<Point> to = new ArrayList<>();
      for (int i = 0; i < 9; i++) {
        Point p = new Point((float) (100 + 200 * r.nextDouble()), (float) (80 + 200 * r.nextDouble()));
        from.add(p);
        to.add(truth.apply(p));
      }
      Homography fit = Homography.fit(from.subList(0, 4), to.subList(0, 4));
      for (int i = 4; i < 9; i++) {
        Point q = fit.apply(from.get(i));
        double err = Math.hypot(q.x() - to.get(i).x(), q.y() - to.get(i).y());
        assertTrue(err < 0.05, "seed " + SEED + " trial " + trial + ": residual " + err + " px");
      }
      Homography all = Homography.fit(from, to);
      for (int i = 0; i < 9; i++) {
        Point q = all.apply(from.get(i));
        assertTrue(Math.hypot(q.x() - to.get(i).x(), q.y() - to.get(i).y()) < 0.05, "seed " + SEED + " trial " + trial);
      }
    }
  }

  @Test
  void refusesCollinearPoints() {
    List<Point> line = List.of(new Point(0, 0), new Point(1, 1), new Point(2, 2), new Point(3, 3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Homography.fit(line, line));
    assertTrue(e.getMessage().contains("degenerate"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Homography.fit(line.subList(0, 3), line.subList(0, 3)));
  }

  @Test
  void eigenDecompositionReconstructsTheMatrix() {
    Random r = new Random(SEED);
    double[][] m = new double[6][6];
    for (int i = 0; i < 6; i++) {
      for (int j = i; j < 6; j++) {
        m[i][j] = m[j][i] = r.nextGaussian();
      }
    }
    double[][] e = SymmetricEigen.decompose(m);
    for (int k = 0; k < 6; k++) {
      for (int i = 0; i < 6; i++) {
        double mv = 0;
        for (int j = 0; j < 6; j++) {
          mv += m[i][j] * e[1 + j][k];
        }
        assertEquals(e[0][k] * e[1 + i][k], mv, 1e-9);
      }
    }
  }
}
