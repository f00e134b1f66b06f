package dev.bqsync.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter, bounded by a deadline: the wait before retry number
 * {@code attempt} is random in [c/2, c] with c = min(cap, base * 2^attempt) (half fixed, so
 * retries spread out without ever hammering at once), and no wait is offered that would end
 * past the deadline, so retries never outlive the run's time budget.
 */
public record Backoff(Duration base, Duration cap, int maxAttempts) {
  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(16), 8);

  /** How long to wait before the next attempt, or empty when the caller must give up. */
  public Optional<Duration> next(int attemptsSoFar, Instant now, Instant deadline) {
    if (attemptsSoFar >= maxAttempts) {
      return Optional.empty();
    }
    long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(attemptsSoFar, 20));
    long wait = ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
    if (deadline != null && now.plusMillis(wait).isAfter(deadline)) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofMillis(wait));
  }
}
