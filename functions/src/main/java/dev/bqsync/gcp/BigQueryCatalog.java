package dev.bqsync.gcp;

import com.google.api.gax.paging.Page;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.Dataset;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableDefinition;
import com.google.cloud.bigquery.TableId;
import dev.bqsync.core.NeedsAttentionException;
import dev.bqsync.core.catalog.CatalogColumn;
import dev.bqsync.core.catalog.CatalogPage;
import dev.bqsync.core.catalog.DatasetSummary;
import dev.bqsync.core.catalog.TableDetail;
import dev.bqsync.core.catalog.TableSummary;
import dev.bqsync.core.config.TableRef;
import dev.bqsync.port.Catalog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog through datasets.list, tables.list and tables.get with the tenant's client. tables.list
 * does not say how many rows a table has, so each table of a page is read with tables.get: a page
 * costs one call per table, which is why pages are small (at most 100).
 */
public final class BigQueryCatalog implements Catalog {
  private final BigQuery bigquery;

  public BigQueryCatalog(BigQuery bigquery) {
    this.bigquery = bigquery;
  }

  @Override
  public CatalogPage<DatasetSummary> datasets(String project, String pageToken, int pageSize) {
    Page<Dataset> page = BigQueryCalls.call("listing the datasets of " + project, () -> bigquery.listDatasets(project,
        options(pageToken, pageSize, BigQuery.DatasetListOption::pageToken, BigQuery.DatasetListOption::pageSize)
            .toArray(BigQuery.DatasetListOption[]::new)));
    List<DatasetSummary> out = new ArrayList<>();
    for (Dataset d : page.getValues()) {
      out.add(new DatasetSummary(project, d.getDatasetId().getDataset(), d.getLocation()));
    }
    return new CatalogPage<>(out, page.hasNextPage() ? page.getNextPageToken() : null);
  }

  @Override
  public CatalogPage<TableSummary> tables(String project, String dataset, String pageToken, int pageSize) {
    Page<Table> page = BigQueryCalls.call("listing the tables of " + project + "." + dataset, () -> bigquery.listTables(
        DatasetId.of(project, dataset), options(pageToken, pageSize, BigQuery.TableListOption::pageToken,
            BigQuery.TableListOption::pageSize).toArray(BigQuery.TableListOption[]::new)));
    if (page == null) {
      throw new NeedsAttentionException("dataset " + project + "." + dataset + " does not exist or the connection "
          + "cannot see it: pick one of the project's datasets");
    }
    List<TableSummary> out = new ArrayList<>();
    for (Table listed : page.getValues()) {
      TableRef ref = new TableRef(project, dataset, listed.getTableId().getTable());
      Table full = get(ref);
      out.add(summary(ref, full == null ? listed : full));
    }
    return new CatalogPage<>(out, page.hasNextPage() ? page.getNextPageToken() : null);
  }

  @Override
  public TableDetail table(TableRef ref) {
    Table table = get(ref);
    if (table == null) {
      throw new NeedsAttentionException("table " + ref + " does not exist or the connection cannot see it: pick one "
          + "of the dataset's tables");
    }
    List<CatalogColumn> columns = new ArrayList<>();
    Schema schema = table.getDefinition().getSchema();
    if (schema != null) {
      for (Field field : schema.getFields()) {
        columns.add(new CatalogColumn(field.getName(), BigQueryUsageSource.type(field),
            field.getMode() == null ? "NULLABLE" : field.getMode().name(), field.getDescription()));
      }
    }
    return new TableDetail(summary(ref, table), columns);
  }

  private Table get(TableRef ref) {
    return BigQueryCalls.call("reading " + ref, () -> bigquery.getTable(TableId.of(ref.project(), ref.dataset(),
        ref.table())));
  }

  private static TableSummary summary(TableRef ref, Table table) {
    TableDefinition definition = table.getDefinition();
    String kind = definition == null || definition.getType() == null ? "TABLE" : definition.getType().name();
    Long rows = table.getNumRows() == null ? null : table.getNumRows().longValue();
    Instant modified = table.getLastModifiedTime() == null ? null : Instant.ofEpochMilli(table.getLastModifiedTime());
    return new TableSummary(ref, kind, kind.contains("VIEW") ? null : rows, modified);
  }

  private static <O> List<O> options(String pageToken, int pageSize, java.util.function.Function<String, O> token,
      java.util.function.LongFunction<O> size) {
    List<O> out = new ArrayList<>();
    out.add(size.apply(pageSize));
    if (pageToken != null) {
      out.add(token.apply(pageToken));
    }
    return out;
  }
}
