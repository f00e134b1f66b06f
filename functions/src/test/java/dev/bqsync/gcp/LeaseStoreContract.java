package dev.bqsync.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bqsync.core.state.JobKind;
import dev.bqsync.core.state.LeaseResult;
import dev.bqsync.port.LeaseStore;
import dev.bqsync.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What every LeaseStore must do; run against the in-memory fake and against Firestore. */
abstract class LeaseStoreContract {
  protected final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));

  protected abstract LeaseStore store();

  @Test
  void firstCallerAcquiresAndSecondIsToldAlreadyRunning() {
    LeaseResult first = store().tryAcquire("acme", JobKind.USAGE_PULL, "run-1", Duration.ofMinutes(25));
    LeaseResult second = store().tryAcquire("acme", JobKind.USAGE_PULL, "run-2", Duration.ofMinutes(25));

    assertThat(first).isInstanceOf(LeaseResult.Acquired.class);
    assertThat(second).isInstanceOfSatisfying(LeaseResult.AlreadyRunning.class,
        r -> assertThat(r.current().holder()).isEqualTo("run-1"));
  }

  @Test
  void jobsAndTenantsHaveTheirOwnLeases() {
    store().tryAcquire("acme", JobKind.USAGE_PULL, "run-1", Duration.ofMinutes(25));

    assertThat(store().tryAcquire("acme", JobKind.CRM_SYNC, "run-2", Duration.ofMinutes(25)))
        .isInstanceOf(LeaseResult.Acquired.class);
    assertThat(store().tryAcquire("globex", JobKind.USAGE_PULL, "run-3", Duration.ofMinutes(25)))
        .isInstanceOf(LeaseResult.Acquired.class);
  }

  @Test
  void anExpiredLeaseIsTakenOver() {
    store().tryAcquire("acme", JobKind.USAGE_PULL, "crashed-run", Duration.ofMinutes(25));
    clock.advance(Duration.ofMinutes(26));

    LeaseResult result = store().tryAcquire("acme", JobKind.USAGE_PULL, "run-2", Duration.ofMinutes(25));

    assertThat(result).isInstanceOfSatisfying(LeaseResult.Acquired.class,
        r -> assertThat(r.lease().expireAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(25))));
  }

  @Test
  void releaseFreesTheLease() {
    LeaseResult.Acquired first =
        (LeaseResult.Acquired) store().tryAcquire("acme", JobKind.CRM_SYNC, "run-1", Duration.ofMinutes(25));
    store().release(first.lease());

    assertThat(store().tryAcquire("acme", JobKind.CRM_SYNC, "run-2", Duration.ofMinutes(25)))
        .isInstanceOf(LeaseResult.Acquired.class);
  }

  @Test
  void aHolderWhoseLeaseWasTakenOverCannotReleaseTheNewOne() {
    LeaseResult.Acquired old =
        (LeaseResult.Acquired) store().tryAcquire("acme", JobKind.CRM_SYNC, "slow-run", Duration.ofMinutes(1));
    clock.advance(Duration.ofMinutes(2));
    store().tryAcquire("acme", JobKind.CRM_SYNC, "new-run", Duration.ofMinutes(25));

    store().release(old.lease());

    assertThat(store().tryAcquire("acme", JobKind.CRM_SYNC, "third-run", Duration.ofMinutes(25)))
        .isInstanceOfSatisfying(LeaseResult.AlreadyRunning.class,
            r -> assertThat(r.current().holder()).isEqualTo("new-run"));
  }

  @Test
  void ofTwentyConcurrentAttemptsExactlyOneWins() throws Exception {
    int callers = 20;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<LeaseResult>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        String holder = "run-" + i;
        Callable<LeaseResult> attempt = () -> {
          start.await();
          return store().tryAcquire("acme", JobKind.USAGE_PULL, holder, Duration.ofMinutes(25));
        };
        results.add(pool.submit(attempt));
      }
      start.countDown();
      List<LeaseResult> outcomes = new ArrayList<>();
      for (Future<LeaseResult> result : results) {
        outcomes.add(result.get());
      }
      List<String> winners = outcomes.stream().filter(LeaseResult.Acquired.class::isInstance)
          .map(r -> ((LeaseResult.Acquired) r).lease().holder()).toList();
      assertThat(winners).hasSize(1);
      assertThat(outcomes).filteredOn(LeaseResult.AlreadyRunning.class::isInstance).hasSize(callers - 1)
          .allSatisfy(r -> assertThat(((LeaseResult.AlreadyRunning) r).current().holder()).isEqualTo(winners.get(0)));
    } finally {
      pool.shutdownNow();
    }
  }
}
