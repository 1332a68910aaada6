package org.likeness.eval.door;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * One open-set identification trial: a gallery of staff enrolled from up to {@value #ENROLL_PHOTOS}
 * photos each, probes from their other photos (up to {@value #PROBES_PER_PERSON} each), and probes
 * from twice as many people who are not enrolled.
 *
 * @param gallerySize people enrolled
 * @param index which trial of this size (seeds the draw)
 * @param enrolled the staff and their enrollment photos
 * @param probes staff probes and stranger probes
 */
public record OpenSetTrial(int gallerySize, int index, List<Staff> enrolled, List<Probe> probes) {
  /** Enrollment photos per person, at most. */
  public static final int ENROLL_PHOTOS = 5;
  /** Probe photos per enrolled person, at most. */
  public static final int PROBES_PER_PERSON = 2;
  /** Strangers per enrolled person. */
  public static final int STRANGERS_PER_PERSON = 2;

  public OpenSetTrial {
    enrolled = List.copyOf(enrolled);
    probes = List.copyOf(probes);
  }

  /** An enrolled person. */
  public record Staff(String name, List<Path> photos) {}

  /** A door photo; {@code person} is the enrolled person it shows, or empty for a stranger. */
  public record Probe(Path photo, Optional<String> person) {
    public boolean stranger() {
      return person.isEmpty();
    }
  }

  /**
   * Draws trial {@code index} of {@code gallerySize} people from {@code people}: staff among those
   * with at least two photos, strangers among everybody else. Seeded by size and index only.
   */
  public static OpenSetTrial draw(List<DoorSplit.LfwPerson> people, int gallerySize, int index) {
    Random random = new Random(1_000_003L * gallerySize + index);
    List<DoorSplit.LfwPerson> multi = new ArrayList<>(people.stream().filter(p -> p.photos().size() >= 2).toList());
    if (multi.size() < gallerySize) {
      throw new IllegalArgumentException(
          "a gallery of " + gallerySize + " needs that many people with two photos; the split has " + multi.size());
    }
    Collections.shuffle(multi, random);
    List<Staff> staff = new ArrayList<>();
    List<Probe> probes = new ArrayList<>();
    Set<String> enrolledNames = new HashSet<>();
    for (DoorSplit.LfwPerson p : multi.subList(0, gallerySize)) {
      int enroll = Math.min(ENROLL_PHOTOS, p.photos().size() - 1);
      staff.add(new Staff(p.name(), p.photos().subList(0, enroll)));
      enrolledNames.add(p.name());
      for (Path photo : p.photos().subList(enroll, Math.min(p.photos().size(), enroll + PROBES_PER_PERSON))) {
        probes.add(new Probe(photo, Optional.of(p.name())));
      }
    }
    List<DoorSplit.LfwPerson> others = new ArrayList<>(people.stream().filter(p -> !enrolledNames.contains(p.name())).toList());
    Collections.shuffle(others, random);
    int strangers = Math.min(others.size(), STRANGERS_PER_PERSON * gallerySize);
    if (strangers < gallerySize) {
      throw new IllegalArgumentException(
          "a gallery of " + gallerySize + " needs at least as many strangers; the split has " + others.size());
    }
    for (DoorSplit.LfwPerson p : others.subList(0, strangers)) {
      probes.add(new Probe(p.photos().get(random.nextInt(p.photos().size())), Optional.empty()));
    }
    return new OpenSetTrial(gallerySize, index, staff, probes);
  }

  /** Every photo the trial needs. */
  public List<Path> photos() {
    List<Path> all = new ArrayList<>();
    enrolled.forEach(s -> all.addAll(s.photos()));
    probes.forEach(p -> all.add(p.photo()));
    return all;
  }
}
