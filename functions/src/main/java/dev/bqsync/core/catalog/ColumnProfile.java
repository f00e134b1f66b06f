package dev.bqsync.core.catalog;

/**
 * What one profiling query found about a column: distinct values, NULLs, and (for STRING columns)
 * values that are not 1-32 digits, the rule for text usage keys.
 */
public record ColumnProfile(String column, long distinct, long nulls, Long notDigits) {}
