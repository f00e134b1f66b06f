package dev.bqsync.core.config;

/** Who wins when a BOTH field changed on both sides since the last sync (or differs before the first). */
public enum ConflictPolicy {
  /** BigQuery's value wins (the default). */
  WAREHOUSE_WINS,
  /** The CRM's value wins. */
  CRM_WINS,
  /** The side whose updated-at is later wins; BigQuery wins a tie or when either is missing. */
  NEWEST
}
