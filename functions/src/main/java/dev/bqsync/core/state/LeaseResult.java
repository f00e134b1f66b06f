package dev.bqsync.core.state;

import java.util.Optional;

/** What happened when a run asked for its lease. */
public sealed interface LeaseResult permits LeaseResult.Acquired, LeaseResult.AlreadyRunning {
  /**
   * The caller holds the lease and must release it when done; {@code previous} is the expired lease
   * of a run that died or stalled, when this acquisition took it over.
   */
  record Acquired(Lease lease, Optional<Lease> previous) implements LeaseResult {
    public Acquired(Lease lease) {
      this(lease, Optional.empty());
    }
  }

  /** Another run holds a live lease; the caller must not run. */
  record AlreadyRunning(Lease current) implements LeaseResult {}
}
