package org.likeness.watch;

import java.util.function.Consumer;
import org.likeness.lock.DoorLock;
import org.likeness.lock.LockOutcome;
import org.likeness.lock.Opening;

/**
 * The {@link DoorOpener} over a {@link DoorLock}: each admitted visit becomes an {@link Opening} of
 * the named door, and the lock's outcome becomes the visit's {@link OpenResult}. An outcome other
 * than opened also goes to {@code onNotOpened} (with the lock's audit line naming the actuator that
 * failed). The lock is not closed here: its owner closes it after the watcher.
 */
public final class LockOpener implements DoorOpener {
  private final DoorLock lock;
  private final String door;
  private final Consumer<LockOutcome> onNotOpened;

  public LockOpener(DoorLock lock, String door, Consumer<LockOutcome> onNotOpened) {
    if (lock == null || door == null || door.isBlank() || onNotOpened == null) {
      throw new IllegalArgumentException("a lock opener needs a lock, a door name and a listener, got " + lock
          + ", '" + door + "', " + onNotOpened);
    }
    this.lock = lock;
    this.door = door;
    this.onNotOpened = onNotOpened;
  }

  @Override
  public OpenResult open(VisitDecision d) {
    LockOutcome outcome = lock.request(new Opening(d.person(), door, d.at(), d.distance(), d.maxDistance(),
        Long.toString(d.visitId())));
    if (outcome.kind() != LockOutcome.Kind.OPENED) {
      onNotOpened.accept(outcome);
    }
    return switch (outcome.kind()) {
      case OPENED -> OpenResult.OPENED;
      case TOO_SOON -> OpenResult.TOO_SOON;
      case FAILED -> OpenResult.FAILED;
    };
  }

  /** The door's name in openings. */
  public String door() {
    return door;
  }
}
