package dev.bqsync.core.state;

/** How a section's run ended. */
public enum RunStatus {
  /** Started and not finished yet; a run that dies leaves this until the next run marks it ABANDONED. */
  RUNNING,
  /** The run died or stalled and its lease went to another run; what it committed stays. */
  ABANDONED,
  /** Everything due was read and written. */
  OK,
  /** Progress was made but the time budget ran out (or some rows wait); the next run continues. */
  PARTIAL,
  /** The source has not changed since the last caught-up run: no query was issued. */
  SKIPPED_UNCHANGED,
  /** Not due by its frequency. */
  SKIPPED_NOT_DUE,
  /** Another run of the same tenant and job holds the lease. */
  ALREADY_RUNNING,
  /** The run stopped with an error; the message says what to change. */
  FAILED
}
