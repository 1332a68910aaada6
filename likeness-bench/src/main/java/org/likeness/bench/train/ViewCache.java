package org.likeness.bench.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.likeness.train.FaceViews;
import org.likeness.train.ViewEncoder;

/**
 * A disk cache of {@link FaceViews} for one backbone and one chip treatment, so reruns of the
 * experiment skip embedding. The file records the backbone's SHA-256 and the treatment; a cache
 * written for anything else is not used (it says so and is rebuilt).
 */
final class ViewCache {
  private static final int MAGIC = 0x4C4B5643; // "LKVC"

  private ViewCache() {}

  /** Views for {@code images} (keys relative to {@code root}), embedding only those not cached yet. */
  static Map<Path, Optional<FaceViews>> load(
      Path file, String key, Path root, List<Path> images, Encode encode) throws IOException {
    Map<String, Optional<FaceViews>> cached = read(file, key);
    List<Path> missing = new ArrayList<>();
    for (Path p : images) {
      if (!cached.containsKey(rel(root, p))) {
        missing.add(p);
      }
    }
    if (!missing.isEmpty()) {
      System.err.printf("embedding %d photos (%s), %d cached%n", missing.size(), key, images.size() - missing.size());
      long start = System.nanoTime();
      encode.encode(missing).forEach((p, v) -> cached.put(rel(root, p), v));
      System.err.printf("%n  %.1f s%n", (System.nanoTime() - start) / 1e9);
      write(file, key, cached);
    }
    Map<Path, Optional<FaceViews>> out = new LinkedHashMap<>();
    for (Path p : images) {
      out.put(p, cached.get(rel(root, p)));
    }
    return out;
  }

  /** Embeds photos; a {@link ViewEncoder} call. */
  interface Encode {
    Map<Path, Optional<FaceViews>> encode(List<Path> images);
  }

  private static String rel(Path root, Path p) {
    return root.relativize(p).toString().replace('\\', '/');
  }

  private static Map<String, Optional<FaceViews>> read(Path file, String key) throws IOException {
    Map<String, Optional<FaceViews>> out = new LinkedHashMap<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (in.readInt() != MAGIC || !in.readUTF().equals(key)) {
        System.err.println(file + " was written for something else; rebuilding it");
        return out;
      }
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        String name = in.readUTF();
        int views = in.readInt();
        if (views == 0) {
          out.put(name, Optional.empty());
          continue;
        }
        int dims = in.readInt();
        float[][] raw = new float[views][dims];
        for (float[] v : raw) {
          for (int j = 0; j < dims; j++) {
            v[j] = in.readFloat();
          }
        }
        out.put(name, Optional.of(new FaceViews(raw)));
      }
    }
    return out;
  }

  private static void write(Path file, String key, Map<String, Optional<FaceViews>> views) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
      out.writeInt(MAGIC);
      out.writeUTF(key);
      out.writeInt(views.size());
      for (var e : views.entrySet()) {
        out.writeUTF(e.getKey());
        if (e.getValue().isEmpty()) {
          out.writeInt(0);
          continue;
        }
        float[][] raw = e.getValue().get().raw();
        out.writeInt(raw.length);
        out.writeInt(raw[0].length);
        for (float[] v : raw) {
          for (float x : v) {
            out.writeFloat(x);
          }
        }
      }
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
