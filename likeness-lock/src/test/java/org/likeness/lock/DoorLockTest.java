package org.likeness.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DoorLockTest {

  private static final LockPolicy POLICY =
      new LockPolicy(Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(2));
  private static final WebhookActuator.Retry ONCE = new WebhookActuator.Retry(1, Duration.ZERO);

  private static CommandActuator deadRelay() {
    return new CommandActuator(
        List.of("sh", "-c", "echo relay board not found >&2; exit 1"), Duration.ofSeconds(2));
  }

  @Test
  void secondRequestWithinTheMinimumGapIsTooSoonAndSendsNothing() throws Exception {
    SettableClock clock = new SettableClock(Samples.AT);
    try (WebhookReceiver receiver = new WebhookReceiver(200);
        DoorLock lock =
            new DoorLock(
                List.of(
                    new WebhookActuator(receiver.url(), "s3", Duration.ofSeconds(2), ONCE, clock)),
                POLICY,
                clock)) {
      assertEquals(LockOutcome.Kind.OPENED, lock.request(Samples.opening("v1")).kind());
      clock.advance(Duration.ofMillis(4999));
      LockOutcome soon = lock.request(Samples.opening("v2"));
      assertEquals(LockOutcome.Kind.TOO_SOON, soon.kind());
      assertTrue(soon.detail().contains("5000 ms"), soon.detail());
      assertEquals(1, receiver.received().size());
      clock.advance(Duration.ofMillis(1));
      assertEquals(LockOutcome.Kind.OPENED, lock.request(Samples.opening("v3")).kind());
      assertEquals(2, receiver.received().size());
    }
  }

  @Test
  void concurrentRequestsOpenTheDoorOnceWithinTheGap() throws Exception {
    Clock clock = Clock.fixed(Samples.AT, ZoneOffset.UTC);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (WebhookReceiver receiver = new WebhookReceiver(200);
        DoorLock lock =
            new DoorLock(
                List.of(
                    new WebhookActuator(receiver.url(), "s3", Duration.ofSeconds(2), ONCE, clock)),
                POLICY,
                clock)) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<LockOutcome>> outcomes = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        String visit = "v" + i;
        outcomes.add(
            pool.submit(
                () -> {
                  go.await();
                  return lock.request(Samples.opening(visit));
                }));
      }
      go.countDown();
      Map<LockOutcome.Kind, Integer> kinds = new EnumMap<>(LockOutcome.Kind.class);
      for (Future<LockOutcome> f : outcomes) {
        kinds.merge(f.get(10, TimeUnit.SECONDS).kind(), 1, Integer::sum);
      }
      assertEquals(
          Map.of(LockOutcome.Kind.OPENED, 1, LockOutcome.Kind.TOO_SOON, threads - 1), kinds);
      assertEquals(1, receiver.received().size());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void deadActuatorOpensNothingAndStartsNoGap() {
    SettableClock clock = new SettableClock(Samples.AT);
    try (DoorLock lock = new DoorLock(List.of(deadRelay()), POLICY, clock)) {
      LockOutcome first = lock.request(Samples.opening("v1"));
      assertEquals(LockOutcome.Kind.FAILED, first.kind());
      assertTrue(first.detail().startsWith("fail-secure"), first.detail());
      assertTrue(
          first.auditLine().startsWith("FAILED door=front person=Ann Lee visit=v1"),
          first.auditLine());
      assertTrue(first.auditLine().contains("relay board not found"), first.auditLine());
      assertEquals(Optional.empty(), lock.lastOpened());
      // Nothing opened, so the next visit may try at once: FAILED again, not TOO_SOON.
      assertEquals(LockOutcome.Kind.FAILED, lock.request(Samples.opening("v2")).kind());
    }
  }

  @Test
  void deadActuatorFailsTheOutcomeButTheOthersAreStillCalled() throws Exception {
    SettableClock clock = new SettableClock(Samples.AT);
    LogOnlyActuator before = new LogOnlyActuator();
    try (WebhookReceiver receiver = new WebhookReceiver(200);
        DoorLock lock =
            new DoorLock(
                List.of(
                    before,
                    deadRelay(),
                    new WebhookActuator(receiver.url(), "s3", Duration.ofSeconds(2), ONCE, clock)),
                POLICY,
                clock)) {
      LockOutcome outcome = lock.request(Samples.opening("v1"));
      assertEquals(LockOutcome.Kind.FAILED, outcome.kind());
      assertEquals(1, outcome.failures().size());
      assertTrue(
          outcome
              .failures()
              .get(0)
              .error()
              .contains("exited with status 1, stderr: relay board not found"),
          outcome.failures().get(0).error());
      assertTrue(outcome.detail().contains("1 of 3 actuators failed"), outcome.detail());
      assertTrue(outcome.detail().contains("webhook POST"), outcome.detail());
      assertEquals(1, before.seen().size());
      assertEquals(1, receiver.received().size());
      // The webhook acknowledged, so the door may have opened: the gap starts.
      assertEquals(Optional.of(Samples.AT), lock.lastOpened());
      clock.advance(Duration.ofSeconds(1));
      assertEquals(LockOutcome.Kind.TOO_SOON, lock.request(Samples.opening("v2")).kind());
      assertEquals(1, receiver.received().size());
    }
  }

  @Test
  void logOnlyDoorRecordsWhatWouldHaveOpened() {
    LogOnlyActuator log = new LogOnlyActuator();
    try (DoorLock lock =
        new DoorLock(List.of(log), POLICY, Clock.fixed(Samples.AT, ZoneOffset.UTC))) {
      LockOutcome outcome = lock.request(Samples.opening("v1"));
      assertEquals(LockOutcome.Kind.OPENED, outcome.kind());
      assertEquals(List.of(Samples.opening("v1")), log.seen());
      assertTrue(lock.describe().contains("nothing opens"), lock.describe());
    }
  }

  @Test
  void refusesNoActuatorsAndRequestsAfterClose() {
    IllegalArgumentException none =
        assertThrows(
            IllegalArgumentException.class,
            () -> new DoorLock(List.of(), POLICY, Clock.systemUTC()));
    assertTrue(none.getMessage().contains("LogOnlyActuator"), none.getMessage());
    DoorLock lock = new DoorLock(List.of(new LogOnlyActuator()), POLICY, Clock.systemUTC());
    lock.close();
    assertThrows(IllegalStateException.class, () -> lock.request(Samples.opening("v1")));
  }

  @Test
  void policyNamesBadDurations() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new LockPolicy(
                    Duration.ofSeconds(3), Duration.ofSeconds(-1), Duration.ofSeconds(1)));
    assertTrue(e.getMessage().contains("PT-1S"), e.getMessage());
  }
}
