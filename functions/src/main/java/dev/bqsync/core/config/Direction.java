package dev.bqsync.core.config;

/** Which way a CRM section or field syncs. */
public enum Direction {
  /** Both ways, with a three-way merge against the last-synced value. */
  BOTH,
  /** CRM to BigQuery. */
  SEND,
  /** BigQuery to CRM. */
  RECEIVE;

  public boolean sends() {
    return this != RECEIVE;
  }

  public boolean receives() {
    return this != SEND;
  }
}
