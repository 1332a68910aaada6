package org.likeness.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.likeness.align.AlignedFace;
import org.likeness.align.FaceAligner;
import org.likeness.detect.DetectedFace;
import org.likeness.detect.Point;
import org.likeness.engine.Likeness;
import org.likeness.image.RgbImage;
import org.likeness.quality.QualityAssessor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code likeness detect IMAGE...}: face boxes, scores, five landmarks and (with --json) quality. */
@Command(name = "detect", description = "Find faces and their five landmarks.")
final class DetectCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin ModelOptions models;

  @Option(names = "--json", description = "One JSON object per image, with each face's quality.")
  boolean json;

  @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Image files.")
  List<Path> images;

  record Face(float[] box, float score, float[][] landmarks, QualityReport quality) {}

  record Result(String image, List<Face> faces) {}

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    if (!json) {
      out.println("image,face,x1,y1,x2,y2,score");
    }
    try (LazyLikeness lazy = new LazyLikeness(models)) {
      for (Path image : images) {
        RgbImage img = ModelOptions.LOADER.load(image);
        Likeness face = lazy.get();
        List<Face> faces = new ArrayList<>();
        for (DetectedFace f : face.pipeline().detect(img)) {
          List<Point> p = f.landmarks().five().asList();
          float[][] lm = new float[p.size()][];
          for (int i = 0; i < lm.length; i++) {
            lm[i] = new float[] {round(p.get(i).x()), round(p.get(i).y())};
          }
          AlignedFace chip = FaceAligner.align(img, f.landmarks(), face.pipeline().embedder().template());
          faces.add(new Face(
              new float[] {round(f.box().x1()), round(f.box().y1()), round(f.box().x2()), round(f.box().y2())},
              round(f.score() * 100) / 100, lm, QualityReport.of(QualityAssessor.assess(f, chip))));
        }
        if (json) {
          out.println(Json.write(new Result(image.toString(), faces)));
        } else if (faces.isEmpty()) {
          out.println(image + ",no_face,,,,,");
        } else {
          for (int i = 0; i < faces.size(); i++) {
            float[] b = faces.get(i).box();
            out.printf(Locale.ROOT, "%s,%d,%.1f,%.1f,%.1f,%.1f,%.4f%n", image, i, b[0], b[1], b[2], b[3], faces.get(i).score());
          }
        }
      }
    }
    return 0;
  }

  private static float round(float v) {
    return Math.round(v * 100) / 100f;
  }
}
