package org.likeness.gallery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.likeness.embed.Embedding;
import org.likeness.error.BadInputException;
import org.likeness.gallery.decide.CohortSample;
import org.likeness.gallery.search.Engine;
import org.likeness.gallery.search.PersonHit;
import org.likeness.gallery.search.TemplateIndex;

/**
 * A lasting database of enrolled people that says whose face a probe embedding is. A gallery is a
 * directory holding {@code gallery.db} (SQLite, the truth), {@code gallery.lock} and, once it is
 * large, {@code hnsw/} (a Lucene graph that is only a cache). It holds embeddings from exactly one
 * model, fixed at creation, and refuses any other.
 *
 * <pre>{@code
 * try (Gallery office = Gallery.open(dir, GalleryOptions.defaults())) {
 *   office.enroll("Ada Lovelace", template);
 *   Optional<Match> who = office.identify(probe, 0.4);
 * }
 * }</pre>
 *
 * <p>Every enrollment is committed before {@link #enroll} returns, so a killed process loses only
 * the enrollment in flight; re-running an interrupted job is safe. Searches run from any number of
 * threads, concurrently with enrollment, and never see a half-added template. One gallery directory
 * can be open once at a time, across processes.
 */
public final class Gallery implements PersonGallery {
  /** Where the HNSW cache lives inside the gallery directory. */
  static final String HNSW_DIR = "hnsw";

  private final GalleryOptions options;
  private final DirectoryLock lock;
  private final GalleryStore store;
  private final TemplateIndex index;
  private final GalleryInfo info;
  private final CohortSample cohort;
  private final ReentrantLock writes = new ReentrantLock();
  private volatile boolean closed;

  private Gallery(
      GalleryOptions options, DirectoryLock lock, GalleryStore store, TemplateIndex index, CohortSample cohort) {
    this.options = options;
    this.lock = lock;
    this.store = store;
    this.index = index;
    this.info = store.info();
    this.cohort = cohort;
  }

  /** Creates a gallery in {@code directory} (made if missing) and opens it. */
  public static Gallery create(Path directory, GallerySpec spec, GalleryOptions options) {
    requireArguments(directory, options);
    if (spec == null) {
      throw new IllegalArgumentException("creating a gallery in '" + directory + "' needs a spec");
    }
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new GalleryStorageException(
          "cannot create gallery directory '" + directory + "': " + e.getMessage(), e);
    }
    DirectoryLock lock = DirectoryLock.acquire(directory);
    try {
      GalleryStore store =
          GalleryStore.create(directory, spec, SoftwareVersion.current(), Instant.now());
      return load(options, lock, store);
    } catch (RuntimeException | Error e) {
      closeQuietly(lock, e);
      throw e;
    }
  }

  /** Opens the gallery in {@code directory}, loading every template into memory. */
  public static Gallery open(Path directory, GalleryOptions options) {
    requireArguments(directory, options);
    if (!Files.isDirectory(directory)) {
      throw new GalleryFormatException(
          "no gallery at '" + directory + "': there is no such directory");
    }
    if (!GalleryStore.exists(directory)) {
      throw new GalleryFormatException(
          "'" + directory + "' is not a Likeness gallery: it has no " + GalleryStore.DB_FILE);
    }
    DirectoryLock lock = DirectoryLock.acquire(directory);
    try {
      GalleryStore store = GalleryStore.open(directory, SoftwareVersion.current(), Instant.now());
      return load(options, lock, store);
    } catch (RuntimeException | Error e) {
      closeQuietly(lock, e);
      throw e;
    }
  }

  /**
   * Whether {@code directory} looks like a gallery (holds {@code gallery.db}); {@link #open} checks
   * the rest.
   */
  public static boolean exists(Path directory) {
    return directory != null && GalleryStore.exists(directory);
  }

  private static void requireArguments(Path directory, GalleryOptions options) {
    if (directory == null || options == null) {
      throw new IllegalArgumentException(
          "a gallery needs a directory and options, got " + directory + ", " + options);
    }
  }

  private static Gallery load(GalleryOptions options, DirectoryLock lock, GalleryStore store) {
    TemplateIndex index = null;
    try {
      GalleryInfo info = store.info();
      GallerySpec spec = info.spec();
      index =
          TemplateIndex.persistent(
              spec.dimensions(),
              spec.metric(),
              options.index(),
              info.directory().resolve(HNSW_DIR),
              info.id() + " " + spec.model().name() + "@" + spec.model().sha256());
      index.reserve(store.countTemplates());
      TemplateIndex target = index;
      // Seeded by the gallery's id, so the same gallery samples the same cohort on every open.
      CohortSample cohort = new CohortSample(CohortSample.DEFAULT_CAPACITY, spec.metric(), info.id().hashCode());
      store.forEachTemplate((id, person, vector) -> {
        target.add(id, person, vector);
        cohort.offer(id, person, vector);
      });
      index.prepare(options.progress());
      return new Gallery(options, lock, store, index, cohort);
    } catch (RuntimeException | Error e) {
      if (index != null) {
        closeQuietly(index, e);
      }
      closeQuietly(store, e);
      throw e;
    }
  }

  public GalleryInfo info() {
    return info;
  }

  @Override
  public GallerySpec spec() {
    return info.spec();
  }

  public GalleryOptions options() {
    return options;
  }

  /**
   * Enrolls one template of {@code person} and commits it. The same image enrolled again for the
   * same person changes nothing and reports {@link EnrollOutcome.Status#ALREADY_ENROLLED}; the same
   * image for someone else is refused, as it is almost surely a labelling mistake.
   *
   * @throws ModelMismatchException when the template's model is not the gallery's
   * @throws BadInputException when the name breaks {@link PersonNames} rules
   * @throws BadInputException when the image is already enrolled for someone else
   */
  @Override
  public EnrollOutcome enroll(String person, Template template) {
    return enrollAll(List.of(new Enrollment(person, template))).get(0);
  }

  /**
   * Enrolls a batch in one transaction: after a crash either all of it is there or none. Batches of
   * a few hundred are much faster than one call per template, which pays one disk sync each. An
   * image already enrolled for someone else fails the whole batch and changes nothing.
   */
  @Override
  public List<EnrollOutcome> enrollAll(List<Enrollment> batch) {
    if (batch == null) {
      throw new IllegalArgumentException("batch must not be null");
    }
    List<Enrollment> checked = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Enrollment e = batch.get(i);
      String where =
          batch.size() == 1 ? "" : "enrollment " + (i + 1) + " of " + batch.size() + ": ";
      try {
        String name = PersonNames.requireValid(e.person());
        requireModel(e.template().embedding(), "template");
        checked.add(new Enrollment(name, e.template()));
      } catch (ModelMismatchException ex) {
        throw new ModelMismatchException(
            where + ex.getMessage(), ex.galleryModel(), ex.otherModel());
      } catch (BadInputException ex) {
        throw new BadInputException(where + ex.getMessage(), ex);
      }
    }
    writes.lock();
    try {
      requireOpen();
      List<EnrollOutcome> outcomes = store.enroll(checked, Instant.now());
      for (int i = 0; i < outcomes.size(); i++) {
        EnrollOutcome outcome = outcomes.get(i);
        if (outcome.added()) {
          index.add(
              outcome.templateId(),
              outcome.person(),
              checked.get(i).template().embedding().vector());
          cohort.offer(
              outcome.templateId(), outcome.person(), checked.get(i).template().embedding().vector());
        }
      }
      return outcomes;
    } finally {
      writes.unlock();
    }
  }

  /** Everyone enrolled, by name. */
  @Override
  public List<PersonSummary> people() {
    return withStore(store::people);
  }

  /** One person and all their templates, or empty when nobody has that name. */
  @Override
  public Optional<PersonDetails> person(String name) {
    String checked = PersonNames.requireValid(name);
    return withStore(() -> store.person(checked));
  }

  /** Removes a person and all their templates; false when nobody has that name. */
  @Override
  public boolean removePerson(String name) {
    String checked = PersonNames.requireValid(name);
    return withStore(
        () -> {
          boolean removed = store.removePerson(checked);
          index.removePerson(checked);
          cohort.removePerson(checked);
          return removed;
        });
  }

  /**
   * Removes one template; a person whose last template goes is removed too. False when there is no
   * template with that id.
   */
  @Override
  public boolean removeTemplate(long templateId) {
    return withStore(
        () -> {
          boolean removed = store.removeTemplate(templateId);
          index.remove(templateId);
          cohort.remove(templateId);
          return removed;
        });
  }

  /**
   * The {@code topK} enrolled people nearest to {@code probe}, nearest first, with distances under
   * the gallery's metric combined per person by the options' {@link
   * org.likeness.gallery.search.PersonScoring}. Fewer when fewer people are enrolled; deciding
   * whether the first is a match is up to a threshold, see {@link #identify}.
   *
   * @throws ModelMismatchException when the probe's model is not the gallery's
   */
  @Override
  public List<Match> search(Embedding probe, int topK) {
    requireModel(probe, "query");
    requireOpen();
    List<PersonHit> hits = index.search(probe.vector(), topK, options.scoring());
    List<Match> matches = new ArrayList<>(hits.size());
    for (PersonHit h : hits) {
      matches.add(new Match(h.person(), h.distance(), h.bestTemplateId(), h.templates()));
    }
    return matches;
  }

  @Override
  public Optional<Double> meanDistanceBetweenPeople() {
    requireOpen();
    return cohort.meanDistanceBetweenPeople();
  }

  /** Templates enrolled. */
  @Override
  public int size() {
    requireOpen();
    return index.size();
  }

  /** People enrolled. */
  @Override
  public int personCount() {
    requireOpen();
    return index.personCount();
  }

  /** The engine searches use now: exact below the options' HNSW threshold, HNSW from there on. */
  public Engine engine() {
    requireOpen();
    return index.activeEngine();
  }

  /** SQLite's {@code PRAGMA integrity_check} of {@code gallery.db}: {@code "ok"} when healthy. */
  public String integrityCheck() {
    return withStore(store::integrityCheck);
  }

  private void requireModel(Embedding embedding, String role) {
    info.spec().requireAccepts(embedding, role, "");
  }


  private interface StoreWork<T> {
    T run();
  }

  private <T> T withStore(StoreWork<T> work) {
    writes.lock();
    try {
      requireOpen();
      return work.run();
    } finally {
      writes.unlock();
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("gallery '" + info.spec().name() + "' is closed");
    }
  }

  /** Saves the HNSW cache, closes the SQLite file and releases the directory. */
  @Override
  public void close() {
    writes.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      RuntimeException failure = null;
      for (AutoCloseable part : new AutoCloseable[] {index, store, lock}) {
        try {
          part.close();
        } catch (Exception e) {
          if (failure == null) {
            failure =
                e instanceof RuntimeException re
                    ? re
                    : new GalleryStorageException(e.getMessage(), e);
          } else {
            failure.addSuppressed(e);
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
    } finally {
      writes.unlock();
    }
  }

  private static void closeQuietly(AutoCloseable resource, Throwable failure) {
    try {
      resource.close();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }
}
