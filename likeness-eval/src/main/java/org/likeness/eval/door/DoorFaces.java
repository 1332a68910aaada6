package org.likeness.eval.door;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.likeness.detect.Box;
import org.likeness.detect.DetectedFace;
import org.likeness.detect.FivePoints;
import org.likeness.detect.Landmarks;
import org.likeness.detect.Point;
import org.likeness.embed.Embedding;
import org.likeness.embed.ModelId;
import org.likeness.engine.EngineWorkers;
import org.likeness.engine.Likeness;
import org.likeness.eval.CacheFileLock;
import org.likeness.eval.Encoder;
import org.likeness.image.ImageLoader;
import org.likeness.image.RgbImage;
import org.likeness.models.Sha256;
import org.likeness.pipeline.FaceEncoding;
import org.likeness.quality.FaceQuality;

/**
 * Encodes door photos (LFW photos through a {@link DoorVariant}) with a model, keeping the face it
 * found and its embedding, through an append-only cache keyed by the door photo's SHA-256, so a
 * second run over the same photos with the same pipeline encodes nothing.
 */
public final class DoorFaces implements AutoCloseable {
  private static final int GEOMETRY_FLOATS = 4 + 1 + 10;
  private static final int QUALITY_FLOATS = 8;

  /** A door photo: which LFW photo, through which variant. */
  public record Key(DoorVariant variant, Path lfwPhoto) {}

  /** What the pipeline made of one door photo; all empty when it found no face. */
  public record Face(Optional<DetectedFace> face, Optional<Embedding> embedding, Optional<FaceQuality> quality) {
    public boolean found() {
      return embedding.isPresent();
    }

    /** As the pipeline returned it: one face found, or none. */
    public FaceEncoding encoding() {
      return new FaceEncoding(found() ? 1 : 0, face, embedding, quality);
    }
  }

  private final Path file;
  private final ModelId model;
  private final int dims;
  private final Map<String, Face> entries = new ConcurrentHashMap<>();
  /** Null when another run writes this cache: new faces stay in memory (see {@link CacheFileLock}). */
  private final DataOutputStream out;
  private final CacheFileLock lock;

  /**
   * Opens the cache {@code name} (which must name the model, its weights and every pipeline setting
   * that changes the result) under {@code dir}.
   */
  public DoorFaces(Path dir, String name, ModelId model, int dims) {
    this.model = model;
    this.dims = dims;
    this.file = dir.resolve(name.replaceAll("[^A-Za-z0-9._+-]", "_") + ".door");
    try {
      Files.createDirectories(dir);
      lock = CacheFileLock.tryTake(file);
      long sound = Files.exists(file) ? load() : 0;
      if (!lock.held()) {
        out = null;
        return;
      }
      lock.cutDamagedTail(file, sound);
      out = new DataOutputStream(new BufferedOutputStream(
          Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open door-photo cache " + file, e);
    }
  }

  /**
   * Reads every sound record; returns the byte offset after the last one (a record cut short by a
   * crash, a flag byte other than 0 or 1, or a non-finite number ends the reading).
   */
  private long load() throws IOException {
    long offset = 0;
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      byte[] sha = new byte[32];
      while (true) {
        try {
          in.readFully(sha);
          Face f;
          byte flag = in.readByte();
          if (flag != 0 && flag != 1) {
            return offset;
          }
          if (flag == 1) {
            float[] g = new float[GEOMETRY_FLOATS];
            for (int i = 0; i < g.length; i++) {
              g[i] = in.readFloat();
            }
            double[] q = new double[QUALITY_FLOATS];
            for (int i = 0; i < q.length; i++) {
              q[i] = in.readFloat();
            }
            float[] v = new float[dims];
            for (int i = 0; i < dims; i++) {
              v[i] = in.readFloat();
            }
            if (!finite(g) || !finite(v) || !java.util.Arrays.stream(q).allMatch(Double::isFinite)) {
              return offset;
            }
            f = new Face(Optional.of(geometry(g)), Optional.of(new Embedding(v, model)),
                Optional.of(new FaceQuality(q[0], q[1], q[2], q[3], q[4], q[5], q[6], q[7])));
          } else {
            f = new Face(Optional.empty(), Optional.empty(), Optional.empty());
          }
          entries.put(HexFormat.of().formatHex(sha), f);
          offset += 32 + 1 + (f.found() ? 4L * (GEOMETRY_FLOATS + QUALITY_FLOATS + dims) : 0);
        } catch (EOFException e) {
          return offset; // a record cut short by a crash is ignored
        }
      }
    }
  }

  private static boolean finite(float[] values) {
    for (float x : values) {
      if (!Float.isFinite(x)) {
        return false;
      }
    }
    return true;
  }

  private synchronized void put(String sha, Face f) {
    entries.put(sha, f);
    if (out == null) {
      return;
    }
    try {
      out.write(HexFormat.of().parseHex(sha));
      out.writeByte(f.found() ? 1 : 0);
      if (f.found()) {
        for (float x : geometry(f.face().orElseThrow())) {
          out.writeFloat(x);
        }
        FaceQuality q = f.quality().orElseThrow();
        for (double x : new double[] {q.faceWidthPx(), q.sharpness(), q.exposure(), q.contrast(), q.yawDegrees(),
            q.pitchDegrees(), q.rollDegrees(), q.detectorScore()}) {
          out.writeFloat((float) x);
        }
        for (float x : f.embedding().orElseThrow().vector()) {
          out.writeFloat(x);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to door-photo cache " + file, e);
    }
  }

  private static float[] geometry(DetectedFace d) {
    FivePoints p = d.landmarks().five();
    Point[] pts = {p.leftEye(), p.rightEye(), p.nose(), p.leftMouth(), p.rightMouth()};
    float[] g = new float[GEOMETRY_FLOATS];
    g[0] = d.box().x1();
    g[1] = d.box().y1();
    g[2] = d.box().x2();
    g[3] = d.box().y2();
    g[4] = d.score();
    for (int i = 0; i < 5; i++) {
      g[5 + 2 * i] = pts[i].x();
      g[6 + 2 * i] = pts[i].y();
    }
    return g;
  }

  private static DetectedFace geometry(float[] g) {
    Point[] pts = new Point[5];
    for (int i = 0; i < 5; i++) {
      pts[i] = new Point(g[5 + 2 * i], g[6 + 2 * i]);
    }
    return new DetectedFace(new Box(g[0], g[1], g[2], g[3]), g[4],
        Landmarks.ofFive(new FivePoints(pts[0], pts[1], pts[2], pts[3], pts[4])));
  }

  /**
   * What an {@link #encode} call produced.
   *
   * @param faces each distinct door photo's face
   * @param computed photos encoded rather than found in the cache
   * @param msPerImage mean single-thread milliseconds per encoded photo, NaN if none
   */
  public record Encoded(Map<Key, Face> faces, int computed, double msPerImage) {}

  /** The face in each door photo, encoding on {@code threads} workers only what the cache lacks. */
  public Encoded encode(List<Key> keys, Supplier<Likeness> opener, int threads, Encoder.Progress progress) {
    return encode(keys, opener, threads, progress, Optional.empty());
  }

  /**
   * {@link #encode(List, Supplier, int, Encoder.Progress)}, taking what this cache lacks from {@code
   * detections} where it can: a cache of the same model, detector and quality measure without chip
   * restoration. A face found there is not detected again: it is embedded as it was when the
   * engine's restoration leaves it alone, else re-aligned from its landmarks, restored and embedded,
   * which is what the whole pipeline would do.
   */
  public Encoded encode(List<Key> keys, Supplier<Likeness> opener, int threads, Encoder.Progress progress,
      Optional<DoorFaces> detections) {
    List<Key> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(keys));
    ImageLoader loader = new ImageLoader();
    AtomicInteger computed = new AtomicInteger();
    AtomicLong nanos = new AtomicLong();
    List<Face> faces = EngineWorkers.map(distinct, opener, threads, (engine, key) -> {
      RgbImage lfw = loader.load(key.lfwPhoto());
      byte[] bytes = key.variant().photo(lfw, key.lfwPhoto().getFileName().toString());
      String sha = Sha256.of(bytes);
      Face hit = entries.get(sha);
      if (hit != null) {
        return hit;
      }
      Likeness face = engine.get();
      Face base = detections.map(d -> d.entries.get(sha)).orElse(null);
      if (base != null) {
        Face f = base;
        if (base.found() && face.pipeline().options().restoration().changes(base.quality().orElseThrow())) {
          RgbImage photo = face.decode(bytes, key.variant().label() + " of " + key.lfwPhoto());
          f = new Face(base.face(), Optional.of(face.embed(photo, base.face().orElseThrow(), base.quality().get())),
              base.quality());
        }
        put(sha, f);
        return f;
      }
      long start = System.nanoTime();
      FaceEncoding e = face.encode(face.decode(bytes, key.variant().label() + " of " + key.lfwPhoto()));
      nanos.addAndGet(System.nanoTime() - start);
      computed.incrementAndGet();
      Face f = new Face(e.face(), e.embedding(), e.quality());
      if (f.found() && (f.face().isEmpty() || f.quality().isEmpty())) {
        throw new IllegalStateException("the door benchmark needs detection on; " + key + " was embedded without it");
      }
      put(sha, f);
      return f;
    }, progress::update);
    Map<Key, Face> result = new LinkedHashMap<>();
    for (int i = 0; i < distinct.size(); i++) {
      result.put(distinct.get(i), faces.get(i));
    }
    int n = computed.get();
    return new Encoded(result, n, n == 0 ? Double.NaN : nanos.get() / 1e6 / n);
  }

  @Override
  public synchronized void close() {
    try (CacheFileLock held = lock) {
      if (out != null) {
        out.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close door-photo cache " + file, e);
    }
  }
}
