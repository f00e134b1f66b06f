package dev.bqsync.core;

/**
 * The three kinds of failure, each handled its own way (docs/failures.md): a transient one is retried
 * and answered 503 so Scheduler tries again; one that needs a person is FAILED with what to change
 * and answered 200 so Scheduler does not retry in vain; anything else is a bug, answered 500 and
 * logged at ERROR with its stack trace.
 */
public enum FailureKind {
  TRANSIENT,
  NEEDS_PERSON,
  BUG
}
