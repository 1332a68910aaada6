package org.likeness.solr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.SolrServerException;
import org.apache.solr.client.solrj.impl.CloudLegacySolrClient;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.impl.ZkClientClusterStateProvider;
import org.apache.solr.client.solrj.request.AbstractUpdateRequest;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.ConfigSetAdminRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.cloud.SolrZkClient;
import org.apache.solr.common.params.CursorMarkParams;
import org.likeness.compare.Metric;
import org.likeness.detect.Box;
import org.likeness.embed.Embedding;
import org.likeness.embed.ModelId;
import org.likeness.error.BadInputException;
import org.likeness.gallery.EnrollOutcome;
import org.likeness.gallery.Enrollment;
import org.likeness.gallery.GalleryFormatException;
import org.likeness.gallery.GallerySpec;
import org.likeness.gallery.GalleryStorageException;
import org.likeness.gallery.Match;
import org.likeness.gallery.ModelMismatchException;
import org.likeness.gallery.PersonDetails;
import org.likeness.gallery.PersonGallery;
import org.likeness.gallery.PersonNames;
import org.likeness.gallery.PersonSummary;
import org.likeness.gallery.StoredTemplate;
import org.likeness.gallery.Template;
import org.likeness.gallery.search.PersonScoring;

/**
 * A gallery kept in a SolrCloud collection: one document per template with its embedding in an
 * HNSW dense-vector field, and one provenance document naming the model the collection is fixed
 * to. Searches over-fetch {@link SolrGalleryOptions#candidates()} nearest templates from Solr, then
 * score each candidate person over all of their templates with the same {@link PersonScoring} as
 * the embedded gallery, so both stores rank people the same way.
 *
 * <pre>{@code
 * SolrGalleryUri where = SolrGalleryUri.parse("solr://zk1:2181/office");
 * try (SolrGallery office = SolrGallery.create(where, spec, new CollectionLayout(2, 2), options)) {
 *   office.enroll("Ada Lovelace", template);
 * }
 * }</pre>
 *
 * <p>Every enrollment and removal is committed (softly, so it is searchable, and through the
 * replicas' transaction logs, so it survives a node going down) before the call returns. Writes
 * from several clients to one collection are not coordinated: two clients enrolling the same image
 * for different people at the same moment can both succeed, the later one winning.
 */
public final class SolrGallery implements PersonGallery {
  private static final int PAGE = 1_000;
  /** Ids per real-time get: each id is up to 20 digits, so 100 of them keep the URL near 2.5 KiB. */
  private static final int IDS_PER_GET = 100;
  private static final String CREATED_BY = "likeness-solr";

  private final SolrGalleryUri uri;
  private final CloudSolrClient client;
  private final GallerySpec spec;
  private final SolrGalleryOptions options;
  private volatile boolean closed;

  private SolrGallery(
      SolrGalleryUri uri, CloudSolrClient client, GallerySpec spec, SolrGalleryOptions options) {
    this.uri = uri;
    this.client = client;
    this.spec = spec;
    this.options = options;
  }

  /**
   * Creates the collection at {@code uri}, with its schema (a {@code spec.dimensions()}-d cosine
   * HNSW field) uploaded as configset {@code likeness-<collection>}, records {@code spec} in it,
   * and opens it.
   *
   * @throws BadInputException when the collection exists already
   */
  public static SolrGallery create(
      SolrGalleryUri uri, GallerySpec spec, CollectionLayout layout, SolrGalleryOptions options) {
    if (uri == null || spec == null || layout == null || options == null) {
      throw new IllegalArgumentException(
          "creating a SolrCloud gallery needs a location, spec, layout and options");
    }
    CloudSolrClient client = connect(uri);
    try {
      if (collectionExists(client, uri)) {
        throw new BadInputException(
            "cannot create gallery at "
                + uri
                + ": collection '"
                + uri.collection()
                + "' already exists");
      }
      String configSet = configSetName(uri);
      uploadConfigSet(client, configSet, spec.dimensions());
      CollectionAdminRequest.createCollection(
              uri.collection(), configSet, layout.shards(), layout.replicas())
          .process(client);
      zkStateReader(client)
          .waitForState(
              uri.collection(),
              60,
              TimeUnit.SECONDS,
              (nodes, c) ->
                  c != null
                      && c.getSlices().size() == layout.shards()
                      && c.getSlices().stream()
                          .allMatch(
                              s ->
                                  s.getLeader() != null
                                      && s.getReplicas().size() == layout.replicas()
                                      && s.getReplicas().stream()
                                          .allMatch(r -> r.isActive(nodes))));
      SolrInputDocument provenance = new SolrInputDocument();
      provenance.setField(SolrFields.ID, SolrFields.PROVENANCE_ID);
      provenance.setField(SolrFields.DOC_TYPE, SolrFields.GALLERY);
      provenance.setField(SolrFields.GALLERY_NAME, spec.name());
      provenance.setField(SolrFields.MODEL_NAME, spec.model().name());
      provenance.setField(SolrFields.MODEL_SHA256, spec.model().sha256());
      provenance.setField(SolrFields.DIMENSIONS, spec.dimensions());
      provenance.setField(SolrFields.METRIC, spec.metric().name());
      provenance.setField(SolrFields.CREATED_AT, SolrFields.time(Instant.now()));
      provenance.setField(SolrFields.CREATED_BY, CREATED_BY);
      commit(client, uri, new UpdateRequest().add(provenance));
      return new SolrGallery(uri, client, spec, options);
    } catch (SolrServerException | IOException e) {
      closeAfter(client, e);
      throw new GalleryStorageException(
          "cannot create gallery collection at " + uri + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closeAfter(client, e);
      throw new GalleryStorageException("interrupted creating gallery at " + uri, e);
    } catch (java.util.concurrent.TimeoutException e) {
      closeAfter(client, e);
      throw new GalleryStorageException(
          "gallery collection at " + uri + " did not become active within 60 s", e);
    } catch (RuntimeException | Error e) {
      closeAfter(client, e);
      throw e;
    }
  }

  /**
   * Opens the gallery at {@code uri}, reading the model it is fixed to from its provenance
   * document.
   *
   * @throws GalleryFormatException when there is no such collection or it is not a gallery
   */
  public static SolrGallery open(SolrGalleryUri uri, SolrGalleryOptions options) {
    if (uri == null || options == null) {
      throw new IllegalArgumentException("opening a SolrCloud gallery needs a location and options");
    }
    CloudSolrClient client = connect(uri);
    try {
      if (!collectionExists(client, uri)) {
        throw new GalleryFormatException(
            "no gallery at " + uri + ": there is no collection '" + uri.collection() + "'");
      }
      SolrDocument p = client.getById(uri.collection(), SolrFields.PROVENANCE_ID);
      if (p == null) {
        throw new GalleryFormatException(
            "collection '"
                + uri.collection()
                + "' at "
                + uri
                + " is not a Likeness gallery: it has no provenance document");
      }
      GallerySpec spec =
          new GallerySpec(
              (String) p.getFirstValue(SolrFields.GALLERY_NAME),
              new ModelId(
                  (String) p.getFirstValue(SolrFields.MODEL_NAME),
                  (String) p.getFirstValue(SolrFields.MODEL_SHA256)),
              ((Number) p.getFirstValue(SolrFields.DIMENSIONS)).intValue(),
              Metric.parse((String) p.getFirstValue(SolrFields.METRIC)));
      return new SolrGallery(uri, client, spec, options);
    } catch (SolrServerException | IOException e) {
      closeAfter(client, e);
      throw new GalleryStorageException("cannot open gallery at " + uri + ": " + e.getMessage(), e);
    } catch (RuntimeException | Error e) {
      closeAfter(client, e);
      throw e;
    }
  }

  /**
   * Opens the gallery at {@code uri}, creating it with {@code spec} and {@code layout} when there
   * is no such collection. An existing gallery made with another model is refused.
   *
   * @throws ModelMismatchException when the existing gallery holds another model's embeddings
   */
  public static SolrGallery openOrCreate(
      SolrGalleryUri uri, GallerySpec spec, CollectionLayout layout, SolrGalleryOptions options) {
    boolean exists;
    try (CloudSolrClient probe = connect(uri)) {
      exists = collectionExists(probe, uri);
    } catch (SolrServerException | IOException e) {
      throw new GalleryStorageException("cannot reach " + uri + ": " + e.getMessage(), e);
    }
    if (!exists) {
      return create(uri, spec, layout, options);
    }
    SolrGallery g = open(uri, options);
    if (!g.spec.model().equals(spec.model()) || g.spec.dimensions() != spec.dimensions()) {
      g.close();
      throw new ModelMismatchException(
          "gallery '"
              + g.spec.name()
              + "' at "
              + uri
              + " holds "
              + g.spec.dimensions()
              + "-d embeddings from "
              + g.spec.model()
              + " but "
              + spec.dimensions()
              + "-d embeddings from "
              + spec.model()
              + " were offered",
          g.spec.model(),
          spec.model());
    }
    return g;
  }

  /** Deletes the gallery's collection and its configset; false when there was no collection. */
  public static boolean drop(SolrGalleryUri uri) {
    try (CloudSolrClient client = connect(uri)) {
      if (!collectionExists(client, uri)) {
        return false;
      }
      CollectionAdminRequest.deleteCollection(uri.collection()).process(client);
      new ConfigSetAdminRequest.Delete().setConfigSetName(configSetName(uri)).process(client);
      return true;
    } catch (SolrServerException | IOException e) {
      throw new GalleryStorageException("cannot drop gallery at " + uri + ": " + e.getMessage(), e);
    }
  }

  /** The configset holding one gallery collection's schema, sized to its model. */
  private static String configSetName(SolrGalleryUri uri) {
    return "likeness-" + uri.collection();
  }

  /**
   * A ZooKeeper-aware client over Apache HttpClient. SolrJ's HTTP/2 client needs Jetty 10, and the
   * door service in the same process runs on Jetty 12 (Javalin 7): the two cannot share a class
   * path, so the Solr backend stays off Jetty altogether.
   */
  @SuppressWarnings("deprecation")
  private static CloudSolrClient connect(SolrGalleryUri uri) {
    return new CloudLegacySolrClient.Builder(uri.zkHosts(), uri.zkChroot())
        .withZkConnectTimeout(30, TimeUnit.SECONDS)
        .withZkClientTimeout(30, TimeUnit.SECONDS)
        .build();
  }

  private static org.apache.solr.common.cloud.ZkStateReader zkStateReader(CloudSolrClient client) {
    return ((ZkClientClusterStateProvider) client.getClusterStateProvider()).getZkStateReader();
  }

  private static boolean collectionExists(SolrClient client, SolrGalleryUri uri)
      throws SolrServerException, IOException {
    return CollectionAdminRequest.listCollections(client).contains(uri.collection());
  }

  private static void uploadConfigSet(CloudSolrClient client, String name, int dimensions)
      throws IOException {
    String schema =
        resource("schema.xml").replace("VECTOR_DIMENSION", Integer.toString(dimensions));
    SolrZkClient zk = zkStateReader(client).getZkClient();
    try {
      for (Map.Entry<String, String> file :
          Map.of("schema.xml", schema, "solrconfig.xml", resource("solrconfig.xml")).entrySet()) {
        String path = "/configs/" + name + "/" + file.getKey();
        byte[] bytes = file.getValue().getBytes(StandardCharsets.UTF_8);
        if (zk.exists(path, true)) {
          zk.setData(path, bytes, -1, true);
        } else {
          zk.makePath(path, bytes, true);
        }
      }
    } catch (org.apache.zookeeper.KeeperException e) {
      throw new IOException("uploading configset '" + name + "' failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted uploading configset '" + name + "'", e);
    }
  }

  private static String resource(String file) throws IOException {
    try (InputStream in = SolrGallery.class.getResourceAsStream("configset/" + file)) {
      if (in == null) {
        throw new IllegalStateException("likeness-solr jar lacks configset/" + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Where the gallery lives. */
  public SolrGalleryUri uri() {
    return uri;
  }

  @Override
  public GallerySpec spec() {
    return spec;
  }

  public SolrGalleryOptions options() {
    return options;
  }

  /**
   * Enrolls a batch and commits it in one request. An image already enrolled for the same person
   * comes back as {@link EnrollOutcome.Status#ALREADY_ENROLLED}; one enrolled for someone else
   * fails the whole batch and writes nothing.
   */
  @Override
  public List<EnrollOutcome> enrollAll(List<Enrollment> batch) {
    if (batch == null) {
      throw new IllegalArgumentException("batch must not be null");
    }
    requireOpen();
    List<String> names = new ArrayList<>(batch.size());
    Map<String, String> personOfImage = new HashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      Enrollment e = batch.get(i);
      String where =
          batch.size() == 1 ? "" : "enrollment " + (i + 1) + " of " + batch.size() + ": ";
      try {
        String name = PersonNames.requireValid(e.person());
        requireModel(e.template().embedding(), "template");
        String earlier = personOfImage.putIfAbsent(e.template().imageSha256(), name);
        if (earlier != null && !earlier.equals(name)) {
          throw refusedImage(e.template().imageSha256(), earlier, name);
        }
        names.add(name);
      } catch (ModelMismatchException ex) {
        throw new ModelMismatchException(
            where + ex.getMessage(), ex.galleryModel(), ex.otherModel());
      } catch (BadInputException ex) {
        throw new BadInputException(where + ex.getMessage(), ex);
      }
    }
    try {
      Map<String, String> stored = storedOwners(personOfImage.keySet());
      for (Map.Entry<String, String> image : personOfImage.entrySet()) {
        String owner = stored.get(image.getKey());
        if (owner != null && !owner.equals(image.getValue())) {
          throw refusedImage(image.getKey(), owner, image.getValue());
        }
      }
      List<EnrollOutcome> outcomes = new ArrayList<>(batch.size());
      Set<String> written = new LinkedHashSet<>();
      UpdateRequest update = new UpdateRequest();
      for (int i = 0; i < batch.size(); i++) {
        Template t = batch.get(i).template();
        long id = SolrFields.templateId(t.imageSha256());
        if (stored.containsKey(t.imageSha256()) || !written.add(t.imageSha256())) {
          outcomes.add(new EnrollOutcome(EnrollOutcome.Status.ALREADY_ENROLLED, id, names.get(i)));
        } else {
          update.add(templateDocument(id, names.get(i), t));
          outcomes.add(new EnrollOutcome(EnrollOutcome.Status.ENROLLED, id, names.get(i)));
        }
      }
      if (!written.isEmpty()) {
        commit(client, uri, update);
      }
      return outcomes;
    } catch (SolrServerException | IOException e) {
      throw storage("enrolling " + batch.size() + " templates", e);
    }
  }

  private static BadInputException refusedImage(String sha, String owner, String other) {
    return new BadInputException(
        "image "
            + sha.substring(0, 12)
            + " is already enrolled for '"
            + owner
            + "', refusing it for '"
            + other
            + "'");
  }

  /** Who each of these images is enrolled for, read from the transaction logs (no commit needed). */
  private Map<String, String> storedOwners(Collection<String> imageShas)
      throws SolrServerException, IOException {
    Map<String, String> shaOfId = new HashMap<>();
    for (String sha : imageShas) {
      shaOfId.put(Long.toString(SolrFields.templateId(sha)), sha);
    }
    Map<String, String> owners = new HashMap<>();
    if (shaOfId.isEmpty()) {
      return owners;
    }
    // Real-time get sends the ids in the URL: ask in slices, so a batch of any size stays under
    // Jetty's 8 KiB request-header limit.
    List<String> ids = new ArrayList<>(shaOfId.keySet());
    for (int from = 0; from < ids.size(); from += IDS_PER_GET) {
      List<String> slice = ids.subList(from, Math.min(ids.size(), from + IDS_PER_GET));
      for (SolrDocument d : client.getById(uri.collection(), slice)) {
        owners.put(
            (String) d.getFirstValue(SolrFields.IMAGE_SHA256),
            (String) d.getFirstValue(SolrFields.PERSON));
      }
    }
    return owners;
  }

  private static SolrInputDocument templateDocument(long id, String person, Template t) {
    SolrInputDocument d = new SolrInputDocument();
    d.setField(SolrFields.ID, Long.toString(id));
    d.setField(SolrFields.DOC_TYPE, SolrFields.TEMPLATE);
    d.setField(SolrFields.TEMPLATE_ID, id);
    d.setField(SolrFields.PERSON, person);
    d.setField(SolrFields.IMAGE_SHA256, t.imageSha256());
    d.setField(SolrFields.BOX_X1, t.box().x1());
    d.setField(SolrFields.BOX_Y1, t.box().y1());
    d.setField(SolrFields.BOX_X2, t.box().x2());
    d.setField(SolrFields.BOX_Y2, t.box().y2());
    d.setField(SolrFields.DETECTION_SCORE, t.detectionScore());
    d.setField(SolrFields.ENROLLED_AT, SolrFields.time(t.enrolledAt()));
    float[] v = t.embedding().vector();
    List<Float> vector = new ArrayList<>(v.length);
    for (float x : v) {
      vector.add(x);
    }
    d.setField(SolrFields.VECTOR, vector);
    return d;
  }

  private static void commit(CloudSolrClient client, SolrGalleryUri uri, UpdateRequest update)
      throws SolrServerException, IOException {
    update.setAction(AbstractUpdateRequest.ACTION.COMMIT, true, true, true);
    update.process(client, uri.collection());
  }

  @Override
  public List<PersonSummary> people() {
    requireOpen();
    Map<String, Instant[]> spans = new TreeMap<>();
    Map<String, Integer> counts = new HashMap<>();
    forEach(
        templateQuery("*:*").setFields(SolrFields.PERSON, SolrFields.ENROLLED_AT),
        d -> {
          String person = (String) d.getFirstValue(SolrFields.PERSON);
          Instant at = SolrFields.parseTime((String) d.getFirstValue(SolrFields.ENROLLED_AT));
          Instant[] span = spans.computeIfAbsent(person, p -> new Instant[] {at, at});
          span[0] = at.isBefore(span[0]) ? at : span[0];
          span[1] = at.isAfter(span[1]) ? at : span[1];
          counts.merge(person, 1, Integer::sum);
        });
    List<PersonSummary> out = new ArrayList<>(spans.size());
    spans.forEach((p, span) -> out.add(new PersonSummary(p, counts.get(p), span[0], span[1])));
    return out;
  }

  @Override
  public Optional<PersonDetails> person(String name) {
    String checked = PersonNames.requireValid(name);
    requireOpen();
    List<StoredTemplate> templates = new ArrayList<>();
    SolrQuery q = templateQuery(personQuery()).setFields("*");
    q.set("person", checked);
    forEach(q, d -> templates.add(storedTemplate(d)));
    if (templates.isEmpty()) {
      return Optional.empty();
    }
    templates.sort(
        Comparator.comparing((StoredTemplate t) -> t.template().enrolledAt())
            .thenComparingLong(StoredTemplate::id));
    return Optional.of(
        new PersonDetails(checked, templates.get(0).template().enrolledAt(), templates));
  }

  private StoredTemplate storedTemplate(SolrDocument d) {
    Template t =
        new Template(
            new Embedding(vector(d), spec.model()),
            (String) d.getFirstValue(SolrFields.IMAGE_SHA256),
            new Box(
                floatField(d, SolrFields.BOX_X1),
                floatField(d, SolrFields.BOX_Y1),
                floatField(d, SolrFields.BOX_X2),
                floatField(d, SolrFields.BOX_Y2)),
            floatField(d, SolrFields.DETECTION_SCORE),
            SolrFields.parseTime((String) d.getFirstValue(SolrFields.ENROLLED_AT)));
    return new StoredTemplate(((Number) d.getFirstValue(SolrFields.TEMPLATE_ID)).longValue(), t);
  }

  private static float floatField(SolrDocument d, String field) {
    return ((Number) d.getFirstValue(field)).floatValue();
  }

  private static float[] vector(SolrDocument d) {
    Collection<Object> values = d.getFieldValues(SolrFields.VECTOR);
    if (values == null) {
      throw new GalleryFormatException("template " + d.getFirstValue(SolrFields.ID) + " has no vector");
    }
    float[] v = new float[values.size()];
    int i = 0;
    for (Object x : values) {
      v[i++] = ((Number) x).floatValue();
    }
    return v;
  }

  /** Templates of the person named by the request parameter {@code person}, taken verbatim. */
  private static String personQuery() {
    return "{!term f=" + SolrFields.PERSON + " v=$person}";
  }

  @Override
  public boolean removePerson(String name) {
    String checked = PersonNames.requireValid(name);
    requireOpen();
    try {
      SolrQuery count = templateQuery(personQuery()).setRows(0);
      count.set("person", checked);
      if (client.query(uri.collection(), count).getResults().getNumFound() == 0) {
        return false;
      }
      UpdateRequest delete = new UpdateRequest();
      delete.deleteByQuery(
          "+" + SolrFields.DOC_TYPE + ":" + SolrFields.TEMPLATE + " +" + termQuery(SolrFields.PERSON, checked));
      commit(client, uri, delete);
      return true;
    } catch (SolrServerException | IOException e) {
      throw storage("removing '" + checked + "'", e);
    }
  }

  /** A Lucene-syntax term query with the value quoted and escaped, for delete-by-query. */
  private static String termQuery(String field, String value) {
    return field + ":\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Override
  public boolean removeTemplate(long templateId) {
    requireOpen();
    try {
      String id = Long.toString(templateId);
      SolrDocument d = client.getById(uri.collection(), id);
      if (d == null || !SolrFields.TEMPLATE.equals(d.getFirstValue(SolrFields.DOC_TYPE))) {
        return false;
      }
      commit(client, uri, new UpdateRequest().deleteById(id));
      return true;
    } catch (SolrServerException | IOException e) {
      throw storage("removing template " + templateId, e);
    }
  }

  /**
   * Finds the {@link SolrGalleryOptions#candidates()} templates nearest to {@code probe} with
   * Solr's HNSW search, then scores every person owning one of them exactly over all of their
   * templates, as the embedded gallery does.
   */
  @Override
  public List<Match> search(Embedding probe, int topK) {
    if (topK < 1) {
      throw new BadInputException("top-K must be at least 1, got " + topK);
    }
    requireModel(probe, "query");
    requireOpen();
    float[] q = probe.vector();
    try {
      int candidates = Math.max(options.candidates(), topK);
      SolrQuery knn =
          new SolrQuery("{!knn f=" + SolrFields.VECTOR + " topK=" + candidates + "}" + vectorText(q))
              .addFilterQuery(SolrFields.DOC_TYPE + ":" + SolrFields.TEMPLATE)
              .setFields(SolrFields.PERSON)
              .setRows(candidates);
      Set<String> people = new LinkedHashSet<>();
      for (SolrDocument d : client.query(uri.collection(), knn, SolrRequest.METHOD.POST).getResults()) {
        people.add((String) d.getFirstValue(SolrFields.PERSON));
      }
      if (people.isEmpty()) {
        return List.of();
      }
      Map<String, List<double[]>> distances = new LinkedHashMap<>();
      SolrQuery all =
          templateQuery("{!terms f=" + SolrFields.PERSON + " separator=$sep v=$people}")
              .setFields(SolrFields.PERSON, SolrFields.TEMPLATE_ID, SolrFields.VECTOR);
      all.set("sep", "\n");
      all.set("people", String.join("\n", people));
      forEach(
          all,
          d -> {
            double distance = spec.metric().distance(vector(d), q);
            long id = ((Number) d.getFirstValue(SolrFields.TEMPLATE_ID)).longValue();
            distances
                .computeIfAbsent((String) d.getFirstValue(SolrFields.PERSON), p -> new ArrayList<>())
                .add(new double[] {distance, id});
          });
      PersonScoring scoring = options.scoring();
      List<Match> ranked = new ArrayList<>(distances.size());
      double[] best = new double[scoring.templatesUsed()];
      for (Map.Entry<String, List<double[]>> person : distances.entrySet()) {
        List<double[]> ds = person.getValue();
        ds.sort(Comparator.comparingDouble((double[] x) -> x[0]).thenComparingDouble(x -> x[1]));
        int kept = Math.min(best.length, ds.size());
        for (int i = 0; i < kept; i++) {
          best[i] = ds.get(i)[0];
        }
        ranked.add(
            new Match(
                person.getKey(),
                // 1 - cos of a vector with itself can round to -1e-7; a distance is never negative.
                Math.max(0, scoring.combine(best, kept)),
                (long) ds.get(0)[1],
                ds.size()));
      }
      ranked.sort(Comparator.comparingDouble(Match::distance).thenComparing(Match::identity));
      return List.copyOf(ranked.size() <= topK ? ranked : ranked.subList(0, topK));
    } catch (SolrServerException | IOException e) {
      throw storage("searching", e);
    }
  }

  private static String vectorText(float[] v) {
    StringBuilder s = new StringBuilder(v.length * 12).append('[');
    for (int i = 0; i < v.length; i++) {
      if (i > 0) {
        s.append(',');
      }
      s.append(Float.toString(v[i]));
    }
    return s.append(']').toString();
  }

  @Override
  public int size() {
    requireOpen();
    try {
      return (int) client.query(uri.collection(), templateQuery("*:*").setRows(0)).getResults().getNumFound();
    } catch (SolrServerException | IOException e) {
      throw storage("counting templates", e);
    }
  }

  @Override
  public int personCount() {
    requireOpen();
    try {
      // Every name, not unique(person): across shards, unique() is only an estimate above 100
      // names per shard (254 for 250 people in a 2-shard test), and identify's threshold depends
      // on this count.
      SolrQuery q = templateQuery("*:*").setRows(0);
      q.set("json.facet", "{people:{type:terms,field:" + SolrFields.PERSON + ",limit:-1,sort:\"index asc\"}}");
      QueryResponse r = client.query(uri.collection(), q, SolrRequest.METHOD.POST);
      if (r.getResults().getNumFound() == 0) {
        return 0;
      }
      Object facets = r.getResponse().get("facets");
      Object people = ((org.apache.solr.common.util.NamedList<?>) facets).get("people");
      Object buckets =
          people instanceof org.apache.solr.common.util.NamedList<?> p ? p.get("buckets") : null;
      if (!(buckets instanceof List<?> names)) {
        throw new GalleryStorageException(
            "Solr at " + uri + " gave no list of people, facets were " + facets);
      }
      return names.size();
    } catch (SolrServerException | IOException e) {
      throw storage("counting people", e);
    }
  }

  private static SolrQuery templateQuery(String q) {
    return new SolrQuery(q).addFilterQuery(SolrFields.DOC_TYPE + ":" + SolrFields.TEMPLATE);
  }

  private interface DocumentSink {
    void accept(SolrDocument d);
  }

  /** Pages through every document {@code query} matches with a cursor, sorted by id. */
  private void forEach(SolrQuery query, DocumentSink sink) {
    query.setRows(PAGE).setSort(SolrFields.ID, SolrQuery.ORDER.asc);
    String cursor = CursorMarkParams.CURSOR_MARK_START;
    try {
      while (true) {
        query.set(CursorMarkParams.CURSOR_MARK_PARAM, cursor);
        QueryResponse r = client.query(uri.collection(), query, SolrRequest.METHOD.POST);
        SolrDocumentList docs = r.getResults();
        for (SolrDocument d : docs) {
          sink.accept(d);
        }
        String next = r.getNextCursorMark();
        if (next == null || next.equals(cursor)) {
          return;
        }
        cursor = next;
      }
    } catch (SolrServerException | IOException e) {
      throw storage("reading templates", e);
    }
  }

  private void requireModel(Embedding embedding, String role) {
    spec.requireAccepts(embedding, role, " at " + uri);
  }


  private GalleryStorageException storage(String what, Exception e) {
    return new GalleryStorageException(
        what + " in gallery '" + spec.name() + "' at " + uri + " failed: " + e.getMessage(), e);
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("gallery '" + spec.name() + "' at " + uri + " is closed");
    }
  }

  /** Closes the connection to the cluster; the collection stays. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      client.close();
    } catch (IOException e) {
      throw new GalleryStorageException("closing the connection to " + uri + " failed", e);
    }
  }

  private static void closeAfter(CloudSolrClient client, Throwable failure) {
    try {
      client.close();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }
}
