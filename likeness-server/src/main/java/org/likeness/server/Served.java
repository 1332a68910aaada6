package org.likeness.server;

import org.likeness.gallery.Gallery;
import org.likeness.models.ModelSpec;
import org.likeness.models.Thresholds;

/**
 * What the door serves at one time: a gallery, the model that made its templates, that model's
 * thresholds and face engines, and the door and people routes over them. A request works on one
 * {@code Served} from start to end (see {@link Serving}), so it never mixes a gallery of one model
 * with an engine of another; a migration replaces the whole of it at once.
 *
 * @param model the gallery's model
 * @param thresholds its thresholds, resolved from its calibration
 * @param gallery the served gallery
 * @param engines face engines of {@code model}
 * @param thumbnails the face thumbnails of {@code gallery}
 * @param door identify and verify over {@code gallery}
 * @param people the admin people routes over {@code gallery}
 */
record Served(ModelSpec model, Thresholds thresholds, Gallery gallery, EnginePool engines, Thumbnails thumbnails,
    DoorApi door, PeopleApi people) {}
