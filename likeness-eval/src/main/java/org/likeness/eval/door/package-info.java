/**
 * The door benchmark: seeded door-camera variants of LFW photos (tight crops, small faces, grey,
 * dim, JPEG, blur), and the two protocols a door depends on, verification and open-set
 * identification, measured at the shipped defaults.
 */
package org.likeness.eval.door;
