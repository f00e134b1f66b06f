package dev.bqsync.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The time a run may still spend, visible to the adapters of the thread that runs it, so a retry
 * loop stops waiting and a BigQuery job gets a timeout when the run's budget ends, without every
 * port method taking a deadline. Opened by the job runner around each run; closing it restores the
 * previous budget.
 */
public final class RunBudget implements AutoCloseable {
  private static final ThreadScope<RunBudget> CURRENT = new ThreadScope<>();

  private final Instant deadline;
  private final Clock clock;
  private final RunBudget previous;

  private RunBudget(Instant deadline, Clock clock, RunBudget previous) {
    this.deadline = deadline;
    this.clock = clock;
    this.previous = previous;
  }

  /** Makes {@code deadline} the budget of the calling thread until {@link #close}. */
  public static RunBudget open(Instant deadline, Clock clock) {
    RunBudget budget = new RunBudget(deadline, clock, CURRENT.get());
    CURRENT.set(budget);
    return budget;
  }

  public static Optional<RunBudget> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  public Instant deadline() {
    return deadline;
  }

  public Instant now() {
    return clock.instant();
  }

  /** What is left, never negative. */
  public Duration remaining() {
    Duration left = Duration.between(clock.instant(), deadline);
    return left.isNegative() ? Duration.ZERO : left;
  }

  @Override
  public void close() {
    CURRENT.restore(previous);
  }
}
