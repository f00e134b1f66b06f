package dev.bqsync.core.config;

/** How a custom metric's values for one (record, dimension, day) combine. */
public enum Aggregation {
  /** Add the values of the day's rows. */
  SUM,
  /** Keep the value of the row with the highest key. */
  LAST
}
