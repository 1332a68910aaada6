package org.likeness.bench.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs the face-api peer ({@code bench/peer/run.sh}) on the same images as Likeness and reads its
 * JSON result. The peer runs in its own process, never at the same time as Likeness.
 */
final class PeerBench {
  /** How long one peer pass may take before it counts as hung. */
  static final long TIMEOUT_MINUTES = 15;

  private PeerBench() {}

  /**
   * One pass of the peer over the images.
   *
   * @param e2eImagesPerSecond jpeg-js decode + tiny detector + landmarks + descriptor, images over wall time
   * @param pipelineImagesPerSecond the same without the JPEG decode
   * @param descriptorsPerSecond the descriptor alone on 150x150 crops
   */
  record Pass(
      String peer,
      int images,
      int facesFound,
      double e2eImagesPerSecond,
      double pipelineImagesPerSecond,
      double descriptorsPerSecond,
      double e2eP50Ms,
      double descriptorP50Ms) {}

  static Pass run(Path peerDir, List<Path> files) throws IOException, InterruptedException {
    Path script = peerDir.resolve("run.sh");
    if (!Files.isRegularFile(script)) {
      throw new IllegalArgumentException(
          "the face-api peer is not at " + script.toAbsolutePath() + "; run from the repository root or pass --peer-dir");
    }
    Path dir = Files.createTempDirectory("likeness-peer");
    try {
      Path list = dir.resolve("files.txt");
      Path out = dir.resolve("result.json");
      Files.write(list, files.stream().map(p -> p.toAbsolutePath().toString()).toList());
      Process p = new ProcessBuilder("bash", script.toString(), "--list", list.toString(), "--out", out.toString(),
          "--warmup", Integer.toString(PipelineBench.WARMUP))
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("peer.log").toFile())
          .start();
      if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("the face-api peer ran longer than " + TIMEOUT_MINUTES + " minutes");
      }
      if (p.exitValue() != 0 || !Files.exists(out)) {
        String tail = Files.readString(dir.resolve("peer.log"));
        throw new IllegalStateException("the face-api peer failed with exit code " + p.exitValue() + ":\n"
            + tail.substring(Math.max(0, tail.length() - 2000)));
      }
      return parse(new ObjectMapper().readTree(out.toFile()));
    } finally {
      try (var s = Files.list(dir)) {
        for (Path f : s.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  static Pass parse(JsonNode r) {
    int n = r.get("images").asInt();
    double[] decode = doubles(r.get("decodeMs"));
    double[] pipeline = doubles(r.get("pipelineMs"));
    double[] descriptor = doubles(r.get("descriptorMs"));
    double[] e2e = new double[n];
    for (int i = 0; i < n; i++) {
      e2e[i] = decode[i] + pipeline[i];
    }
    double pipelineSeconds = Arrays.stream(pipeline).sum() / 1e3;
    Arrays.sort(e2e);
    Arrays.sort(descriptor);
    return new Pass(r.get("peer").asText() + ", node " + r.get("node").asText(), n, r.get("facesFound").asInt(),
        n / (r.get("e2eWallMs").asDouble() / 1e3), n / pipelineSeconds,
        descriptor.length / (r.get("descriptorWallMs").asDouble() / 1e3), PipelineBench.percentile(e2e, 0.5),
        PipelineBench.percentile(descriptor, 0.5));
  }

  private static double[] doubles(JsonNode array) {
    double[] v = new double[array.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = array.get(i).asDouble();
    }
    return v;
  }

  /** One round of the side-by-side: Likeness's rows, then the peer's pass. */
  record Round(PipelineBench.Row e2eOne, PipelineBench.Row e2eAll, PipelineBench.Row descOne,
      PipelineBench.Row descAll, Pass peer) {}

  static void printRounds(PrintStream out, List<Round> rounds, String e2eLabel) {
    out.println("| round | face-api e2e img/s | face-api e2e excl. decode | face-api descriptors/s "
        + "| Likeness e2e 1 thr | Likeness e2e all | Likeness dlib desc 1 thr | Likeness dlib desc all "
        + "| e2e ratio 1 thr | e2e ratio all | desc ratio 1 thr | desc ratio all |");
    out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
    List<List<Double>> ratios = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      ratios.add(new ArrayList<>());
    }
    int n = 1;
    for (Round r : rounds) {
      double[] q = {r.e2eOne().perSecond() / r.peer().e2eImagesPerSecond(),
          r.e2eAll().perSecond() / r.peer().e2eImagesPerSecond(),
          r.descOne().perSecond() / r.peer().descriptorsPerSecond(),
          r.descAll().perSecond() / r.peer().descriptorsPerSecond()};
      for (int k = 0; k < 4; k++) {
        ratios.get(k).add(q[k]);
      }
      out.printf(Locale.ROOT, "| %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.2fx | %.2fx | %.2fx | %.2fx |%n",
          n++, r.peer().e2eImagesPerSecond(), r.peer().pipelineImagesPerSecond(), r.peer().descriptorsPerSecond(),
          r.e2eOne().perSecond(), r.e2eAll().perSecond(), r.descOne().perSecond(), r.descAll().perSecond(),
          q[0], q[1], q[2], q[3]);
    }
    out.printf(Locale.ROOT, "| median of ratios | | | | | | | | %.2fx | %.2fx | %.2fx | %.2fx |%n",
        PipelineBench.median(ratios.get(0)), PipelineBench.median(ratios.get(1)), PipelineBench.median(ratios.get(2)),
        PipelineBench.median(ratios.get(3)));
    Round last = rounds.get(rounds.size() - 1);
    out.printf(Locale.ROOT, "Likeness end to end: %s. Faces found: Likeness %s of %d, face-api %d of %d.%n", e2eLabel,
        last.e2eOne().note(), last.e2eOne().items(), last.peer().facesFound(), last.peer().images());
    out.println("Peer: " + last.peer().peer() + " (wasm, 1 thread; tinyFaceDetector 320 + 68 landmarks + dlib "
        + "descriptor, detectSingleFace; descriptor alone on 150x150 centre crops).");
    out.flush();
  }
}
