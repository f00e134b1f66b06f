package dev.bqsync.emulator;

/** A table or view: project, dataset, table. */
record TableName(String project, String dataset, String table) {
  /** BigQuery's own way of writing it in messages: {@code project:dataset.table}. */
  String display() {
    return project + ":" + dataset + "." + table;
  }
}
