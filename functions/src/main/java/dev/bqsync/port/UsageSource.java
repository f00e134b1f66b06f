package dev.bqsync.port;

import dev.bqsync.core.config.TableRef;
import dev.bqsync.core.usage.KeyColumns;
import dev.bqsync.core.usage.RowKey;
import dev.bqsync.core.usage.SourceTable;
import java.util.Map;
import java.util.Optional;

/** Reads a tenant's usage tables. Failures that need a person come as NeedsAttentionException. */
public interface UsageSource {
  /** Table or view, columns and lastModifiedTime; no query. */
  SourceTable describe(TableRef table);

  /** Runs the pull's one query. */
  RowStream read(UsageQuery query);

  /** The highest key in the table (a second query, only to explain a table that went backwards). */
  Optional<RowKey> maxKey(TableRef table, KeyColumns key, Map<String, String> labels, Long maximumBytesBilled);
}
