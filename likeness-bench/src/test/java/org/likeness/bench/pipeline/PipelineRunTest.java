package org.likeness.bench.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.likeness.models.ModelCatalog;
import org.likeness.onnx.OrtSettings;

class PipelineRunTest {
  @Test
  void samplesEveryNthPhotoInNameOrder(@TempDir Path lfw) throws IOException {
    for (String person : List.of("Ada", "Bob", "Cy")) {
      Path dir = Files.createDirectories(lfw.resolve("images_deepfunneled").resolve(person));
      for (int i = 1; i <= 2; i++) {
        Files.write(dir.resolve(person + "_000" + i + ".jpg"), new byte[] {1});
      }
    }
    List<Path> picked = PipelineRun.lfwSample(lfw, 3);
    assertEquals(List.of("Ada_0001.jpg", "Bob_0001.jpg", "Cy_0001.jpg"),
        picked.stream().map(p -> p.getFileName().toString()).toList());
  }

  @Test
  void refusesAConfigWithoutAnEndToEndModel() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PipelineRun.Config(
        Path.of("lfw"), 10, 1, List.of(ModelCatalog.DLIB_RESNET_128), List.of(), true, false,
        OrtSettings.defaults(), Optional.empty(), 1));
    assertTrue(e.getMessage().contains("end-to-end"), e.getMessage());
  }

  @Test
  void refusesZeroThreads() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PipelineRun.Config(
        Path.of("lfw"), 10, 0, List.of(), List.of(ModelCatalog.DLIB_RESNET_128), true, false,
        OrtSettings.defaults(), Optional.empty(), 1));
    assertTrue(e.getMessage().contains("got 0, 10, 1"), e.getMessage());
  }
}
