package org.likeness.gallery;

import java.util.List;
import java.util.Optional;
import org.likeness.embed.Embedding;

/**
 * What any gallery of enrolled people offers, wherever its templates are kept: enroll, list,
 * remove, and top-K search scored per person. {@link Gallery} keeps them in one SQLite file; other
 * modules (a SolrCloud collection, say) keep them elsewhere. Every implementation holds embeddings
 * from exactly one model, recorded when it was created, and refuses any other with a {@link
 * ModelMismatchException} that names both models.
 */
public interface PersonGallery extends AutoCloseable {
  /** Name, model, dimensions and metric, fixed when the gallery was created. */
  GallerySpec spec();

  /**
   * Enrolls one template of {@code person}. The same image enrolled again for the same person
   * changes nothing and reports {@link EnrollOutcome.Status#ALREADY_ENROLLED}.
   *
   * @throws ModelMismatchException when the template's model is not the gallery's
   */
  default EnrollOutcome enroll(String person, Template template) {
    return enrollAll(List.of(new Enrollment(person, template))).get(0);
  }

  /** Enrolls a batch, one outcome per item in order. */
  List<EnrollOutcome> enrollAll(List<Enrollment> batch);

  /** Everyone enrolled, by name. */
  List<PersonSummary> people();

  /** One person and all their templates, or empty when nobody has that name. */
  Optional<PersonDetails> person(String name);

  /** Removes a person and all their templates; false when nobody has that name. */
  boolean removePerson(String name);

  /** Removes one template; false when there is no template with that id. */
  boolean removeTemplate(long templateId);

  /**
   * The {@code topK} enrolled people nearest to {@code probe}, nearest first, each scored over their
   * templates by a {@link org.likeness.gallery.search.PersonScoring}.
   *
   * @throws ModelMismatchException when the probe's model is not the gallery's
   */
  List<Match> search(Embedding probe, int topK);

  /**
   * The nearest person if their distance is at most {@code maxDistance}, or empty: the probe is
   * nobody enrolled.
   */
  default Optional<Match> identify(Embedding probe, double maxDistance) {
    if (!(maxDistance >= 0)) {
      throw new IllegalArgumentException(
          "maxDistance must be a non-negative distance, got " + maxDistance);
    }
    List<Match> best = search(probe, 1);
    return best.isEmpty() || best.get(0).distance() > maxDistance
        ? Optional.empty()
        : Optional.of(best.get(0));
  }

  /**
   * The mean distance between templates of different enrolled people, from the cohort sample: how
   * alike this gallery's people are. Empty when the gallery keeps no sample or holds fewer than
   * {@value org.likeness.gallery.decide.CohortSample#MIN_PEOPLE} people.
   */
  default Optional<Double> meanDistanceBetweenPeople() {
    return Optional.empty();
  }

  /** Templates enrolled. */
  int size();

  /** People enrolled. */
  int personCount();

  /** Releases whatever the gallery holds open; unchecked, unlike {@link AutoCloseable#close}. */
  @Override
  void close();
}
