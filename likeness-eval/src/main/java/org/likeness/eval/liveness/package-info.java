/**
 * Presentation-attack evaluation in the ISO/IEC 30107-3 terms: per set of live and attack photos,
 * APCER (attacks accepted as live), BPCER (live faces refused) and ACER at a threshold, the APCER at
 * fixed BPCERs, AUC and a DET curve; thresholds chosen on some sets and reported on the others.
 */
package org.likeness.eval.liveness;
