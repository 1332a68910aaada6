/**
 * One decision per visit: a {@link org.likeness.watch.visit.VisitJudge} gathers what each frame of
 * one track said about its face and decides once, to admit one enrolled person or to refuse the
 * visit with a {@link org.likeness.watch.visit.Refusal}. Pure logic, no models.
 */
package org.likeness.watch.visit;
