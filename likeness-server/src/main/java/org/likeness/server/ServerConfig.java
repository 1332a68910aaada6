package org.likeness.server;

import java.nio.file.Path;
import java.util.Optional;
import org.likeness.models.ModelStore;
import org.likeness.pipeline.PipelineOptions;

/**
 * How to run the door service. {@link #defaults(Path)} is what {@code likeness serve} uses: port
 * 8080 on 127.0.0.1, the gallery in {@code <dataDir>/gallery}, one face engine per core and a 10
 * MiB upload limit.
 *
 * @param host the address to bind; {@code 127.0.0.1} keeps the service on this machine
 * @param port the TCP port; 0 picks a free one (see {@link LikenessServer#port()})
 * @param dataDir where the key file, the audit log and face thumbnails live
 * @param galleryDir the gallery, created on first start when missing
 * @param model the embedder by catalog name; empty means the gallery's model, or the default model
 *     for a new gallery
 * @param models where the weights are installed
 * @param pipeline flip trick and face choice; detection must be on (enrollment needs face boxes)
 * @param far the security level: use the threshold calibrated for this false-accept rate
 * @param maxDistance an explicit threshold, overriding {@code far}
 * @param workers face engines (ONNX sessions) working in parallel
 * @param maxUploadBytes the largest request body accepted; larger ones get 413
 * @param topK candidates listed by identify
 * @param preloadEngines open every face engine at start, so missing models fail the start; when
 *     false, engines open on first use (tests of the HTTP layer run without models this way)
 * @param liveness the head-turn challenge and the passive network's mode
 * @param camera a camera the service watches itself, deciding once per visit; empty for none
 */
public record ServerConfig(
    String host,
    int port,
    Path dataDir,
    Path galleryDir,
    Optional<String> model,
    ModelStore models,
    PipelineOptions pipeline,
    Optional<Double> far,
    Optional<Double> maxDistance,
    int workers,
    long maxUploadBytes,
    int topK,
    boolean preloadEngines,
    DoorLiveness liveness,
    Optional<DoorCameraConfig> camera) {
  /** Where {@code likeness serve} keeps its data unless told otherwise: {@code ~/.likeness/door}. */
  public static final Path DEFAULT_DATA_DIR = Path.of(System.getProperty("user.home"), ".likeness", "door");

  /** The default upload limit: 10 MiB. */
  public static final long DEFAULT_MAX_UPLOAD_BYTES = 10L * 1024 * 1024;

  /** The most upload bytes that can be configured: the image loader reads one upload into one array. */
  public static final long MAX_UPLOAD_LIMIT = 1L << 30;

  public ServerConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("a host to bind is required, got '" + host + "'");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be in 0..65535, got " + port);
    }
    if (dataDir == null || galleryDir == null || model == null || models == null || pipeline == null
        || far == null || maxDistance == null || liveness == null || camera == null) {
      throw new IllegalArgumentException("incomplete server config: data dir " + dataDir + ", gallery " + galleryDir
          + ", model " + model + ", models " + models + ", pipeline " + pipeline);
    }
    if (pipeline.assumeAligned()) {
      throw new IllegalArgumentException("the door service needs face detection: enrollment stores face boxes; drop --assume-aligned");
    }
    if (workers < 1 || workers > 256) {
      throw new IllegalArgumentException("workers must be in 1..256, got " + workers);
    }
    if (maxUploadBytes < 1 || maxUploadBytes > MAX_UPLOAD_LIMIT) {
      throw new IllegalArgumentException("the upload limit must be in 1.." + MAX_UPLOAD_LIMIT + " bytes, got " + maxUploadBytes);
    }
    if (topK < 1 || topK > 100) {
      throw new IllegalArgumentException("top-K must be in 1..100, got " + topK);
    }
  }

  /** The defaults for a data directory; see the class comment. */
  public static ServerConfig defaults(Path dataDir) {
    return new ServerConfig("127.0.0.1", 8080, dataDir, dataDir.resolve("gallery"), Optional.empty(),
        ModelStore.locate(Optional.empty()), PipelineOptions.defaults(), Optional.empty(), Optional.empty(),
        Runtime.getRuntime().availableProcessors(), DEFAULT_MAX_UPLOAD_BYTES, 5, true, DoorLiveness.defaults(), Optional.empty());
  }

  public ServerConfig withAddress(String newHost, int newPort) {
    return new ServerConfig(newHost, newPort, dataDir, galleryDir, model, models, pipeline, far, maxDistance, workers,
        maxUploadBytes, topK, preloadEngines, liveness, camera);
  }

  public ServerConfig withGallery(Path dir) {
    return new ServerConfig(host, port, dataDir, dir, model, models, pipeline, far, maxDistance, workers,
        maxUploadBytes, topK, preloadEngines, liveness, camera);
  }

  public ServerConfig withModel(Optional<String> name, ModelStore store, PipelineOptions options) {
    return new ServerConfig(host, port, dataDir, galleryDir, name, store, options, far, maxDistance, workers,
        maxUploadBytes, topK, preloadEngines, liveness, camera);
  }

  public ServerConfig withThreshold(Optional<Double> newFar, Optional<Double> newMaxDistance) {
    return new ServerConfig(host, port, dataDir, galleryDir, model, models, pipeline, newFar, newMaxDistance, workers,
        maxUploadBytes, topK, preloadEngines, liveness, camera);
  }

  public ServerConfig withWorkers(int n) {
    return new ServerConfig(host, port, dataDir, galleryDir, model, models, pipeline, far, maxDistance, n,
        maxUploadBytes, topK, preloadEngines, liveness, camera);
  }

  public ServerConfig withMaxUploadBytes(long bytes) {
    return new ServerConfig(host, port, dataDir, galleryDir, model, models, pipeline, far, maxDistance, workers,
        bytes, topK, preloadEngines, liveness, camera);
  }

  public ServerConfig withPreloadEngines(boolean preload) {
    return new ServerConfig(host, port, dataDir, galleryDir, model, models, pipeline, far, maxDistance, workers,
        maxUploadBytes, topK, preload, liveness, camera);
  }

  public ServerConfig withLiveness(DoorLiveness newLiveness) {
    return new ServerConfig(host, port, dataDir, galleryDir, model, models, pipeline, far, maxDistance, workers,
        maxUploadBytes, topK, preloadEngines, newLiveness, camera);
  }

  public ServerConfig withCamera(Optional<DoorCameraConfig> newCamera) {
    return new ServerConfig(host, port, dataDir, galleryDir, model, models, pipeline, far, maxDistance, workers,
        maxUploadBytes, topK, preloadEngines, liveness, newCamera);
  }
}
