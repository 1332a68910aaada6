package org.likeness.eval.challenge;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.likeness.engine.Likeness;
import org.likeness.eval.door.DoorSplit;
import org.likeness.image.ImageLoader;
import org.likeness.image.RgbImage;
import org.likeness.liveness.challenge.ChallengeFrame;
import org.likeness.liveness.challenge.ChallengeJudge;
import org.likeness.liveness.challenge.ChallengeReason;
import org.likeness.liveness.challenge.ChallengeVerdict;
import org.likeness.liveness.challenge.TurnDirection;

/**
 * Builds the challenge benchmark's sequences and judges each with the engine's challenge judge:
 * flat attacks (which must be refused), live sequences (which must pass the parallax test) and the
 * live sequences that pass the parallax and turn tests, mirrored (which then turn the wrong way and
 * must be refused). Seeded and
 * deterministic; single-threaded, since each frame goes through the detector and embedder once.
 */
public final class ChallengeBenchmark {
  /** Face width over photo width: LFW deep-funneled photos (250 px, face about 100 px) and tight spoof crops. */
  static final double LFW_FACE_SHARE = 0.4;
  static final double CROP_FACE_SHARE = 0.75;

  /** Reports progress as work units done out of the total. */
  @FunctionalInterface
  public interface Progress {
    void update(int done, int total);
  }

  /**
   * What to run.
   *
   * @param split which sets and LFW people
   * @param lfwRoot LFW folder (pairs files and images_deepfunneled)
   * @param spoofRoot folder holding the spoof sets
   * @param flatLfw flat attacks made from LFW photos
   * @param flatSpoof flat attacks made from the split's spoof attack frames
   * @param frames frames per burst
   * @param liveStride take every {@code liveStride}-th video frame into a live burst
   * @param liveStep first frames of consecutive live bursts lie this many video frames apart
   * @param seed the seed of every random choice
   * @param dump where to write every judged burst's landmarks as CSV, to study the statistics
   */
  public record Options(ChallengeSplit split, Path lfwRoot, Path spoofRoot, int flatLfw, int flatSpoof, int frames,
      int liveStride, int liveStep, long seed, Optional<Path> dump) {
    public Options {
      if (flatLfw < 0 || flatSpoof < 0 || frames < 2 || liveStride < 1 || liveStep < 1) {
        throw new IllegalArgumentException("bad challenge benchmark options: " + flatLfw + " LFW and " + flatSpoof
            + " spoof flat attacks, " + frames + " frames, stride " + liveStride + ", step " + liveStep);
      }
    }

    public static Options defaults(ChallengeSplit split, Path lfwRoot) {
      return new Options(split, lfwRoot, SpoofSet.defaultRoot(), 400, 100, 8, 4, 4, 17L, Optional.empty());
    }
  }

  /** Which kind of sequence a group holds, and so which outcome is right for it. */
  public enum Kind {
    FLAT, LIVE, MIRRORED
  }

  /** The verdicts on one group of sequences. */
  public record Group(String name, Kind kind, List<ChallengeVerdict> verdicts) {
    public Group {
      verdicts = List.copyOf(verdicts);
    }

    public int size() {
      return verdicts.size();
    }

    public long passed() {
      return verdicts.stream().filter(ChallengeVerdict::passed).count();
    }

    public long notFlat() {
      return verdicts.stream().filter(ChallengeVerdict::notFlat).count();
    }

    public Map<ChallengeReason, Integer> reasons() {
      Map<ChallengeReason, Integer> m = new EnumMap<>(ChallengeReason.class);
      for (ChallengeVerdict v : verdicts) {
        m.merge(v.reason(), 1, Integer::sum);
      }
      return m;
    }
  }

  /** Everything measured. */
  public record Report(ChallengeSplit split, List<Group> groups, List<String> notes, int framesEncoded,
      double seconds) {
    public Report {
      groups = List.copyOf(groups);
      notes = List.copyOf(notes);
    }

    public List<Group> of(Kind kind) {
      return groups.stream().filter(g -> g.kind() == kind).toList();
    }
  }

  private final Likeness likeness;
  private final ChallengeJudge judge;
  private final ImageLoader loader = new ImageLoader();
  private int encoded;
  private java.io.PrintWriter dump;
  private final Map<String, Integer> dumpSequences = new HashMap<>();

  private ChallengeBenchmark(Likeness likeness) {
    this.likeness = likeness;
    this.judge = likeness.challengeJudge();
  }

  /** Runs the benchmark with {@code likeness}'s model and challenge policy. */
  public static Report run(Likeness likeness, Options o, Progress progress) {
    return new ChallengeBenchmark(likeness).run(o, progress);
  }

  private Report run(Options o, Progress progress) {
    if (o.dump().isPresent()) {
      try {
        dump = new java.io.PrintWriter(java.nio.file.Files.newBufferedWriter(o.dump().get()));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot write " + o.dump().get(), e);
      }
      StringBuilder header = new StringBuilder("group,sequence,asked,frame,face,lex,ley,rex,rey,nx,ny,lmx,lmy,rmx,rmy,identity,to_previous,to_reference");
      for (int i = 0; i < 68; i++) {
        header.append(",x").append(i).append(",y").append(i);
      }
      dump.println(header);
    }
    try {
      return runAll(o, progress);
    } finally {
      if (dump != null) {
        dump.close();
      }
    }
  }

  private double distance(List<ChallengeFrame> burst, int a, int b) {
    if (a < 0 || b < 0 || burst.get(a).embedding().isEmpty() || burst.get(b).embedding().isEmpty()) {
      return Double.NaN;
    }
    return judge.metric().distance(burst.get(a).embedding().get().vector(), burst.get(b).embedding().get().vector());
  }

  private ChallengeVerdict judged(String group, List<ChallengeFrame> burst, TurnDirection asked) {
    ChallengeVerdict v = judge.judge(burst, asked);
    if (dump != null) {
      int dumpSequence = dumpSequences.merge(group, 1, Integer::sum) - 1;
      for (int k = 0; k < burst.size(); k++) {
        StringBuilder row = new StringBuilder(group.replace(' ', '_') + "," + dumpSequence + "," + asked + "," + k);
        var face = burst.get(k).face();
        row.append(',').append(face.isPresent() ? 1 : 0);
        for (var p : face.map(f -> f.landmarks().five().asList()).orElse(List.of())) {
          row.append(',').append(p.x()).append(',').append(p.y());
        }
        if (face.isEmpty()) {
          row.append(",,,,,,,,,,");
        }
        row.append(',').append(v.maxIdentityDistance().orElse(Double.NaN));
        row.append(',').append(distance(burst, k - 1, k)).append(',').append(distance(burst, v.referenceFrame().orElse(-1), k));
        // All 68 iBUG points when the landmark network gave them, else 136 empty columns.
        List<org.likeness.detect.Point> all = face.map(f -> f.landmarks().ibug68()).orElse(List.of());
        for (int i = 0; i < 68; i++) {
          if (all.isEmpty()) {
            row.append(",,");
          } else {
            row.append(',').append(all.get(i).x()).append(',').append(all.get(i).y());
          }
        }
        dump.println(row);
      }
    }
    return v;
  }

  private Report runAll(Options o, Progress progress) {
    long start = System.nanoTime();
    List<SpoofSet> sets = o.split().spoofSets().stream().map(n -> SpoofSet.read(o.spoofRoot(), n)).toList();
    List<DoorSplit.LfwPerson> people = o.flatLfw() > 0 ? o.split().lfwPeople().people(o.lfwRoot()) : List.of();
    int liveFrames = sets.stream().mapToInt(SpoofSet::realFrames).sum();
    int total = (o.flatLfw() + o.flatSpoof()) * o.frames() + liveFrames;
    int[] done = {0};
    List<Group> groups = new ArrayList<>();
    List<String> notes = new ArrayList<>();

    List<ChallengeVerdict> lfw = new ArrayList<>();
    for (int i = 0; i < o.flatLfw(); i++) {
      SplittableRandom r = new SplittableRandom(o.seed() * 1_000_003L + i);
      DoorSplit.LfwPerson p = people.get(r.nextInt(people.size()));
      RgbImage photo = loader.load(p.photos().get(r.nextInt(p.photos().size())));
      lfw.add(flat("flat-lfw", photo, LFW_FACE_SHARE, o.frames(), r));
      progress.update(done[0] += o.frames(), total);
    }
    if (o.flatLfw() > 0) {
      groups.add(new Group("flat LFW " + o.split().lfwPeople().pairsFile().replace(".txt", "") + " photos",
          Kind.FLAT, lfw));
    }
    for (int s = 0; s < sets.size() && o.flatSpoof() > 0; s++) {
      SpoofSet set = sets.get(s);
      int count = o.flatSpoof() / sets.size() + (s < o.flatSpoof() % sets.size() ? 1 : 0);
      List<ChallengeVerdict> vs = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        SplittableRandom r = new SplittableRandom(o.seed() * 2_000_003L + s * 100_000L + i);
        RgbImage photo = loader.load(set.fake().get(r.nextInt(set.fake().size())));
        vs.add(flat("flat-" + set.name(), photo, CROP_FACE_SHARE, o.frames(), r));
        progress.update(done[0] += o.frames(), total);
      }
      groups.add(new Group("flat " + set.name() + " attack frames", Kind.FLAT, vs));
    }

    for (SpoofSet set : sets) {
      List<ChallengeVerdict> live = new ArrayList<>();
      List<ChallengeVerdict> mirrored = new ArrayList<>();
      int windows = 0;
      for (List<Path> run : set.realRuns()) {
        List<ChallengeFrame> frames = new ArrayList<>();
        for (Path p : run) {
          frames.add(encode(loader.load(p)));
          progress.update(++done[0], total);
        }
        Map<Integer, ChallengeFrame> mirror = new HashMap<>();
        int span = (o.frames() - 1) * o.liveStride() + 1;
        for (int first = 0; first + span <= run.size(); first += o.liveStep()) {
          windows++;
          List<Integer> at = new ArrayList<>();
          for (int k = 0; k < o.frames(); k++) {
            at.add(first + k * o.liveStride());
          }
          List<ChallengeFrame> burst = at.stream().map(frames::get).toList();
          ChallengeVerdict left = judged("live-" + set.name(), burst, TurnDirection.LEFT);
          ChallengeVerdict right = judge.judge(burst, TurnDirection.RIGHT);
          // The way they actually turn: the direction with the larger turn.
          ChallengeVerdict actual = turn(left) >= turn(right) ? left : right;
          live.add(actual);
          // Mirror every burst that passes the geometric tests (parallax and turn), whatever the
          // identity check said: the mirror then measures the direction check on its own.
          if (actual.notFlat() && turn(actual) >= actual.policy().minTurn()) {
            List<ChallengeFrame> m = new ArrayList<>();
            for (int k : at) {
              m.add(mirror.computeIfAbsent(k, j -> encode(frames.get(j).image().mirrored())));
            }
            mirrored.add(judged("mirrored-" + set.name(), m, actual.asked()));
          }
        }
      }
      notes.add(String.format(java.util.Locale.ROOT,
          "%s: %d real frames in %d run(s) of consecutive numbers (%s), %d bursts of %d frames (every %d frame(s),"
              + " a new burst every %d frames)", set.name(), set.realFrames(), set.realRuns().size(),
          set.realRuns().stream().map(rr -> String.valueOf(rr.size())).reduce((a, b) -> a + "+" + b).orElse("0"),
          windows, o.frames(), o.liveStride(), o.liveStep()));
      groups.add(new Group("live " + set.name(), Kind.LIVE, live));
      groups.add(new Group("mirrored live " + set.name() + " (turning ones)", Kind.MIRRORED, mirrored));
    }
    return new Report(o.split(), groups, notes, encoded, (System.nanoTime() - start) / 1e9);
  }

  private static double turn(ChallengeVerdict v) {
    return v.turn().orElse(Double.NEGATIVE_INFINITY);
  }

  private ChallengeVerdict flat(String group, RgbImage photo, double faceShare, int frames, SplittableRandom r) {
    TurnDirection asked = r.nextBoolean() ? TurnDirection.LEFT : TurnDirection.RIGHT;
    List<ChallengeFrame> burst = PlaneAttack.render(photo, faceShare, asked, frames, r).stream()
        .map(this::encode).toList();
    return judged(group, burst, asked);
  }

  private ChallengeFrame encode(RgbImage image) {
    encoded++;
    return likeness.challengeFrame(image);
  }
}
