package dev.bqsync.core.usage;

import dev.bqsync.core.config.TableRef;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What tables.get says of a source: table or view, its columns (by lower-case name: BigQuery
 * column names are case-insensitive) and lastModifiedTime (null for views, and for tables with rows in the
 * streaming buffer, whose lastModifiedTime does not yet say whether they changed).
 */
public record SourceTable(TableRef ref, boolean view, Map<String, SourceColumn> columns, Long lastModifiedTime) {
  public SourceTable {
    columns = Map.copyOf(columns);
  }

  public Optional<SourceColumn> column(String name) {
    return Optional.ofNullable(columns.get(name.toLowerCase(Locale.ROOT)));
  }
}
