package dev.bqsync.gcp;

/** Firestore could not do what was asked; transient unless the message says otherwise. */
public final class StateStoreException extends RuntimeException {
  public StateStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
