package dev.bqsync.core.catalog;

import java.util.List;

/** A table or view with its columns in schema order. */
public record TableDetail(TableSummary summary, List<CatalogColumn> columns) {
  public TableDetail {
    columns = List.copyOf(columns);
  }
}
