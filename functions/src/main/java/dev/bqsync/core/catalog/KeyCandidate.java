package dev.bqsync.core.catalog;

import dev.bqsync.core.usage.ColumnType;

/** A column considered as a key: whether it qualifies, and why (or why not), with its numbers. */
public record KeyCandidate(String column, ColumnType type, boolean suitable, String reason) {}
