package dev.bqsync.gcp;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.Dataset;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableInfo;
import com.google.cloud.bigquery.TableResult;
import dev.bqsync.core.NeedsAttentionException;
import dev.bqsync.core.config.DatasetRef;
import dev.bqsync.core.config.Identifiers;
import dev.bqsync.core.config.TableRef;
import dev.bqsync.core.crm.ChangeRead;
import dev.bqsync.core.crm.NextSyncState;
import dev.bqsync.core.crm.SyncPlan;
import dev.bqsync.core.crm.SyncedKey;
import dev.bqsync.core.crm.WarehouseWriteResult;
import dev.bqsync.core.usage.ColumnType;
import dev.bqsync.core.usage.SourceRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The CRM sync's last-synced state in the tenant's BigQuery: one table per section,
 * {@code {stateDataset}.crm_{sectionId}}, one row per key (docs/crm-sync.md, *Incremental sync*).
 * The change query compares the source with it inside BigQuery, so only the keys that changed
 * travel to the function; a row's hash is BigQuery's FARM_FINGERPRINT of its key and mapped columns
 * as the table holds them, so Java never re-creates BigQuery's text of a value. Writes reuse the CRM
 * sync's MERGE (staged past one request, so a large state write is one MERGE too).
 */
public final class BigQueryCrmSyncState implements dev.bqsync.port.CrmSyncState {
  static final String TABLE_PREFIX = "crm_";
  /** Record ids are joined by a character no Firestore document id holds. */
  static final String ID_SEPARATOR = "/";
  private static final Map<String, ColumnType> COLUMNS = new LinkedHashMap<>();

  static {
    COLUMNS.put("warehouse_key", ColumnType.STRING);
    COLUMNS.put("record_ids", ColumnType.STRING);
    COLUMNS.put("row_hash", ColumnType.INT64);
    COLUMNS.put("rejected", ColumnType.STRING);
    COLUMNS.put("row_deleted", ColumnType.BOOL);
    COLUMNS.put("record_deleted", ColumnType.BOOL);
    COLUMNS.put("synced_at", ColumnType.TIMESTAMP);
    COLUMNS.put("run_id", ColumnType.STRING);
  }

  private final BigQuery bigquery;
  private final BigQueryCrmWarehouse writer;

  public BigQueryCrmSyncState(BigQuery bigquery, BigQueryCrmWarehouse writer) {
    this.bigquery = bigquery;
    this.writer = writer;
  }

  @Override
  public TableRef prepare(DatasetRef dataset, String location, String sectionId, Map<String, String> labels) {
    Identifiers.sectionIdProblem(sectionId).ifPresent(p -> {
      throw new IllegalArgumentException("refused section id for a state table: " + p);
    });
    TableRef table = dataset.table(TABLE_PREFIX + sectionId);
    Dataset existing = BigQueryCalls.call("reading the state dataset " + dataset,
        () -> bigquery.getDataset(DatasetId.of(dataset.project(), dataset.dataset())));
    if (existing == null) {
      DatasetInfo info = DatasetInfo.newBuilder(dataset.project(), dataset.dataset()).setLocation(location)
          .setLabels(Map.of("bqsync", "state")).setDescription("bqsync's CRM sync state: do not edit").build();
      try {
        BigQueryCalls.call("creating the state dataset " + dataset, () -> bigquery.create(info));
      } catch (NeedsAttentionException e) {
        throw new NeedsAttentionException("the state dataset " + dataset + " does not exist and could not be created ("
            + e.getMessage() + "); create it in " + location + " and grant the connected account "
            + "roles/bigquery.dataEditor on it, or grant bigquery.datasets.create on " + dataset.project(), e);
      }
    } else if (existing.getLocation() != null && !existing.getLocation().equalsIgnoreCase(location)) {
      throw new NeedsAttentionException("the state dataset " + dataset + " is in " + existing.getLocation()
          + " but this tenant's jobs run in " + location + ": name a dataset in " + location
          + " as connection.stateDataset");
    }
    Table current = BigQueryCalls.call("reading the state table " + table,
        () -> bigquery.getTable(TableId.of(table.project(), table.dataset(), table.table())));
    if (current == null) {
      List<Field> fields = new ArrayList<>(List.of(Field.newBuilder("key", StandardSQLTypeName.STRING)
          .setMode(Field.Mode.REQUIRED).build()));
      COLUMNS.forEach((name, type) -> fields.add(Field.of(name, sqlType(type))));
      TableInfo info = TableInfo.newBuilder(TableId.of(table.project(), table.dataset(), table.table()),
          StandardTableDefinition.newBuilder().setSchema(Schema.of(fields))
              .setClustering(com.google.cloud.bigquery.Clustering.newBuilder().setFields(List.of("key")).build()).build())
          .setLabels(labels(labels)).setDescription("bqsync: last-synced state of CRM section " + sectionId).build();
      try {
        BigQueryCalls.call("creating the state table " + table, () -> bigquery.create(info));
      } catch (NeedsAttentionException e) {
        throw new NeedsAttentionException("the state table " + table + " could not be created (" + e.getMessage()
            + "); grant the connected account roles/bigquery.dataEditor on the dataset " + dataset, e);
      }
    }
    return table;
  }

  private static Map<String, String> labels(Map<String, String> labels) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : List.of("tenant", "section")) {
      if (labels.containsKey(name)) {
        out.put(name, labels.get(name));
      }
    }
    out.put("bqsync", "state");
    return out;
  }

  @Override
  public ChangeRead changes(TableRef source, String keyColumn, boolean emailKey, List<String> columns, TableRef state,
      Set<String> crmKeys, Set<String> crmIds, boolean full, Map<String, String> labels, Long maximumBytesBilled) {
    String sql = changeSql(source, keyColumn, emailKey, columns, state, full);
    QueryJobConfiguration.Builder config = QueryJobConfiguration.newBuilder(sql).setUseLegacySql(false)
        .setLabels(labels).setMaximumBytesBilled(maximumBytesBilled);
    if (!full) {
      config.addNamedParameter("crm_keys", QueryParameterValue.array(crmKeys.toArray(String[]::new), String.class))
          .addNamedParameter("crm_ids", QueryParameterValue.array(crmIds.toArray(String[]::new), String.class));
    }
    TableResult page = BigQueryCalls.query(bigquery, config, null, "reading the changes of " + source);
    FieldList fields = page.getSchema().getFields();
    String[] names = new String[columns.size() + 1];
    for (int i = 0; i < columns.size(); i++) {
      names[i] = columns.get(i);
    }
    names[columns.size()] = NextSyncState.ROW_HASH;
    int stateAt = columns.size() + 5; // _present, _raw, columns..., _h, _k, _n, then the state's columns
    List<SourceRow> rows = new ArrayList<>();
    Map<String, SyncedKey> entries = new HashMap<>();
    long transferred = 0;
    while (true) {
      for (FieldValueList row : page.getValues()) {
        transferred++;
        if (!row.get(0).isNull()) {
          Object[] values = new Object[names.length];
          for (int i = 0; i < columns.size(); i++) {
            values[i] = BigQueryUsageSource.value(fields.get(i + 2), row.get(i + 2));
          }
          values[columns.size()] = row.get(columns.size() + 2).isNull() ? null
              : row.get(columns.size() + 2).getLongValue();
          rows.add(new SourceRow(BigQueryUsageSource.value(fields.get(1), row.get(1)),
              new dev.bqsync.core.FixedKeyMap(names, values)));
        }
        if (!row.get(stateAt).isNull()) {
          String key = row.get(stateAt).getStringValue();
          entries.putIfAbsent(key, entry(row, stateAt));
        }
      }
      if (!page.hasNextPage()) {
        dev.bqsync.core.RunMeter.rowsTransferred(transferred);
        return new ChangeRead(rows, entries);
      }
      TableResult current = page;
      page = BigQueryCalls.call("reading the next page of the changes of " + source, current::getNextPage);
    }
  }

  @Override
  public dev.bqsync.core.crm.MassChangeGuard.Population population(TableRef state, Map<String, String> labels,
      Long maximumBytesBilled) {
    TableResult result = BigQueryCalls.query(bigquery, QueryJobConfiguration.newBuilder("SELECT COUNTIF(record_ids IS "
        + "NOT NULL AND NOT IFNULL(record_deleted, FALSE)) AS records, COUNTIF(warehouse_key IS NOT NULL AND NOT "
        + "IFNULL(row_deleted, FALSE)) AS row_count FROM " + state.sql()).setUseLegacySql(false).setLabels(labels)
        .setMaximumBytesBilled(maximumBytesBilled), null, "counting the keys of " + state);
    FieldValueList row = result.getValues().iterator().next();
    return new dev.bqsync.core.crm.MassChangeGuard.Population(row.get(0).getLongValue(), row.get(1).getLongValue());
  }

  private static SyncedKey entry(FieldValueList row, int at) {
    String ids = text(row.get(at + 2));
    return new SyncedKey(row.get(at).getStringValue(), text(row.get(at + 1)),
        ids == null || ids.isEmpty() ? List.of() : Arrays.asList(ids.split(ID_SEPARATOR, -1)),
        row.get(at + 3).isNull() ? null : row.get(at + 3).getLongValue(), text(row.get(at + 4)),
        !row.get(at + 5).isNull() && row.get(at + 5).getBooleanValue(),
        !row.get(at + 6).isNull() && row.get(at + 6).getBooleanValue());
  }

  private static String text(FieldValue value) {
    return value.isNull() ? null : value.getStringValue();
  }

  /**
   * The change query (docs/crm-sync.md): the source with its normalised key, hash and carriers,
   * FULL OUTER JOINed with the state on the key. Keys with a character outside printable ASCII are
   * always returned, since BigQuery's LOWER and TRIM and Java's may differ there; the planner
   * normalises every key itself.
   */
  static String changeSql(TableRef source, String keyColumn, boolean emailKey, List<String> columns, TableRef state,
      boolean full) {
    String key = Identifiers.quote(keyColumn);
    String k = emailKey ? "LOWER(TRIM(" + key + "))" : key;
    StringBuilder hash = new StringBuilder("STRUCT(" + key + " AS _c0");
    StringBuilder select = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      String column = Identifiers.quote(columns.get(i));
      hash.append(", ").append(column).append(" AS _c").append(i + 1);
      select.append(", ").append(column);
    }
    hash.append(")");
    String src = "SELECT TRUE AS _present, " + key + " AS _raw" + select + ", FARM_FINGERPRINT(TO_JSON_STRING(" + hash
        + ")) AS _h, " + k + " AS _k, COUNT(*) OVER (PARTITION BY " + k + ") AS _n FROM " + source.sql();
    StringBuilder out = new StringBuilder("WITH src AS (").append(src).append(") SELECT src._present, src._raw");
    for (String column : columns) {
      out.append(", src.").append(Identifiers.quote(column));
    }
    out.append(", src._h, src._k, src._n, st.`key`, st.warehouse_key, st.record_ids, st.row_hash, st.rejected, "
        + "st.row_deleted, st.record_deleted FROM src FULL OUTER JOIN ").append(state.sql())
        .append(" st ON src._k = st.`key`");
    if (!full) {
      out.append(" WHERE (src._present AND (src._raw IS NULL OR TRIM(src._raw) = ''"
          + " OR REGEXP_CONTAINS(src._raw, r'[^\\x20-\\x7E]') OR src._n > 1 OR st.`key` IS NULL"
          + " OR st.rejected IS NOT NULL OR st.row_hash IS NULL OR st.row_hash != src._h"
          + " OR src._k IN UNNEST(@crm_keys) OR st.record_ids IN UNNEST(@crm_ids)))"
          + " OR (src._present IS NULL AND ((st.warehouse_key IS NOT NULL AND NOT IFNULL(st.row_deleted, FALSE))"
          + " OR st.rejected IS NOT NULL OR st.`key` IN UNNEST(@crm_keys) OR st.record_ids IN UNNEST(@crm_ids)))");
    }
    return out.toString();
  }

  @Override
  public int write(TableRef state, NextSyncState.Change change, String runId, Instant syncedAt,
      Map<String, String> labels, Long maximumBytesBilled) {
    int jobs = 0;
    if (!change.upserts().isEmpty()) {
      List<SyncPlan.WarehouseWrite> writes = new ArrayList<>(change.upserts().size());
      for (SyncedKey entry : change.upserts()) {
        Map<String, Object> values = new HashMap<>();
        values.put("warehouse_key", entry.warehouseKey());
        values.put("record_ids", entry.recordIds().isEmpty() ? null : String.join(ID_SEPARATOR, entry.recordIds()));
        values.put("row_hash", entry.rowHash());
        values.put("rejected", entry.rejected());
        values.put("row_deleted", entry.rowDeleted());
        values.put("record_deleted", entry.recordDeleted());
        values.put("synced_at", syncedAt);
        values.put("run_id", runId);
        writes.add(new SyncPlan.WarehouseWrite(entry.key(), true, values));
      }
      WarehouseWriteResult written = writer.merge(state, "key", COLUMNS, writes, labels, maximumBytesBilled);
      if (!written.refused().isEmpty()) {
        throw new IllegalStateException("BigQuery refused state rows of " + state + ": " + written.refused());
      }
      jobs += written.jobs();
    }
    List<String> removals = change.removals();
    for (int from = 0; from < removals.size(); from += 10_000) {
      List<String> chunk = removals.subList(from, Math.min(removals.size(), from + 10_000));
      BigQueryCalls.query(bigquery, QueryJobConfiguration.newBuilder("DELETE FROM " + state.sql()
          + " WHERE `key` IN UNNEST(@keys)").setUseLegacySql(false)
          .addNamedParameter("keys", QueryParameterValue.array(chunk.toArray(String[]::new), String.class))
          .setLabels(labels).setMaximumBytesBilled(maximumBytesBilled), null, "removing keys from " + state);
      jobs++;
    }
    return jobs;
  }

  private static StandardSQLTypeName sqlType(ColumnType type) {
    return switch (type) {
      case STRING -> StandardSQLTypeName.STRING;
      case INT64 -> StandardSQLTypeName.INT64;
      case BOOL -> StandardSQLTypeName.BOOL;
      case TIMESTAMP -> StandardSQLTypeName.TIMESTAMP;
      default -> throw new IllegalArgumentException("no state column is " + type.name().toLowerCase(Locale.ROOT));
    };
  }
}
