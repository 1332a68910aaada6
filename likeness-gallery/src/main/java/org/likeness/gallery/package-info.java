/**
 * The gallery: a lasting store of enrolled people (one SQLite file per gallery directory) and the
 * 1:K search that tells whose face a probe embedding is, or that it is nobody's. Start at {@link
 * org.likeness.gallery.Gallery}.
 */
package org.likeness.gallery;
