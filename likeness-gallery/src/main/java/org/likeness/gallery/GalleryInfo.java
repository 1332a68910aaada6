package org.likeness.gallery;

import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * Where a gallery is, what it is fixed to, and who made it when.
 *
 * @param directory the gallery directory
 * @param id a random id given at creation; the HNSW cache is tied to it
 * @param spec name, model, dimensions and metric
 * @param createdAt when the gallery was created
 * @param createdBy the software that created it, e.g. {@code likeness-gallery 0.1.0}
 * @param schemaVersion the storage schema version of {@code gallery.db}
 */
public record GalleryInfo(
    Path directory,
    UUID id,
    GallerySpec spec,
    Instant createdAt,
    String createdBy,
    int schemaVersion) {}
