package org.likeness.server;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.likeness.liveness.challenge.TurnDirection;

/**
 * The head-turn challenges the door has handed out: a random direction per attempt, under an
 * unguessable id, answered at most once and within {@link #LIFETIME}. The server, not the kiosk,
 * picks the direction, so a recording cannot be prepared for it.
 */
final class Challenges {
  /** How long a challenge may be answered. */
  static final Duration LIFETIME = Duration.ofSeconds(30);
  /** Frames the kiosk is asked to send. */
  static final int FRAMES = 8;
  /** Over how long the kiosk spreads them. */
  static final Duration SPAN = Duration.ofMillis(1500);
  /** Pending challenges kept at most; the oldest are dropped beyond this. */
  static final int MAX_PENDING = 10_000;

  /** A handed-out challenge. */
  record Issued(String id, TurnDirection direction, Instant expires) {}

  private final Map<String, Issued> pending = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;

  Challenges(Clock clock) {
    this.clock = clock;
  }

  /** A new challenge in a random direction. */
  Issued issue() {
    evictExpired();
    byte[] id = new byte[16];
    random.nextBytes(id);
    TurnDirection direction = random.nextBoolean() ? TurnDirection.LEFT : TurnDirection.RIGHT;
    Issued c = new Issued(HexFormat.of().formatHex(id), direction, clock.instant().plus(LIFETIME));
    if (pending.size() >= MAX_PENDING) {
      pending.values().stream().min(java.util.Comparator.comparing(Issued::expires))
          .ifPresent(oldest -> pending.remove(oldest.id()));
    }
    pending.put(c.id(), c);
    return c;
  }

  /** The challenge {@code id}, removed so it cannot be answered twice; empty when unknown or expired. */
  Optional<Issued> take(String id) {
    Issued c = pending.remove(id);
    if (c == null || clock.instant().isAfter(c.expires())) {
      return Optional.empty();
    }
    return Optional.of(c);
  }

  private void evictExpired() {
    Instant now = clock.instant();
    for (Iterator<Issued> it = pending.values().iterator(); it.hasNext(); ) {
      if (now.isAfter(it.next().expires())) {
        it.remove();
      }
    }
  }
}
