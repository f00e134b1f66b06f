package dev.bqsync.core.catalog;

import dev.bqsync.core.usage.ColumnType;

/** A column as the catalog shows it: name, type, and mode (NULLABLE, REQUIRED or REPEATED). */
public record CatalogColumn(String name, ColumnType type, String mode, String description) {
  public boolean repeated() {
    return "REPEATED".equals(mode);
  }
}
