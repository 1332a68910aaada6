package org.likeness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code --detector}: MTCNN verifies a same-person LFW pair, and a bad name is refused by name. */
@Tag("model")
class DetectorOptionCliTest {
  private static Path lfw(String person, int n) {
    Path lfw = CliRun.lfwImage().getParent().getParent();
    return lfw.resolve(person).resolve(String.format("%s_%04d.jpg", person, n));
  }

  @Test
  void verifyWithMtcnnMatchesTwoPhotosOfTheSamePerson() {
    CliRun.Result r =
        CliRun.run(
            "verify", "--detector", "mtcnn",
            lfw("Colin_Powell", 1).toString(), lfw("Colin_Powell", 2).toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("match: true"), r.out());
  }

  @Test
  void verifyWithMtcnnRejectsTwoDifferentPeople() {
    CliRun.Result r =
        CliRun.run(
            "verify", "--detector", "mtcnn",
            lfw("Colin_Powell", 1).toString(), lfw("Serena_Williams", 1).toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("match: false"), r.out());
  }

  @Test
  void unknownDetectorIsABadInputNamingTheValue() {
    CliRun.Result r =
        CliRun.run(
            "verify", "--detector", "haar",
            lfw("Colin_Powell", 1).toString(), lfw("Colin_Powell", 2).toString());
    assertEquals(2, r.code(), r.out());
    assertTrue(r.err().contains("'haar'") && r.err().contains("mtcnn"), r.err());
  }
}
