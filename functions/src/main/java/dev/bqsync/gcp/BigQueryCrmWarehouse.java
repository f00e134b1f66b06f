package dev.bqsync.gcp;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableInfo;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.TableResult;
import dev.bqsync.core.NeedsAttentionException;
import dev.bqsync.core.config.Identifiers;
import dev.bqsync.core.config.TableRef;
import dev.bqsync.core.crm.SyncPlan;
import dev.bqsync.core.crm.WarehouseWriteResult;
import dev.bqsync.core.state.RejectedRow;
import dev.bqsync.core.usage.RejectionReason;
import dev.bqsync.core.usage.ColumnType;
import dev.bqsync.core.usage.SourceRow;
import dev.bqsync.core.usage.SourceTable;
import dev.bqsync.port.CrmWarehouse;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CRM sections' tables on google-cloud-bigquery: one query reads every row; one MERGE writes the
 * changed and new rows, staged as an {@code ARRAY<STRUCT>} parameter ({@code UNNEST(@rows)}), or,
 * past one request's size limit, in a staging table first, so the target always gets one MERGE.
 * Each row carries a "set" flag per column, so a MERGE changes only the columns the plan changes
 * and leaves a column edited meanwhile by someone else alone.
 */
public final class BigQueryCrmWarehouse implements CrmWarehouse {
  /** BigQuery caps a request at 10 MB; a MERGE is split only past this many bytes of parameters. */
  static final long MAX_PARAMETER_BYTES = 8L * 1024 * 1024;
  /** Staging tables are named with this prefix, a random suffix, and expire after this long. */
  static final String STAGE_PREFIX = "_bqsync_stage_";
  static final Duration STAGE_LIFETIME = Duration.ofDays(1);
  /** The most MERGEs spent isolating refused rows: about 2 log2(n) per refused row of n. */
  static final int MAX_ISOLATION_JOBS = 40;
  /** DATETIME (and, in UTC, TIMESTAMP) text at microseconds, as parameters and staged loads send it. */
  static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  private final BigQuery bigquery;
  private final long maxParameterBytes;
  private final Clock clock;

  public BigQueryCrmWarehouse(BigQuery bigquery) {
    this(bigquery, MAX_PARAMETER_BYTES, Clock.systemUTC());
  }

  /** {@code maxParameterBytes} smaller than BigQuery's limit lets tests stage a few rows. */
  BigQueryCrmWarehouse(BigQuery bigquery, long maxParameterBytes, Clock clock) {
    this.bigquery = bigquery;
    this.maxParameterBytes = maxParameterBytes;
    this.clock = clock;
  }

  @Override
  public SourceTable describe(TableRef table) {
    return new BigQueryUsageSource(bigquery).describe(table);
  }

  @Override
  public List<SourceRow> readAll(TableRef table, String keyColumn, List<String> columns, Map<String, String> labels,
      Long maximumBytesBilled) {
    StringBuilder sql = new StringBuilder("SELECT ").append(Identifiers.quote(keyColumn));
    for (String column : columns) {
      sql.append(", ").append(Identifiers.quote(column));
    }
    sql.append(" FROM ").append(table.sql());
    TableResult page = BigQueryCalls.query(bigquery, QueryJobConfiguration.newBuilder(sql.toString())
        .setUseLegacySql(false).setLabels(labels).setMaximumBytesBilled(maximumBytesBilled), null, "reading " + table);
    FieldList fields = page.getSchema().getFields();
    String[] names = columns.toArray(String[]::new);
    List<SourceRow> rows = new ArrayList<>();
    while (true) {
      for (FieldValueList row : page.getValues()) {
        Object[] values = new Object[names.length];
        for (int i = 1; i < fields.size(); i++) {
          values[i - 1] = BigQueryUsageSource.value(fields.get(i), row.get(i));
        }
        rows.add(new SourceRow(BigQueryUsageSource.value(fields.get(0), row.get(0)),
            new dev.bqsync.core.FixedKeyMap(names, values)));
      }
      if (!page.hasNextPage()) {
        dev.bqsync.core.RunMeter.rowsTransferred(rows.size());
        return rows;
      }
      TableResult current = page;
      page = BigQueryCalls.call("reading the next page of " + table, current::getNextPage);
    }
  }

  @Override
  public WarehouseWriteResult merge(TableRef table, String keyColumn, Map<String, ColumnType> columnTypes,
      List<SyncPlan.WarehouseWrite> writes, Map<String, String> labels, Long maximumBytesBilled) {
    if (writes.isEmpty()) {
      return WarehouseWriteResult.written(0);
    }
    List<String> columns = new ArrayList<>();
    for (SyncPlan.WarehouseWrite write : writes) {
      for (String column : write.values().keySet()) {
        if (!column.equals(keyColumn) && !columns.contains(column)) {
          columns.add(column);
        }
      }
    }
    // Rows that carry out onDelete DELETE: only then do the rows hold a delete flag and the MERGE a DELETE clause.
    boolean deletes = writes.stream().anyMatch(SyncPlan.WarehouseWrite::deletes);
    // Each request's parameters are built when it is sent, so a large write holds one request's at a time.
    List<List<SyncPlan.WarehouseWrite>> groups = bySize(writes);
    try {
      if (groups.size() == 1) {
        run(mergeSql(table, keyColumn, columns, "(SELECT * FROM UNNEST(@rows))", deletes),
            rows(groups.get(0), keyColumn, columns, columnTypes, deletes), labels, maximumBytesBilled,
            "merging into " + table);
        return WarehouseWriteResult.written(1);
      }
      return WarehouseWriteResult.written(stagedMerge(table, keyColumn, columns, columnTypes, groups, labels,
          maximumBytesBilled, deletes));
    } catch (NeedsAttentionException e) {
      if (!RowRefusal.isRowLevel(e)) {
        throw e;
      }
      Isolation isolation = new Isolation(table, keyColumn, columns, columnTypes, labels, maximumBytesBilled, e,
          deletes);
      if (groups.size() == 1) {
        isolation.split(groups.get(0), e); // that one MERGE is the one refused: no need to try it again
      } else {
        groups.forEach(isolation::write); // the refusal came from the staged whole: try each request's rows
      }
      // the one MERGE; or the staging load (or inserts) and the MERGE
      int refusedAttempt = groups.size() == 1 ? 1 : loadable(columns, columnTypes) ? 2 : groups.size() + 1;
      return new WarehouseWriteResult(refusedAttempt + isolation.jobs, isolation.refused);
    }
  }

  /** The writes in groups of at most {@link #maxParameterBytes} of parameters each. */
  private List<List<SyncPlan.WarehouseWrite>> bySize(List<SyncPlan.WarehouseWrite> writes) {
    List<List<SyncPlan.WarehouseWrite>> groups = new ArrayList<>();
    List<SyncPlan.WarehouseWrite> group = new ArrayList<>();
    long bytes = 0;
    for (SyncPlan.WarehouseWrite write : writes) {
      long size = estimate(write);
      if (!group.isEmpty() && bytes + size > maxParameterBytes) {
        groups.add(group);
        group = new ArrayList<>();
        bytes = 0;
      }
      group.add(write);
      bytes += size;
    }
    groups.add(group);
    return groups;
  }

  /**
   * Finds the rows BigQuery refuses by writing halves: a half that is accepted is written (so the
   * section's write is no longer all-or-nothing once a row is refused; the next run plans what is
   * left), a refused single row is rejected with BigQuery's message. At most
   * {@link #MAX_ISOLATION_JOBS} jobs, after which the section fails needs-a-person: that many
   * refusals are about the data as a whole, not one row.
   */
  private final class Isolation {
    final TableRef table;
    final String keyColumn;
    final List<String> columns;
    final Map<String, ColumnType> types;
    final Map<String, String> labels;
    final Long maximumBytesBilled;
    final NeedsAttentionException first;
    final boolean deletes;
    final List<RejectedRow> refused = new ArrayList<>();
    int jobs;

    Isolation(TableRef table, String keyColumn, List<String> columns, Map<String, ColumnType> types,
        Map<String, String> labels, Long maximumBytesBilled, NeedsAttentionException first, boolean deletes) {
      this.deletes = deletes;
      this.table = table;
      this.keyColumn = keyColumn;
      this.columns = columns;
      this.types = types;
      this.labels = labels;
      this.maximumBytesBilled = maximumBytesBilled;
      this.first = first;
    }

    void write(List<SyncPlan.WarehouseWrite> group) {
      if (jobs >= MAX_ISOLATION_JOBS) {
        throw new NeedsAttentionException("BigQuery refused the MERGE into " + table + " (" + first.getMessage()
            + ") and " + MAX_ISOLATION_JOBS + " smaller MERGEs did not isolate the rows it refuses (" + refused.size()
            + " found so far); fix the rows or the column's mode, then run again", first);
      }
      jobs++;
      try {
        run(mergeSql(table, keyColumn, columns, "(SELECT * FROM UNNEST(@rows))", deletes),
            rows(group, keyColumn, columns, types, deletes), labels, maximumBytesBilled,
            "merging into " + table);
      } catch (NeedsAttentionException e) {
        if (!RowRefusal.isRowLevel(e)) {
          throw e;
        }
        split(group, e);
      }
    }

    /** A refused group: a single row is rejected with BigQuery's words, a larger one is tried by halves. */
    void split(List<SyncPlan.WarehouseWrite> group, NeedsAttentionException refusal) {
      if (group.size() == 1) {
        refused.add(new RejectedRow(group.get(0).key(), RejectionReason.WAREHOUSE_REFUSED.name(),
            RowRefusal.message(refusal)));
        return;
      }
      write(group.subList(0, group.size() / 2));
      write(group.subList(group.size() / 2, group.size()));
    }
  }

  /**
   * Rows past one request's size limit are first loaded into a staging table next to the target (one
   * load job, which BigQuery does not bill; INSERT jobs of one request each when a column is JSON),
   * the target untouched, then written with ONE MERGE from it, so the
   * target gets all of the section's changes or none: a failure before or during the MERGE leaves
   * the target as it was and the next run plans the same writes again. The staging table expires
   * after a day if it cannot be dropped (a crash), and is dropped after the MERGE otherwise.
   */
  private int stagedMerge(TableRef table, String keyColumn, List<String> columns, Map<String, ColumnType> types,
      List<List<SyncPlan.WarehouseWrite>> groups, Map<String, String> labels, Long maximumBytesBilled,
      boolean deletes) {
    TableRef stage = new TableRef(table.project(), table.dataset(),
        STAGE_PREFIX + java.util.UUID.randomUUID().toString().replace("-", ""));
    Schema schema = createStage(stage, table, columns, types, labels, deletes);
    int jobs = 0;
    try {
      if (loadable(columns, types)) {
        List<SyncPlan.WarehouseWrite> all = groups.stream().flatMap(List::stream).toList();
        BigQueryCalls.load(bigquery, TableId.of(stage.project(), stage.dataset(), stage.table()), schema, labels,
            out -> StagedRows.write(out, all, columns, types, deletes), "loading the rows staged for " + table);
        jobs++;
      } else {
        jobs += insertStaged(stage, table, keyColumn, columns, types, groups, labels, maximumBytesBilled, deletes);
      }
      BigQueryCalls.query(bigquery, QueryJobConfiguration.newBuilder(mergeSql(table, keyColumn, columns, stage.sql(),
          deletes))
          .setUseLegacySql(false).setLabels(labels).setMaximumBytesBilled(maximumBytesBilled), null,
          "merging the staged rows into " + table);
      return jobs + 1;
    } finally {
      dropQuietly(stage);
    }
  }

  /** Staged rows go in with one load job unless a column is JSON (see {@link StagedRows}). */
  private static boolean loadable(List<String> columns, Map<String, ColumnType> types) {
    return columns.stream().noneMatch(c -> types.get(c) == ColumnType.JSON);
  }

  /**
   * Fills the staging table with INSERT jobs of one request's parameters each: for rows with a JSON
   * column, whose text a load would take as a JSON string rather than parse.
   */
  private int insertStaged(TableRef stage, TableRef table, String keyColumn, List<String> columns,
      Map<String, ColumnType> types, List<List<SyncPlan.WarehouseWrite>> groups, Map<String, String> labels,
      Long maximumBytesBilled, boolean deletes) {
    int jobs = 0;
    String flags = deletes ? "_k, _i, _d" : "_k, _i";
    StringBuilder insert = new StringBuilder("INSERT INTO ").append(stage.sql()).append(" (").append(flags);
    StringBuilder select = new StringBuilder(" SELECT ").append(flags);
    for (int i = 0; i < columns.size(); i++) {
      insert.append(", _v").append(i).append(", _s").append(i);
      select.append(", _v").append(i).append(", _s").append(i);
    }
    String sql = insert.append(")").append(select).append(" FROM UNNEST(@rows)").toString();
    for (List<SyncPlan.WarehouseWrite> group : groups) {
      run(sql, rows(group, keyColumn, columns, types, deletes), labels, maximumBytesBilled,
          "staging rows for " + table);
      jobs++;
    }
    return jobs;
  }

  private Schema createStage(TableRef stage, TableRef table, List<String> columns, Map<String, ColumnType> types,
      Map<String, String> labels, boolean deletes) {
    List<Field> fields = new ArrayList<>(List.of(Field.of("_k", StandardSQLTypeName.STRING),
        Field.of("_i", StandardSQLTypeName.BOOL)));
    if (deletes) {
      fields.add(Field.of("_d", StandardSQLTypeName.BOOL));
    }
    for (int i = 0; i < columns.size(); i++) {
      fields.add(Field.of("_v" + i, sqlType(types.get(columns.get(i)))));
      fields.add(Field.of("_s" + i, StandardSQLTypeName.BOOL));
    }
    TableInfo info = TableInfo.newBuilder(TableId.of(stage.project(), stage.dataset(), stage.table()),
        StandardTableDefinition.of(Schema.of(fields)))
        .setExpirationTime(clock.instant().plus(STAGE_LIFETIME).toEpochMilli()).setLabels(labels).build();
    try {
      BigQueryCalls.call("creating the staging table " + stage, () -> bigquery.create(info));
      return info.getDefinition().getSchema();
    } catch (NeedsAttentionException e) {
      throw new NeedsAttentionException("this run writes more rows to " + table + " than one MERGE request holds, so "
          + "they are staged in a table of dataset " + table.project() + "." + table.dataset() + " first, which was "
          + "refused (" + e.getMessage() + "); grant the connected account roles/bigquery.dataEditor on that dataset "
          + "(bigquery.tables.create and bigquery.tables.delete). Nothing was written", e);
    }
  }

  private void dropQuietly(TableRef stage) {
    try {
      bigquery.delete(TableId.of(stage.project(), stage.dataset(), stage.table()));
    } catch (RuntimeException e) {
      // It expires by itself (STAGE_LIFETIME); a failed drop must not turn a written run into a failed one.
    }
  }

  private static StandardSQLTypeName sqlType(ColumnType type) {
    return switch (type) {
      case STRING -> StandardSQLTypeName.STRING;
      case INT64 -> StandardSQLTypeName.INT64;
      case FLOAT64 -> StandardSQLTypeName.FLOAT64;
      case NUMERIC -> StandardSQLTypeName.NUMERIC;
      case BIGNUMERIC -> StandardSQLTypeName.BIGNUMERIC;
      case BOOL -> StandardSQLTypeName.BOOL;
      case DATE -> StandardSQLTypeName.DATE;
      case DATETIME -> StandardSQLTypeName.DATETIME;
      case TIMESTAMP -> StandardSQLTypeName.TIMESTAMP;
      case JSON -> StandardSQLTypeName.JSON;
      default -> throw new IllegalArgumentException("cannot write a " + type + " column");
    };
  }

  /**
   * The MERGE from {@code source}: the rows parameter, or a staging table of the same columns. With
   * {@code deletes}, a row flagged {@code _d} is deleted; that clause comes first, since BigQuery
   * takes the first WHEN clause that matches.
   */
  static String mergeSql(TableRef table, String keyColumn, List<String> columns, String source, boolean deletes) {
    String key = Identifiers.quote(keyColumn);
    StringBuilder sql = new StringBuilder("MERGE ").append(table.sql()).append(" T USING ").append(source).append(" S ON T.")
        .append(key).append(" = S._k");
    if (deletes) {
      sql.append(" WHEN MATCHED AND S._d THEN DELETE");
    }
    if (!columns.isEmpty()) {
      sql.append(" WHEN MATCHED THEN UPDATE SET ");
      for (int i = 0; i < columns.size(); i++) {
        String column = Identifiers.quote(columns.get(i));
        sql.append(i == 0 ? "" : ", ").append(column).append(" = IF(S._s").append(i).append(", S._v").append(i)
            .append(", T.").append(column).append(")");
      }
    }
    // Only planned inserts insert: an update whose row vanished (or changed its key) meanwhile
    // would otherwise come back as a new row holding just the changed columns.
    sql.append(" WHEN NOT MATCHED AND S._i THEN INSERT (").append(key);
    for (String column : columns) {
      sql.append(", ").append(Identifiers.quote(column));
    }
    sql.append(") VALUES (S._k");
    for (int i = 0; i < columns.size(); i++) {
      sql.append(", S._v").append(i);
    }
    return sql.append(")").toString();
  }

  private static List<QueryParameterValue> rows(List<SyncPlan.WarehouseWrite> group, String keyColumn,
      List<String> columns, Map<String, ColumnType> types, boolean deletes) {
    return group.stream().map(w -> row(w, keyColumn, columns, types, deletes)).toList();
  }

  private static QueryParameterValue row(SyncPlan.WarehouseWrite write, String keyColumn, List<String> columns,
      Map<String, ColumnType> types, boolean deletes) {
    Map<String, QueryParameterValue> fields = new LinkedHashMap<>();
    // The row's key as BigQuery holds it: the MERGE touches exactly the row the plan matched.
    fields.put("_k", QueryParameterValue.string(write.key()));
    fields.put("_i", QueryParameterValue.bool(write.insert()));
    if (deletes) {
      fields.put("_d", QueryParameterValue.bool(write.deletes()));
    }
    for (int i = 0; i < columns.size(); i++) {
      boolean set = write.values().containsKey(columns.get(i));
      fields.put("_v" + i, value(types.get(columns.get(i)), set ? write.values().get(columns.get(i)) : null));
      fields.put("_s" + i, QueryParameterValue.bool(set));
    }
    return QueryParameterValue.struct(fields);
  }

  static QueryParameterValue value(ColumnType type, Object value) {
    return switch (type) {
      case STRING -> QueryParameterValue.string((String) value);
      case INT64 -> value == null ? QueryParameterValue.of(null, StandardSQLTypeName.INT64)
          : QueryParameterValue.int64((Long) value);
      case FLOAT64 -> value == null ? QueryParameterValue.of(null, StandardSQLTypeName.FLOAT64)
          : QueryParameterValue.float64((Double) value);
      case NUMERIC -> QueryParameterValue.numeric((BigDecimal) value);
      case BIGNUMERIC -> QueryParameterValue.bigNumeric((BigDecimal) value);
      case BOOL -> value == null ? QueryParameterValue.of(null, StandardSQLTypeName.BOOL)
          : QueryParameterValue.bool((Boolean) value);
      case DATE -> QueryParameterValue.date(value == null ? null : value.toString());
      case DATETIME -> QueryParameterValue.dateTime(value == null ? null : DATETIME.format((LocalDateTime) value));
      case TIMESTAMP -> value == null ? QueryParameterValue.of(null, StandardSQLTypeName.TIMESTAMP)
          : QueryParameterValue.timestamp(micros((Instant) value));
      case JSON -> QueryParameterValue.json((String) value);
      default -> throw new IllegalArgumentException("cannot write a " + type + " column");
    };
  }

  /** Microseconds since the epoch; ChronoUnit.MICROS.between overflows (via nanoseconds) beyond about 292 years. */
  private static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
  }

  private void run(String sql, List<QueryParameterValue> rows, Map<String, String> labels, Long maximumBytesBilled,
      String what) {
    BigQueryCalls.query(bigquery, QueryJobConfiguration.newBuilder(sql).setUseLegacySql(false)
        .addNamedParameter("rows", QueryParameterValue.array(rows.toArray(QueryParameterValue[]::new),
            StandardSQLTypeName.STRUCT))
        .setLabels(labels).setMaximumBytesBilled(maximumBytesBilled), null, what);
  }

  private static long estimate(SyncPlan.WarehouseWrite write) {
    long size = 64 + write.key().length();
    for (Object value : write.values().values()) {
      size += 48 + (value == null ? 0 : value.toString().length());
    }
    return size;
  }

}
