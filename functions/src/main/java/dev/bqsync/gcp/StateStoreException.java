package dev.bqsync.gcp;

/** Firestore refused what bqsync asked in a way no retry and no person can fix: a bug (FailureKind.BUG). */
public final class StateStoreException extends RuntimeException {
  public StateStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
