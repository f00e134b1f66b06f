package dev.bqsync.port;

import dev.bqsync.core.catalog.CatalogPage;
import dev.bqsync.core.catalog.DatasetSummary;
import dev.bqsync.core.catalog.TableDetail;
import dev.bqsync.core.catalog.TableSummary;
import dev.bqsync.core.config.TableRef;

/**
 * Browses a tenant's BigQuery through its own connection: datasets of a project, tables and views
 * of a dataset, one table's columns. No query runs; NeedsAttentionException says what a person must
 * fix (no access, no such dataset).
 */
public interface Catalog {
  CatalogPage<DatasetSummary> datasets(String project, String pageToken, int pageSize);

  CatalogPage<TableSummary> tables(String project, String dataset, String pageToken, int pageSize);

  TableDetail table(TableRef ref);
}
