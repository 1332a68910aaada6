package org.likeness.eval;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.likeness.models.ModelSpec;
import org.likeness.pipeline.FacePipeline;

/**
 * Embeddings already computed for one model and pipeline setting, keyed by the SHA-256 of the image
 * file's bytes, so an evaluation re-run (or a run with another model) recomputes nothing it has
 * seen. One append-only file per setting; a record cut short by a crash is ignored on load.
 *
 * <p>One writer at a time: the cache holds an exclusive lock on {@code FILE.lock} while open. A
 * second cache of the same setting (another evaluation running beside it, in this process or
 * another) reads what is there and keeps its new vectors in memory only, and says so on stderr:
 * two processes appending to one file interleaved their buffered records, which left a cache of
 * misaligned records that read back as NaN vectors. A file damaged that way (a flag byte other than
 * 0 or 1, or a non-finite component) is read up to its last sound record; the writer cuts off the
 * rest and says how much it dropped.
 *
 * <p>Record layout: 32 bytes of image SHA-256, one byte (1 = a face was found), then, when found,
 * {@code dims} big-endian floats.
 */
public final class EmbeddingCache implements AutoCloseable {
  private final Path file;
  private final int dims;
  private final Map<String, Optional<float[]>> entries = new ConcurrentHashMap<>();
  /** Null when another cache of the same file holds the write lock: new vectors stay in memory. */
  private final DataOutputStream out;
  private final CacheFileLock lock;

  /** Where caches live unless told otherwise: {@code ~/.likeness/cache/embeddings}. */
  public static Path defaultRoot() {
    return Path.of(System.getProperty("user.home"), ".likeness", "cache", "embeddings");
  }

  /**
   * The cache of {@code spec}'s embeddings of the face nearest each photo's centre (the LFW
   * convention), with or without the flip trick. The key holds the model's SHA-256, so vectors of
   * a changed model are never read back.
   */
  public static EmbeddingCache open(Path root, ModelSpec spec, boolean flip) {
    return new EmbeddingCache(root, keyFor(spec, flip), spec.dimensions());
  }

  /**
   * As {@link #open(Path, ModelSpec, boolean)}, for a pipeline whose detector is not the default:
   * {@code detectorTag} (naming the detector and its model's SHA-256) is part of the key, so its
   * vectors never mix with the default detector's. An empty tag is the default detector.
   */
  public static EmbeddingCache open(Path root, ModelSpec spec, boolean flip, String detectorTag) {
    String key = keyFor(spec, flip) + (detectorTag.isEmpty() ? "" : "-detector-" + detectorTag);
    return new EmbeddingCache(root, key, spec.dimensions());
  }

  static String keyFor(ModelSpec spec, boolean flip) {
    return spec.name() + "-" + spec.sha256().substring(0, 12) + (flip ? "-flip" : "") + "-central-"
        + FacePipeline.DETECTION_REVISION;
  }

  /** Opens (or creates) the cache file for {@code key} under {@code dir}. */
  public EmbeddingCache(Path dir, String key, int dims) {
    this.dims = dims;
    this.file = dir.resolve(key.replaceAll("[^A-Za-z0-9._+-]", "_") + ".emb");
    try {
      Files.createDirectories(dir);
      this.lock = CacheFileLock.tryTake(file);
      long sound = Files.exists(file) ? load() : 0;
      if (!lock.held()) {
        this.out = null;
        return;
      }
      lock.cutDamagedTail(file, sound);
      OutputStream os = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      this.out = new DataOutputStream(new java.io.BufferedOutputStream(os));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open embedding cache " + file, e);
    }
  }

  /**
   * Reads every sound record; returns the byte offset after the last one (a record cut short, a
   * flag byte other than 0 or 1, or a non-finite component ends the reading).
   */
  private long load() throws IOException {
    int record = 32 + 1;
    long offset = 0;
    try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
      byte[] sha = new byte[32];
      while (true) {
        try {
          in.readFully(sha);
          byte flag = in.readByte();
          if (flag != 0 && flag != 1) {
            return offset;
          }
          float[] v = null;
          if (flag == 1) {
            v = new float[dims];
            for (int i = 0; i < dims; i++) {
              v[i] = in.readFloat();
              if (!Float.isFinite(v[i])) {
                return offset;
              }
            }
          }
          entries.put(HexFormat.of().formatHex(sha), Optional.ofNullable(v));
          offset += record + (v == null ? 0 : 4L * dims);
        } catch (EOFException e) {
          return offset;
        }
      }
    }
  }

  /** Whether this cache appends to its file (false when another run holds it). */
  public boolean writes() {
    return out != null;
  }

  public Path file() {
    return file;
  }

  public int size() {
    return entries.size();
  }

  /** The cached result for an image hash: empty if unknown, else the (possibly face-less) result. */
  public Optional<Optional<float[]>> get(String imageSha256) {
    return Optional.ofNullable(entries.get(imageSha256));
  }

  /** Records a result; {@code vector} is null when the image had no face. */
  public synchronized void put(String imageSha256, float[] vector) {
    if (vector != null && vector.length != dims) {
      throw new IllegalArgumentException("cache " + file + " holds " + dims + "-d vectors, got " + vector.length);
    }
    entries.put(imageSha256, Optional.ofNullable(vector));
    if (out == null) {
      return;
    }
    try {
      out.write(HexFormat.of().parseHex(imageSha256));
      out.writeByte(vector == null ? 0 : 1);
      if (vector != null) {
        for (float f : vector) {
          out.writeFloat(f);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to embedding cache " + file, e);
    }
  }

  @Override
  public synchronized void close() {
    try (CacheFileLock held = lock) {
      if (out != null) {
        out.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close embedding cache " + file, e);
    }
  }

}
