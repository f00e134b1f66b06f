package dev.bqsync.gcp;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableDefinition;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableResult;
import dev.bqsync.core.NeedsAttentionException;
import dev.bqsync.core.config.Identifiers;
import dev.bqsync.core.config.TableRef;
import dev.bqsync.core.usage.ColumnType;
import dev.bqsync.core.usage.KeyColumns;
import dev.bqsync.core.usage.KeyWindow;
import dev.bqsync.core.usage.NumberKey;
import dev.bqsync.core.usage.RowKey;
import dev.bqsync.core.usage.SourceColumn;
import dev.bqsync.core.usage.SourceRow;
import dev.bqsync.core.usage.SourceTable;
import dev.bqsync.core.usage.TieBreak;
import dev.bqsync.core.usage.TimeKey;
import dev.bqsync.core.usage.UsageKey;
import dev.bqsync.port.RowStream;
import dev.bqsync.port.UsageQuery;
import dev.bqsync.port.UsageSource;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Usage tables on google-cloud-bigquery. The pull's query names only validated, quoted identifiers
 * from the config; the cursor goes in as a typed parameter. Results are read page by page as the
 * rows are consumed, each page fetch retried on 5xx.
 */
public final class BigQueryUsageSource implements UsageSource {
  static final String KEY_ALIAS = "_bqsync_key";
  static final String TIE_ALIAS = "_bqsync_tie";

  private final BigQuery bigquery;

  public BigQueryUsageSource(BigQuery bigquery) {
    this.bigquery = bigquery;
  }

  @Override
  public SourceTable describe(TableRef ref) {
    Table table = BigQueryCalls.call("reading " + ref,
        () -> bigquery.getTable(TableId.of(ref.project(), ref.dataset(), ref.table())));
    if (table == null) {
      throw new NeedsAttentionException("source " + ref + " does not exist in BigQuery: check the section's source "
          + "(project.dataset.table) and that the connected account can see it");
    }
    TableDefinition definition = table.getDefinition();
    boolean view = definition.getType() == TableDefinition.Type.VIEW
        || definition.getType() == TableDefinition.Type.MATERIALIZED_VIEW;
    Map<String, SourceColumn> columns = new HashMap<>();
    if (definition.getSchema() != null) {
      for (Field field : definition.getSchema().getFields()) {
        columns.put(field.getName().toLowerCase(Locale.ROOT), new SourceColumn(field.getName(), type(field),
            field.getMode() == Field.Mode.REPEATED, field.getMode() == Field.Mode.REQUIRED));
      }
    }
    // Rows in the streaming buffer need not have moved lastModifiedTime yet: while there are any, the
    // table has no change marker to trust, so the pull may not skip it (see docs/usage-pull.md).
    boolean streaming = definition instanceof StandardTableDefinition standard && standard.getStreamingBuffer() != null;
    return new SourceTable(ref, view, columns, view || streaming ? null : table.getLastModifiedTime());
  }

  @Override
  public RowStream read(UsageQuery query) {
    KeyColumns keys = query.key();
    String key = keyExpression(Identifiers.quote(keys.key()), keys.keyType());
    StringBuilder sql = new StringBuilder("SELECT ").append(Identifiers.quote(keys.key())).append(" AS ").append(KEY_ALIAS);
    String order = key;
    String tie = null;
    if (keys.isTime()) {
      tie = Identifiers.quote(keys.tieBreak());
      sql.append(", ").append(tie).append(" AS ").append(TIE_ALIAS);
      order = key + ", " + tie;
    }
    for (String column : query.columns()) {
      sql.append(", ").append(Identifiers.quote(column));
    }
    sql.append(" FROM ").append(query.table().sql());
    // Rows whose key or tie-break is null (or, for STRING keys, not 1-32 digits) cannot be placed after
    // the cursor: they are read on every run, so they are reported until fixed, never passed over.
    String unplaced = key + " IS NULL" + (tie == null ? "" : " OR " + tie + " IS NULL");
    KeyWindow.Start start = query.start();
    QueryJobConfiguration.Builder config;
    if (start == null) {
      config = QueryJobConfiguration.newBuilder(sql.append(" ORDER BY ").append(order).toString());
    } else if (start instanceof KeyWindow.AfterNumber after) {
      config = QueryJobConfiguration.newBuilder(sql.append(" WHERE ").append(key).append(" > @cursor OR ")
              .append(unplaced).append(" ORDER BY ").append(order).toString())
          .addNamedParameter("cursor", number(after.value(), keys.keyType()));
    } else if (start instanceof KeyWindow.After after) {
      // After (time, tie-break): a batch that ended inside a run of equal times resumes at the run's next row.
      config = QueryJobConfiguration.newBuilder(sql.append(" WHERE ").append(key).append(" > @cursor OR (").append(key)
              .append(" = @cursor AND ").append(tie).append(" > @tie) OR ").append(unplaced).append(" ORDER BY ")
              .append(order).toString())
          .addNamedParameter("cursor", time(after.key().micros(), keys.keyType()))
          .addNamedParameter("tie", tieBreak(after.key().tieBreak()));
    } else {
      KeyWindow.AtOrAfter from = (KeyWindow.AtOrAfter) start;
      config = QueryJobConfiguration.newBuilder(sql.append(" WHERE ").append(key).append(" >= @cursor OR ")
              .append(unplaced).append(" ORDER BY ").append(order).toString())
          .addNamedParameter("cursor", time(from.micros(), keys.keyType()));
    }
    // The first page holds one batch; later pages are as large as BigQuery makes them.
    TableResult first = BigQueryCalls.query(bigquery, config.setLabels(query.labels()).setUseLegacySql(false)
        .setMaximumBytesBilled(query.maximumBytesBilled()), (long) query.firstPageRows(), "querying " + query.table());
    return new PagedRows(first, query);
  }

  @Override
  public Optional<RowKey> maxKey(TableRef table, KeyColumns keys, Map<String, String> labels, Long maximumBytesBilled) {
    String key = Identifiers.quote(keys.key());
    if (keys.isTime()) {
      String tie = Identifiers.quote(keys.tieBreak());
      QueryJobConfiguration.Builder last = QueryJobConfiguration.newBuilder("SELECT " + key + ", " + tie + " FROM "
          + table.sql() + " WHERE " + key + " IS NOT NULL AND " + tie + " IS NOT NULL ORDER BY " + key + " DESC, " + tie
          + " DESC LIMIT 1").setLabels(labels).setUseLegacySql(false).setMaximumBytesBilled(maximumBytesBilled);
      TableResult result = BigQueryCalls.query(bigquery, last, null, "reading the highest key of " + table);
      Iterator<FieldValueList> rows = result.getValues().iterator();
      if (!rows.hasNext()) {
        return Optional.empty();
      }
      FieldValueList row = rows.next();
      FieldList fields = result.getSchema().getFields();
      return UsageKey.parse(value(fields.get(0), row.get(0)), value(fields.get(1), row.get(1)), keys.tieBreak())
          instanceof UsageKey.Valid valid ? Optional.of(valid.key()) : Optional.empty();
    }
    String expression = keyExpression(key, keys.keyType());
    QueryJobConfiguration.Builder maxQuery = QueryJobConfiguration.newBuilder("SELECT MAX(" + expression + ") FROM " + table.sql())
        .setLabels(labels).setUseLegacySql(false).setMaximumBytesBilled(maximumBytesBilled);
    TableResult result = BigQueryCalls.query(bigquery, maxQuery, null, "reading the highest key of " + table);
    FieldValue max = result.getValues().iterator().next().get(0);
    if (max.isNull()) {
      return Optional.empty();
    }
    // Only a warning compares with it: a value beyond 32 digits is shown as the nearest key there is.
    BigInteger value = max.getNumericValue().toBigInteger().max(LOWEST_KEY).min(HIGHEST_KEY);
    return Optional.of(new NumberKey(value));
  }

  private static final BigInteger HIGHEST_KEY = BigInteger.TEN.pow(NumberKey.MAX_DIGITS).subtract(BigInteger.ONE);
  private static final BigInteger LOWEST_KEY = HIGHEST_KEY.negate();

  /**
   * STRING keys compare as numbers. Only 1-32 digits are a key: anything else (' 8', '1e3', '-7',
   * '12.5', which BigQuery would cast) becomes NULL, so it is read, and reported, on every run.
   */
  static String keyExpression(String quotedKey, ColumnType keyType) {
    return keyType == ColumnType.STRING
        ? "IF(REGEXP_CONTAINS(" + quotedKey + ", r'^[0-9]{1,32}$'), CAST(" + quotedKey + " AS BIGNUMERIC), NULL)"
        : quotedKey;
  }

  private static QueryParameterValue number(BigInteger after, ColumnType keyType) {
    return switch (keyType) {
      case INT64 -> QueryParameterValue.int64(after.longValueExact());
      case NUMERIC -> QueryParameterValue.numeric(new BigDecimal(after));
      default -> QueryParameterValue.bigNumeric(new BigDecimal(after));
    };
  }

  /** A time bound of the key's own type: a TIMESTAMP in microseconds, a DATETIME as its UTC wall time. */
  private static QueryParameterValue time(long micros, ColumnType keyType) {
    return keyType == ColumnType.TIMESTAMP ? QueryParameterValue.timestamp(micros)
        : QueryParameterValue.dateTime(TimeKey.wallTime(micros).replace('T', ' '));
  }

  private static QueryParameterValue tieBreak(TieBreak tie) {
    return tie instanceof TieBreak.Int i ? QueryParameterValue.int64(i.value())
        : QueryParameterValue.string(((TieBreak.Text) tie).value());
  }

  static ColumnType type(Field field) {
    StandardSQLTypeName standard = field.getType().getStandardType();
    try {
      return ColumnType.valueOf(standard.name());
    } catch (IllegalArgumentException e) {
      return ColumnType.OTHER;
    }
  }

  /** Rows of a query result, one page at a time; a failed page fetch is retried before it fails the run. */
  private final class PagedRows implements RowStream {
    private final UsageQuery query;
    private final TableResult first;
    private TableResult page;
    private Iterator<FieldValueList> rows;
    private final FieldList fields;
    private final List<String> names = new ArrayList<>();

    PagedRows(TableResult first, UsageQuery query) {
      this.first = first;
      this.page = first;
      this.query = query;
      this.rows = first.getValues().iterator();
      this.fields = first.getSchema().getFields();
      for (Field field : fields) {
        names.add(field.getName());
      }
    }

    @Override
    public boolean hasNext() {
      while (!rows.hasNext()) {
        if (!page.hasNextPage()) {
          return false;
        }
        TableResult current = page;
        page = BigQueryCalls.call("reading the next page of " + query.table(), current::getNextPage);
        rows = page.getValues().iterator();
      }
      return true;
    }

    @Override
    public SourceRow next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      FieldValueList row = rows.next();
      Object key = value(fields.get(0), row.get(0));
      int first = query.key().isTime() ? 2 : 1;
      Object tie = query.key().isTime() ? value(fields.get(1), row.get(1)) : null;
      Map<String, Object> values = new LinkedHashMap<>();
      for (int i = first; i < fields.size(); i++) {
        values.put(query.columns().get(i - first), value(fields.get(i), row.get(i)));
      }
      return new SourceRow(key, tie, values);
    }

    @Override
    public long bytesProcessed() {
      if (first.getJobId() == null) {
        return 0;
      }
      Job job = BigQueryCalls.call("reading job statistics", () -> bigquery.getJob(first.getJobId()));
      if (job == null || !(job.getStatistics() instanceof JobStatistics.QueryStatistics stats)) {
        return 0;
      }
      return stats.getTotalBytesProcessed() == null ? 0 : stats.getTotalBytesProcessed();
    }

    @Override
    public void close() {
      // nothing held open: pages are fetched on demand
    }
  }

  /** A cell as a plain Java value, by its BigQuery type. */
  static Object value(Field field, FieldValue value) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (field.getMode() == Field.Mode.REPEATED) {
      List<Object> out = new ArrayList<>();
      Field element = field.toBuilder().setMode(Field.Mode.NULLABLE).build();
      for (FieldValue item : value.getRepeatedValue()) {
        out.add(value(element, item));
      }
      return out;
    }
    return switch (field.getType().getStandardType()) {
      case INT64 -> value.getLongValue();
      case FLOAT64 -> value.getDoubleValue();
      case NUMERIC, BIGNUMERIC -> value.getNumericValue();
      case BOOL -> value.getBooleanValue();
      case TIMESTAMP -> value.getTimestampInstant();
      case DATE -> LocalDate.parse(value.getStringValue());
      case DATETIME -> LocalDateTime.parse(value.getStringValue());
      case STRUCT -> {
        Map<String, Object> out = new LinkedHashMap<>();
        FieldValueList members = value.getRecordValue();
        FieldList subFields = field.getSubFields();
        for (int i = 0; i < subFields.size(); i++) {
          out.put(subFields.get(i).getName(), value(subFields.get(i), members.get(i)));
        }
        yield out;
      }
      default -> value.getStringValue();
    };
  }
}
