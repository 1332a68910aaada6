package org.likeness.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.PipelineOptions;

/**
 * ONNX Runtime's optimized graphs kept between processes ({@link OrtSettings#optimizedModelCache}):
 * a session from a cache entry embeds a real LFW face exactly as a session that optimized the
 * model itself; a damaged entry is rebuilt, saying so; each model has its own entry.
 */
@Tag("model")
class OptimizedModelCacheOnLfwTest {
  private static final Path FACE = Path.of(System.getProperty("likeness.lfw", "../../shared/data/lfw"))
      .resolve("images_deepfunneled/Aaron_Peirsol/Aaron_Peirsol_0001.jpg");
  /**
   * The networks the default pipeline opens for this photo: the 160x120 detector, landmarks,
   * embedder. Its one face is large, so the 320x240 detector is never opened.
   */
  private static final List<ModelSpec> PIPELINE =
      List.of(ModelCatalog.FR_DETECT_SMALL, ModelCatalog.FR_LANDMARK, ModelCatalog.DEFAULT_EMBEDDER);

  private static final ModelStore STORE = ModelStore.locate(Optional.empty());
  private static float[] uncached;

  @TempDir Path cache;

  @BeforeAll
  static void embedWithoutCache() {
    uncached = embed(OrtSettings.defaults());
  }

  private static float[] embed(OrtSettings settings) {
    try (Likeness face = Likeness.open(ModelCatalog.DEFAULT_EMBEDDER, STORE, PipelineOptions.defaults(), settings)) {
      return face.encode(FACE).embedding().orElseThrow().vector();
    }
  }

  private OrtSettings cached() {
    return OrtSettings.defaults().withOptimizedModelCache(cache);
  }

  private List<Path> entries() throws IOException {
    try (Stream<Path> s = Files.list(cache)) {
      return s.filter(p -> p.toString().endsWith(".onnx")).sorted().toList();
    }
  }

  private Path entryOf(ModelSpec spec) throws IOException {
    return entries().stream().filter(p -> p.getFileName().toString().startsWith(spec.sha256())).findFirst()
        .orElseThrow(() -> new AssertionError("no cache entry for " + spec.name() + " in " + cache));
  }

  @Test
  void aCacheHitEmbedsExactlyAsAFreshSession() throws IOException {
    float[] first = embed(cached());
    Path entry = entryOf(ModelCatalog.DEFAULT_EMBEDDER);
    FileTime made = Files.getLastModifiedTime(entry);
    float[] hit = embed(cached());
    assertEquals(made, Files.getLastModifiedTime(entry), "the second session must load the entry, not rebuild it");
    assertArrayEquals(uncached, first);
    assertArrayEquals(uncached, hit);
  }

  @Test
  void eachModelHasItsOwnEntryNamedByItsHashAndOrtVersion() throws IOException {
    embed(cached());
    assertEquals(PIPELINE.size(), entries().size(), "entries: " + entries());
    for (ModelSpec spec : PIPELINE) {
      String name = entryOf(spec).getFileName().toString();
      assertTrue(name.startsWith(spec.sha256() + "-ort1."), name);
      assertTrue(Files.exists(entryOf(spec).resolveSibling(name + ".check")), name + " has no check file");
    }
    // Another embedder in the same cache gets its own entry, never MobileFaceNet's.
    try (Likeness dlib = Likeness.open(ModelCatalog.DLIB_RESNET_128, STORE, PipelineOptions.defaults(), cached())) {
      dlib.encode(FACE);
    }
    assertEquals(PIPELINE.size() + 1, entries().size(), "entries: " + entries());
    entryOf(ModelCatalog.DLIB_RESNET_128);
  }

  @Test
  void aTruncatedEntryIsRebuiltWithAWarning() throws IOException {
    embed(cached());
    Path entry = entryOf(ModelCatalog.DEFAULT_EMBEDDER);
    long size = Files.size(entry);
    try (RandomAccessFile f = new RandomAccessFile(entry.toFile(), "rw")) {
      f.setLength(size / 2);
    }
    List<String> warnings = warningsWhile(() -> assertArrayEquals(uncached, embed(cached())));
    assertEquals(size, Files.size(entry), "the entry was not rebuilt");
    assertTrue(warnings.stream().anyMatch(w -> w.contains(entry.toString()) && w.contains("rebuilding")), warnings.toString());
  }

  @Test
  void anEntryChangedInPlaceIsRebuiltWithAWarning() throws IOException {
    embed(cached());
    Path entry = entryOf(ModelCatalog.DEFAULT_EMBEDDER);
    byte[] before = Files.readAllBytes(entry);
    try (RandomAccessFile f = new RandomAccessFile(entry.toFile(), "rw")) {
      // Weights in the middle of the graph: ORT would load them without complaint.
      f.seek(before.length / 2);
      f.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    }
    List<String> warnings = warningsWhile(() -> assertArrayEquals(uncached, embed(cached())));
    assertArrayEquals(before, Files.readAllBytes(entry), "the entry was not rebuilt");
    assertTrue(warnings.stream().anyMatch(w -> w.contains(entry.toString()) && w.contains("CRC-32")), warnings.toString());
  }

  /** The warnings the cache logs while {@code body} runs. */
  private static List<String> warningsWhile(Runnable body) {
    List<String> seen = new ArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord r) {
        seen.add(r.getLevel() + " " + r.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger log = Logger.getLogger("org.likeness.onnx.OptimizedModelCache");
    log.addHandler(handler);
    try {
      body.run();
    } finally {
      log.removeHandler(handler);
    }
    return seen;
  }
}
