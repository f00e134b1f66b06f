package dev.bqsync.sync;

import dev.bqsync.core.FailureKind;
import dev.bqsync.core.LeaseLostException;
import dev.bqsync.core.NeedsAttentionException;
import dev.bqsync.core.TransientException;
import dev.bqsync.core.state.RunStatus;

/**
 * How an exception ends a section: its status, its kind, the words for people and, for a bug, the
 * exception itself (its stack trace goes to the ERROR log line). The one place that decides it.
 */
public record FailureOutcome(RunStatus status, FailureKind kind, String message, Throwable error) {
  public static FailureOutcome of(RuntimeException e) {
    if (e instanceof NeedsAttentionException) {
      return new FailureOutcome(RunStatus.FAILED, FailureKind.NEEDS_PERSON, e.getMessage(), null);
    }
    if (e instanceof TransientException) {
      return new FailureOutcome(RunStatus.FAILED, FailureKind.TRANSIENT, "transient failure, will be retried: "
          + e.getMessage(), null);
    }
    if (e instanceof LeaseLostException) {
      return new FailureOutcome(RunStatus.ABANDONED, null, e.getMessage(), null);
    }
    String text = e.getMessage();
    return new FailureOutcome(RunStatus.FAILED, FailureKind.BUG, "unexpected failure (a bug, logged with its stack "
        + "trace): " + e.getClass().getSimpleName() + (text == null || text.isBlank() ? "" : ": " + text), e);
  }
}
