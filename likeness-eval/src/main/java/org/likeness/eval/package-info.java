/** Measured quality: LFW pair lists, pair distances and threshold choice. */
package org.likeness.eval;
