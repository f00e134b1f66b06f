package dev.bqsync.core;

/**
 * A fenced write found that the run no longer holds its lease (it expired and another run took it
 * over): the write did not land and the run must stop, leaving the work to the new holder.
 */
public final class LeaseLostException extends RuntimeException {
  public LeaseLostException(String message) {
    super(message);
  }
}
