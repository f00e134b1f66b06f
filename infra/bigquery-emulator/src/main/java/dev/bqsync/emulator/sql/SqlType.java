package dev.bqsync.emulator.sql;

import java.util.List;

/**
 * A GoogleSQL type as DuckDB will store it. {@code duck} is the DuckDB type text; for STRUCT,
 * {@code fieldNames} are its fields in order; for ARRAY, {@code element} is the item type.
 */
public record SqlType(String duck, List<String> fieldNames, SqlType element) {
  public boolean isArray() {
    return element != null;
  }

  public boolean isStruct() {
    return !fieldNames.isEmpty();
  }
}
