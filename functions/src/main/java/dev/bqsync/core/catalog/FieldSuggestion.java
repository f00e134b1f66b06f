package dev.bqsync.core.catalog;

import dev.bqsync.core.config.Direction;

/** A suggested field mapping: the column, the CRM field, the directions its types allow, and why. */
public record FieldSuggestion(String column, String crm, Direction direction, String reason) {}
