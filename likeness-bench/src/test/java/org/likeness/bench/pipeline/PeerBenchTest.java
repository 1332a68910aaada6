package org.likeness.bench.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PeerBenchTest {
  @Test
  void readsThePeersJsonIntoRatesOverWallTimeAndDecodeFreeTime() throws Exception {
    String json = """
        {"peer":"face-api 1.7.15","node":"v20","images":4,"facesFound":3,
         "decodeMs":[5,5,5,5],"pipelineMs":[45,45,95,95],"e2eWallMs":400,
         "descriptorMs":[20,20,30,30],"descriptorWallMs":100}
        """;
    PeerBench.Pass p = PeerBench.parse(new ObjectMapper().readTree(json));
    assertEquals(4, p.images());
    assertEquals(3, p.facesFound());
    assertEquals(10.0, p.e2eImagesPerSecond(), 1e-9);
    assertEquals(4 / 0.28, p.pipelineImagesPerSecond(), 1e-9);
    assertEquals(40.0, p.descriptorsPerSecond(), 1e-9);
    assertEquals(100.0, p.e2eP50Ms(), 1e-9);
    assertEquals(30.0, p.descriptorP50Ms(), 1e-9);
  }

  @Test
  void medianOfAnEvenCountAveragesTheMiddleTwo() {
    assertEquals(5.315, PipelineBench.median(java.util.List.of(5.08, 5.32, 5.38, 10.23, 5.31, 4.59)), 1e-9);
  }
}
