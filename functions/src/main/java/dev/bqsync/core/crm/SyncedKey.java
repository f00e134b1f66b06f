package dev.bqsync.core.crm;

import java.util.List;

/**
 * What the last run that examined a key left in a CRM section's state: the key as the planner
 * matches it, the key as the BigQuery row held it (null: no row), the ids of the CRM records that
 * carried it (empty: none), the row's hash as read (null: no single row, or that run wrote it, so
 * the next run examines it again), the rejection reason (null: none; a rejected key is examined
 * every run), and whether the row or the record has since disappeared (a deletion already seen:
 * the key's other side is neither re-created nor counted again).
 */
public record SyncedKey(String key, String warehouseKey, List<String> recordIds, Long rowHash, String rejected,
    boolean rowDeleted, boolean recordDeleted) {
  public SyncedKey {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("a synced key needs its key");
    }
    recordIds = List.copyOf(recordIds);
  }

  /** A row was there when the key was last examined, or was deleted since (a tombstone). */
  public boolean hadRow() {
    return warehouseKey != null;
  }

  public boolean hadRecord() {
    return !recordIds.isEmpty();
  }
}
