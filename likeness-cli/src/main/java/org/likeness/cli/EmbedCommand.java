package org.likeness.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.likeness.engine.Likeness;
import org.likeness.image.RgbImage;
import org.likeness.pipeline.FaceEncoding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code likeness embed IMAGE...}: the embedding of each photo's chosen face. */
@Command(name = "embed", description = "Print the embedding of the chosen face in each image.")
final class EmbedCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;
  @Mixin ModelOptions models;

  @Option(names = "--json", description = "One JSON object per image: image, faces, embedding, model, quality.")
  boolean json;

  @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Image files.")
  List<Path> images;

  /** One image's line; {@code quality} is {@code null} without a face or with --assume-aligned. */
  record Result(String image, int faces, float[] embedding, String model, QualityReport quality) {}

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    if (!json) {
      out.println("image,faces,embedding");
    }
    try (LazyLikeness lazy = new LazyLikeness(models)) {
      for (Path image : images) {
        RgbImage decoded = ModelOptions.LOADER.load(image);
        Likeness face = lazy.get();
        FaceEncoding e = face.encode(decoded);
        float[] v = e.embedding().map(x -> x.vector()).orElse(null);
        if (json) {
          out.println(Json.write(new Result(image.toString(), e.facesFound(), v, face.model().name(),
              e.quality().map(QualityReport::of).orElse(null))));
        } else {
          StringBuilder sb = new StringBuilder();
          if (v != null) {
            for (int i = 0; i < v.length; i++) {
              sb.append(i == 0 ? "" : " ").append(v[i]);
            }
          }
          out.println(image + "," + (v == null ? "no_face" : e.facesFound()) + "," + sb);
        }
      }
    }
    return 0;
  }
}
