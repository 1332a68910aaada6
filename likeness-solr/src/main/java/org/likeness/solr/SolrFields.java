package org.likeness.solr;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Field names of the gallery collection's schema and how values are written to them. */
final class SolrFields {
  static final String ID = "id";
  static final String DOC_TYPE = "doc_type";
  static final String TEMPLATE = "template";
  static final String GALLERY = "gallery";
  /** The id of the one provenance document. */
  static final String PROVENANCE_ID = "likeness-gallery";

  static final String TEMPLATE_ID = "template_id";
  static final String PERSON = "person";
  static final String IMAGE_SHA256 = "image_sha256";
  static final String BOX_X1 = "box_x1";
  static final String BOX_Y1 = "box_y1";
  static final String BOX_X2 = "box_x2";
  static final String BOX_Y2 = "box_y2";
  static final String DETECTION_SCORE = "detection_score";
  static final String ENROLLED_AT = "enrolled_at";
  static final String VECTOR = "vector";

  static final String GALLERY_NAME = "gallery_name";
  static final String MODEL_NAME = "model_name";
  static final String MODEL_SHA256 = "model_sha256";
  static final String DIMENSIONS = "dimensions";
  static final String METRIC = "metric";
  static final String CREATED_AT = "created_at";
  static final String CREATED_BY = "created_by";

  /** Fixed-width ISO-8601 UTC with nanoseconds, so text order is time order, as in gallery.db. */
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private SolrFields() {}

  static String time(Instant instant) {
    return TIME.format(instant);
  }

  static Instant parseTime(String text) {
    return TIME.parse(text, Instant::from);
  }

  /**
   * A template's id: the first 63 bits of SHA-256 over its image's SHA-256. An image is enrolled at
   * most once per gallery, so the id is known before writing, and a retried write is idempotent.
   */
  static long templateId(String imageSha256) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(("likeness-template\0" + imageSha256).getBytes(StandardCharsets.UTF_8));
      long id = 0;
      for (int i = 0; i < 8; i++) {
        id = (id << 8) | (d[i] & 0xff);
      }
      id &= Long.MAX_VALUE;
      return id == 0 ? 1 : id;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
