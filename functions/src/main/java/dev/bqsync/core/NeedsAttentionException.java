package dev.bqsync.core;

/**
 * A failure that retrying will not fix: a misconfiguration, a missing table, revoked access. The
 * message says what to change. Runs that hit it are FAILED in the run log and are not retried in
 * a loop; everything else is treated as transient.
 */
public final class NeedsAttentionException extends RuntimeException {
  public NeedsAttentionException(String message) {
    super(message);
  }

  public NeedsAttentionException(String message, Throwable cause) {
    super(message, cause);
  }
}
