package org.likeness.server;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.likeness.detect.DetectedFace;
import org.likeness.error.BadInputException;
import org.likeness.gallery.EnrollOutcome;
import org.likeness.gallery.FaceChip;
import org.likeness.gallery.Gallery;
import org.likeness.gallery.PersonDetails;
import org.likeness.gallery.PersonSummary;
import org.likeness.gallery.StoredTemplate;
import org.likeness.gallery.Template;
import org.likeness.image.ImageDecodeException;
import org.likeness.image.ImageLoader;
import org.likeness.image.RgbImage;
import org.likeness.pipeline.FaceEncoding;
import org.likeness.quality.QualityFloor;
import org.likeness.quality.QualityVerdict;

/**
 * The admin routes under {@code /api/v1/people}: list, show, enroll faces, remove a face or a
 * person, and fetch a face's thumbnail. Names are checked before the body is read, so a bad name
 * changes nothing. Enrollment encodes on the shared engine pool and writes to the gallery, which
 * keeps answering searches meanwhile.
 */
final class PeopleApi {
  private final Gallery gallery;
  private final EnginePool engines;
  private final ImageLoader loader;
  private final Uploads uploads;
  private final Thumbnails thumbnails;
  private final Clock clock;

  PeopleApi(Gallery gallery, EnginePool engines, ImageLoader loader, Uploads uploads, Thumbnails thumbnails, Clock clock) {
    this.gallery = gallery;
    this.engines = engines;
    this.loader = loader;
    this.uploads = uploads;
    this.thumbnails = thumbnails;
    this.clock = clock;
  }

  void list(Context ctx) {
    List<ApiV1.Person> people = new ArrayList<>();
    int faces = 0;
    for (PersonSummary s : gallery.people()) {
      // A person removed between the two calls is simply not listed.
      var details = gallery.person(s.name());
      if (details.isPresent()) {
        ApiV1.Person p = view(details.get());
        people.add(p);
        faces += p.faces().size();
      }
    }
    ctx.json(new ApiV1.People(people.size(), faces, people));
  }

  void show(Context ctx) {
    ctx.json(view(existing(ctx)));
  }

  /**
   * Encodes every photo first, so that a face below the quality floor refuses the whole request
   * (422 {@code low_quality_face}) before anything is enrolled, unless {@code force=true}.
   */
  void enroll(Context ctx) {
    String name = Names.require(ctx.pathParam("name"));
    // The body is read before the query is judged: answering 400 while the client still sends its
    // photos would cut the connection under it, and the client would see no answer at all.
    List<Upload> photos = uploads.images(ctx, Uploads.MAX_IMAGES_PER_REQUEST);
    boolean force = force(ctx);
    List<Encoded> encoded = new ArrayList<>(photos.size());
    for (Upload photo : photos) {
      encoded.add(engines.withSlot(slot -> encode(slot, photo)));
    }
    if (!force) {
      for (Encoded e : encoded) {
        e.belowFloor().ifPresent(v -> {
          throw new ApiException(ErrorCode.LOW_QUALITY_FACE,
              e.photo().name() + ": " + v.message() + "; send force=true to enroll it anyway");
        });
      }
    }
    List<ApiV1.ImageResult> results = new ArrayList<>(photos.size());
    for (Encoded e : encoded) {
      results.add(enrollOne(name, e));
    }
    int faces = gallery.person(name).map(p -> p.templates().size()).orElse(0);
    ctx.json(new ApiV1.EnrollResponse(name, results, faces));
  }

  /** The {@code force} query parameter: {@code true} enrolls faces below the quality floor. */
  private static boolean force(Context ctx) {
    String raw = ctx.queryParam("force");
    if (raw == null || raw.equals("false")) {
      return false;
    }
    if (raw.equals("true")) {
      return true;
    }
    throw new ApiException(ErrorCode.INVALID_PARAMETER, "force must be true or false, got '" + Uploads.clean(raw, 40) + "'");
  }

  /**
   * One uploaded photo, decoded and encoded; {@code image} and {@code encoding} are null when it could not be decoded.
   * {@code chip} is the face's aligned chip, kept with the template so the gallery can follow a new model.
   */
  private record Encoded(Upload photo, RgbImage image, FaceEncoding encoding, Optional<FaceChip> chip, String decodeError) {
    /** The quality check a lone face fails; empty for a good face and for photos refused for other reasons. */
    Optional<QualityVerdict> belowFloor() {
      if (encoding == null || encoding.facesFound() != 1) {
        return Optional.empty();
      }
      return encoding.quality().flatMap(QualityFloor.DEFAULT::check);
    }
  }

  private Encoded encode(EnginePool.Slot slot, Upload photo) {
    RgbImage image;
    try {
      image = loader.decode(photo.bytes(), photo.name());
    } catch (ImageDecodeException e) {
      return new Encoded(photo, null, null, Optional.empty(), e.getMessage());
    }
    FaceEncoding encoding = slot.engine().encode(image);
    return new Encoded(photo, image, encoding, slot.engine().chip(image, encoding), null);
  }

  private ApiV1.ImageResult enrollOne(String name, Encoded encoded) {
    Upload photo = encoded.photo();
    if (encoded.encoding() == null) {
      return result(photo, EnrollStatus.BAD_IMAGE, null, encoded.decodeError());
    }
    RgbImage image = encoded.image();
    FaceEncoding enc = encoded.encoding();
    if (!enc.hasFace()) {
      return result(photo, EnrollStatus.NO_FACE, null, "no face found in " + photo.name());
    }
    if (enc.facesFound() > 1) {
      return result(photo, EnrollStatus.MULTIPLE_FACES, null,
          enc.facesFound() + " faces in " + photo.name() + "; enroll a photo of " + name + " alone");
    }
    DetectedFace face = enc.face().orElseThrow(() -> new IllegalStateException(
        "the pipeline found a face in " + photo.name() + " but returned no box; is detection off?"));
    EnrollOutcome outcome;
    try {
      outcome = gallery.enroll(name, new Template(enc.embedding().orElseThrow(), photo.sha256(), face.box(),
          face.score(), clock.instant(), encoded.chip()));
    } catch (org.likeness.gallery.ModelMismatchException e) {
      throw e;
    } catch (BadInputException e) {
      return result(photo, EnrollStatus.REFUSED, null, e.getMessage());
    }
    if (outcome.added() || !thumbnails.has(outcome.templateId())) {
      thumbnails.save(outcome.templateId(), image, face.box());
    }
    return new ApiV1.ImageResult(photo.name(),
        (outcome.added() ? EnrollStatus.ENROLLED : EnrollStatus.ALREADY_ENROLLED).label(), outcome.templateId(), null,
        encoded.belowFloor().map(QualityJson::of).orElse(null));
  }

  void remove(Context ctx) {
    PersonDetails person = existing(ctx);
    gallery.removePerson(person.name());
    for (StoredTemplate t : person.templates()) {
      thumbnails.delete(t.id());
    }
    ctx.json(new ApiV1.PersonRemoved(person.name(), person.templates().size()));
  }

  void removeFace(Context ctx) {
    PersonDetails person = existing(ctx);
    long id = faceOf(person, ctx).id();
    gallery.removeTemplate(id);
    thumbnails.delete(id);
    ctx.json(new ApiV1.FaceRemoved(person.name(), id, gallery.person(person.name()).isEmpty()));
  }

  void thumbnail(Context ctx) {
    PersonDetails person = existing(ctx);
    long id = faceOf(person, ctx).id();
    byte[] jpeg = thumbnails.read(id).orElseThrow(() -> new ApiException(ErrorCode.NO_THUMBNAIL,
        "face " + id + " of '" + person.name() + "' has no thumbnail; it was enrolled outside the service"));
    ctx.contentType("image/jpeg").result(jpeg);
  }

  private PersonDetails existing(Context ctx) {
    String name = Names.require(ctx.pathParam("name"));
    return gallery.person(name).orElseThrow(() -> new ApiException(ErrorCode.NO_SUCH_PERSON,
        "nobody named '" + name + "' is enrolled"));
  }

  private static StoredTemplate faceOf(PersonDetails person, Context ctx) {
    String raw = ctx.pathParam("id");
    long id;
    try {
      id = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new ApiException(ErrorCode.INVALID_PARAMETER, "face id must be a whole number, got '" + Uploads.clean(raw, 40) + "'");
    }
    return person.templates().stream().filter(t -> t.id() == id).findFirst().orElseThrow(() -> new ApiException(
        ErrorCode.NO_SUCH_FACE, "'" + person.name() + "' has no face " + id));
  }

  private ApiV1.Person view(PersonDetails p) {
    List<ApiV1.Face> faces = p.templates().stream().map(t -> new ApiV1.Face(t.id(), t.template().enrolledAt().toString(),
        t.template().detectionScore(), thumbnails.has(t.id()) ? thumbnailPath(p.name(), t.id()) : null)).toList();
    List<StoredTemplate> ts = p.templates();
    return new ApiV1.Person(p.name(), ts.get(0).template().enrolledAt().toString(),
        ts.get(ts.size() - 1).template().enrolledAt().toString(), faces);
  }

  static String thumbnailPath(String name, long id) {
    return "/api/v1/people/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20") + "/faces/" + id + "/thumbnail";
  }

  private static ApiV1.ImageResult result(Upload photo, EnrollStatus status, Long id, String error) {
    return new ApiV1.ImageResult(photo.name(), status.label(), id, error, null);
  }
}
