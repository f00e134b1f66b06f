package dev.bqsync.core.usage;

/** The BigQuery types a source column can have (standard SQL names). */
public enum ColumnType {
  INT64, FLOAT64, NUMERIC, BIGNUMERIC, BOOL, STRING, BYTES, DATE, DATETIME, TIME, TIMESTAMP, JSON, STRUCT,
  GEOGRAPHY, INTERVAL, RANGE, OTHER;

  public boolean isNumeric() {
    return this == INT64 || this == FLOAT64 || this == NUMERIC || this == BIGNUMERIC;
  }
}
