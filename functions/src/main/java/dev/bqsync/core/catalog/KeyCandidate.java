package dev.bqsync.core.catalog;

import dev.bqsync.core.usage.ColumnType;

/**
 * A column considered as a key: whether it qualifies, and why (or why not), with its numbers. For
 * a usage cursor on a TIMESTAMP or DATETIME column, {@code tieBreak} names the column suggested to
 * make rows sharing a time unique (null for every other candidate).
 */
public record KeyCandidate(String column, ColumnType type, boolean suitable, String reason, String tieBreak) {
  public KeyCandidate(String column, ColumnType type, boolean suitable, String reason) {
    this(column, type, suitable, reason, null);
  }
}
