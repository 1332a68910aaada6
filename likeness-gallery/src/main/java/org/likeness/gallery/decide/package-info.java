/**
 * What a door decision rests on besides its threshold: why it came out as it did, and the cohort
 * sample of enrolled templates that tells how alike the gallery's people are.
 */
package org.likeness.gallery.decide;
