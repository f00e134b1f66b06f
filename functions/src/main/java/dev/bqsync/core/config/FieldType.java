package dev.bqsync.core.config;

/** The type of a CRM field, used to check that a mapped column can convert to and from it. */
public enum FieldType {
  STRING, INTEGER, NUMBER, BOOLEAN, DATE, TIMESTAMP, JSON,
  /** Custom fields: their type is whatever the mapped column holds. */
  ANY
}
