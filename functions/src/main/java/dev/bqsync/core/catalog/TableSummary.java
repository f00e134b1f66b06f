package dev.bqsync.core.catalog;

import dev.bqsync.core.config.TableRef;
import java.time.Instant;

/**
 * A table or view of a dataset: {@code kind} as BigQuery names it (TABLE, VIEW, MATERIALIZED_VIEW,
 * EXTERNAL, SNAPSHOT); rows and last modification when BigQuery says (null for views).
 */
public record TableSummary(TableRef ref, String kind, Long rows, Instant lastModified) {
  public boolean view() {
    return kind.contains("VIEW");
  }
}
