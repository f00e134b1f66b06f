package dev.bqsync.core.state;

/** What happened when a run asked for its lease. */
public sealed interface LeaseResult permits LeaseResult.Acquired, LeaseResult.AlreadyRunning {
  /** The caller holds the lease and must release it when done. */
  record Acquired(Lease lease) implements LeaseResult {}

  /** Another run holds a live lease; the caller must not run. */
  record AlreadyRunning(Lease current) implements LeaseResult {}
}
