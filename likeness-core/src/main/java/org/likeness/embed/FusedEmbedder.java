package org.likeness.embed;

import java.util.ArrayList;
import java.util.List;
import org.likeness.align.Affine;
import org.likeness.align.AlignmentTemplate;
import org.likeness.align.SimilarityTransform;
import org.likeness.align.Warp;
import org.likeness.compare.Metric;
import org.likeness.detect.FivePoints;
import org.likeness.detect.Point;
import org.likeness.image.RgbImage;

/**
 * Several embedders as one: each member embeds the face on its own alignment, its unit vector is
 * scaled by the square root of its weight, and the blocks are concatenated. The cosine of two fused
 * vectors is then the weighted mean of the members' cosines, which with weights {@code 1 / sd_m} is
 * a monotone function of the mean z-normalized member score (score-level fusion that a vector index
 * can still search).
 *
 * <p>The pipeline aligns one large chip ({@link #SOURCE}: ArcFace geometry at twice the size, on a
 * canvas with a margin); each member's chip is warped out of it with the similarity between the two
 * templates. The margin matters: dlib's 150x150 chip reaches further below the chin than ArcFace's,
 * and without it the bottom tenth of dlib's chip would fall outside the source.
 */
public final class FusedEmbedder implements FaceEmbedder {
  /**
   * The chip the pipeline aligns for a fused model: ArcFace's five points at twice the size, moved
   * 32 px right and 16 px down on a 288x288 canvas, so that every member's chip lies inside it.
   */
  public static final AlignmentTemplate SOURCE = scaled(AlignmentTemplate.ARCFACE_112, 2, 288, 32, 16);

  private final ModelId id;
  private final List<FaceEmbedder> members;
  private final float[] scale;
  private final List<Affine> sourceFromMember;
  private final int dims;

  /**
   * @param weights one positive weight per member (for z-score fusion, 1 / the standard deviation
   *     of the member's cosine similarity on a development set)
   */
  public FusedEmbedder(ModelId id, List<FaceEmbedder> members, List<Double> weights) {
    if (members.size() < 2 || weights.size() != members.size()) {
      throw new IllegalArgumentException(
          "fusion needs at least 2 members and one weight each, got " + members.size() + " and " + weights.size());
    }
    this.id = id;
    this.members = List.copyOf(members);
    double total = 0;
    for (double w : weights) {
      if (!(w > 0)) {
        throw new IllegalArgumentException("fusion weights must be positive, got " + weights);
      }
      total += w;
    }
    this.scale = new float[weights.size()];
    List<Affine> maps = new ArrayList<>();
    int d = 0;
    for (int i = 0; i < members.size(); i++) {
      scale[i] = (float) Math.sqrt(weights.get(i) / total);
      AlignmentTemplate t = members.get(i).template();
      maps.add(SimilarityTransform.estimate(SOURCE.points().asList(), t.points().asList()).inverse());
      d += members.get(i).dimensions();
    }
    this.sourceFromMember = List.copyOf(maps);
    this.dims = d;
  }

  @Override
  public ModelId id() {
    return id;
  }

  @Override
  public AlignmentTemplate template() {
    return SOURCE;
  }

  @Override
  public Metric metric() {
    return Metric.COSINE;
  }

  @Override
  public int dimensions() {
    return dims;
  }

  @Override
  public float[][] embedChips(List<RgbImage> chips) {
    float[][] out = new float[chips.size()][dims];
    int offset = 0;
    for (int m = 0; m < members.size(); m++) {
      FaceEmbedder member = members.get(m);
      int size = member.template().size();
      List<RgbImage> memberChips = new ArrayList<>(chips.size());
      for (RgbImage chip : chips) {
        memberChips.add(Warp.warp(chip, sourceFromMember.get(m), size, size));
      }
      float[][] raw = member.embedChips(memberChips);
      for (int c = 0; c < chips.size(); c++) {
        float[] v = raw[c];
        double norm = 0;
        for (float x : v) {
          norm += (double) x * x;
        }
        float k = (float) (scale[m] / Math.sqrt(norm));
        for (int j = 0; j < v.length; j++) {
          out[c][offset + j] = v[j] * k;
        }
      }
      offset += member.dimensions();
    }
    return out;
  }

  @Override
  public void close() {
    RuntimeException first = null;
    for (FaceEmbedder m : members) {
      try {
        m.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static AlignmentTemplate scaled(AlignmentTemplate t, int factor, int size, float dx, float dy) {
    FivePoints p = t.points();
    return new AlignmentTemplate(
        t.name() + "-x" + factor + "-on" + size,
        size,
        new FivePoints(s(p.leftEye(), factor, dx, dy), s(p.rightEye(), factor, dx, dy), s(p.nose(), factor, dx, dy),
            s(p.leftMouth(), factor, dx, dy), s(p.rightMouth(), factor, dx, dy)),
        t.source() + ", scaled " + factor + "x and moved by (" + dx + ", " + dy + ") on a " + size + "x" + size + " canvas");
  }

  private static Point s(Point p, int f, float dx, float dy) {
    // Pixel centres: a point at x in a chip maps to (x + 0.5) * f - 0.5 in one f times larger.
    return new Point((p.x() + 0.5f) * f - 0.5f + dx, (p.y() + 0.5f) * f - 0.5f + dy);
  }
}
