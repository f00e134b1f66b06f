package dev.bqsync.core.usage;

/**
 * A column of a source table or view. {@code required} is BigQuery's REQUIRED mode (NOT NULL): a
 * null sent to it is refused before anything is written.
 */
public record SourceColumn(String name, ColumnType type, boolean repeated, boolean required) {
  /** A NULLABLE (or REPEATED) column. */
  public SourceColumn(String name, ColumnType type, boolean repeated) {
    this(name, type, repeated, false);
  }

  public String describe() {
    return repeated ? "ARRAY<" + type + ">" : type.name();
  }
}
