package dev.bqsync.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs a call and retries it when it fails with a {@link TransientException}, with {@link Backoff},
 * while the run's {@link RunBudget} allows; then the last transient failure goes to the caller, who
 * ends the section "will retry". Other failures are never retried here.
 */
public final class Retrying {
  private Retrying() {}

  public static <T> T call(Supplier<T> call) {
    return call(Backoff.DEFAULT, call);
  }

  public static <T> T call(Backoff backoff, Supplier<T> call) {
    for (int attempt = 0; ; attempt++) {
      try {
        return call.get();
      } catch (TransientException e) {
        Optional<RunBudget> budget = RunBudget.current();
        Instant now = budget.map(RunBudget::now).orElseGet(Instant::now);
        Instant deadline = budget.map(RunBudget::deadline).orElse(null);
        Optional<Duration> wait = backoff.next(attempt, now, deadline);
        if (wait.isEmpty()) {
          throw e;
        }
        sleep(wait.get());
      }
    }
  }

  private static void sleep(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry", interrupted);
    }
  }
}
