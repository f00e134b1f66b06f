package dev.bqsync.core.usage;

/** A column of a source table or view. */
public record SourceColumn(String name, ColumnType type, boolean repeated) {
  public String describe() {
    return (repeated ? "ARRAY<" + type + ">" : type.name());
  }
}
