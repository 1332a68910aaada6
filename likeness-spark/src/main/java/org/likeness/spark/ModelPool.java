package org.likeness.spark;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.likeness.detect.FaceSelection;
import org.likeness.engine.Likeness;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelStore;
import org.likeness.onnx.OrtSettings;
import org.likeness.pipeline.PipelineOptions;

/**
 * The face models of one executor JVM, loaded on first use and kept for the JVM's life: a task
 * borrows a {@link Likeness} for its partition and returns it, so an executor running N tasks at
 * once loads the models at most N times, however many rows and stages it runs. Likeness instances
 * are not shared between threads at the same time.
 */
final class ModelPool {
  /** What identifies a loaded pipeline: the model, where it is installed, which face to pick. */
  record Key(String model, Optional<String> modelsDir, FaceSelection selection) {}

  private static final Map<Key, ConcurrentLinkedQueue<Likeness>> IDLE = new ConcurrentHashMap<>();
  private static final AtomicInteger LOADS = new AtomicInteger();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> IDLE.values().forEach(q -> q.forEach(Likeness::close)), "likeness-model-pool"));
  }

  private ModelPool() {}

  static Likeness borrow(Key key) {
    Likeness face = IDLE.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).poll();
    if (face != null) {
      return face;
    }
    LOADS.incrementAndGet();
    return Likeness.open(
        ModelCatalog.embedder(key.model()),
        ModelStore.locate(key.modelsDir().map(Path::of)),
        PipelineOptions.defaults().withSelection(key.selection()),
        OrtSettings.defaults());
  }

  static void giveBack(Key key, Likeness face) {
    IDLE.get(key).add(face);
  }

  /** How many times this JVM has loaded a model pipeline. */
  static int loads() {
    return LOADS.get();
  }
}
