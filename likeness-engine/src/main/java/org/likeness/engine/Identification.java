package org.likeness.engine;

import java.util.List;
import java.util.Optional;
import org.likeness.gallery.Match;
import org.likeness.models.DecisionThreshold;

/**
 * The answer to "who is this?": the nearest enrolled person if they are close enough, else nobody.
 *
 * @param identity the recognised person; empty means unknown (or no face), and the door stays shut
 * @param distance the nearest person's distance; empty when there was no face or the gallery is empty
 * @param threshold the threshold applied and what it stands for
 * @param candidates the nearest people, best first
 * @param facesFound faces detected in the photo
 */
public record Identification(
    Optional<String> identity, Optional<Double> distance, DecisionThreshold threshold, List<Match> candidates,
    int facesFound) {}
