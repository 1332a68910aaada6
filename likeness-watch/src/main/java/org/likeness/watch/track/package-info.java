/**
 * Following faces from frame to frame: {@link org.likeness.watch.track.FaceTracker} gives each face
 * found in a frame the id of the track it continues, by box overlap and embedding distance, so that
 * one person walking up to the door stays one track. Pure logic, no models.
 */
package org.likeness.watch.track;
