package dev.bqsync.core.crm;

/**
 * Deletions a run found, from the last-synced state: rows gone from BigQuery whose CRM record is
 * still there, and records gone from the CRM whose row is still there. Neither side is re-created.
 */
public record KeyDeletions(long rowsDeleted, long recordsDeleted) {
  public static final KeyDeletions NONE = new KeyDeletions(0, 0);
}
