/**
 * The door's loop over a camera: a {@link org.likeness.watch.Watcher} pulls frames from a {@link
 * org.likeness.watch.FrameFeed}, encodes every face, follows each across frames, decides once per
 * visit, asks a {@link org.likeness.watch.DoorOpener} to open for an admitted person and tells
 * {@link org.likeness.watch.VisitListener}s what happened.
 */
package org.likeness.watch;
