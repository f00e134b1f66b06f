package dev.bqsync.core;

/**
 * A failure a retry may fix (a 5xx or 429 from BigQuery, UNAVAILABLE or ABORTED from Firestore, a
 * token endpoint 5xx). Adapters raise it explicitly; nothing else is ever treated as transient.
 */
public final class TransientException extends RuntimeException {
  public TransientException(String message, Throwable cause) {
    super(message, cause);
  }
}
