/**
 * The open-set decision: given the nearest enrolled people to a probe, accept one of them or answer
 * unknown, with a stated false-accept rate and the reason.
 */
package org.likeness.gallery.decide;
