package dev.bqsync.core.catalog;

import java.util.Map;

/** A table's row count and its profiled columns (by name), with the bytes the query processed. */
public record TableProfile(long rows, Map<String, ColumnProfile> columns, long bytesProcessed) {
  public TableProfile {
    columns = Map.copyOf(columns);
  }
}
