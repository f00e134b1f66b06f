package dev.bqsync.core.config;

/** A standard field of a CRM model. Read-only fields (the native id) can only be sent to BigQuery. */
public record CrmField(String name, FieldType type, boolean readOnly) {}
