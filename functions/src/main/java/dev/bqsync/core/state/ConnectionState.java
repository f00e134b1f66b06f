package dev.bqsync.core.state;

/** Where a tenant's BigQuery connection stands. */
public enum ConnectionState {
  /** Configured but never authorised. */
  NOT_CONNECTED,
  CONNECTED,
  /** The refresh token stopped working; runs are stopped until the tenant connects again. */
  REAUTHORIZATION_REQUIRED
}
