package dev.bqsync.emulator;

import java.util.List;

/**
 * What the emulator knows of a table or view: BigQuery schema (derived from DuckDB's catalog),
 * kind, the view's original GoogleSQL, times in epoch millis, description and labels (JSON text).
 */
record TableInfo(TableName name, String kind, List<FieldSchema> schema, String viewQuery, long creationTime,
    long lastModifiedTime, String description, String labelsJson, Long expirationTime) {
  boolean isView() {
    return kind.equals("VIEW");
  }
}
