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
import dev.bqsync.core.usage.SourceColumn;
import dev.bqsync.core.usage.SourceRow;
import dev.bqsync.core.usage.SourceTable;
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
    String key = Identifiers.quote(query.keyColumn());
    String keyExpression = keyExpression(key, query.keyType());
    StringBuilder sql = new StringBuilder("SELECT ").append(key).append(" AS ").append(KEY_ALIAS);
    for (String column : query.columns()) {
      sql.append(", ").append(Identifiers.quote(column));
    }
    sql.append(" FROM ").append(query.table().sql());
    QueryJobConfiguration.Builder config;
    if (query.after() == null) {
      sql.append(" ORDER BY ").append(keyExpression);
      config = QueryJobConfiguration.newBuilder(sql.toString());
    } else {
      sql.append(" WHERE ").append(keyExpression).append(" > @cursor OR ").append(keyExpression).append(" IS NULL")
          .append(" ORDER BY ").append(keyExpression);
      config = QueryJobConfiguration.newBuilder(sql.toString()).addNamedParameter("cursor", cursor(query));
    }
    // The first page holds one batch; later pages are as large as BigQuery makes them.
    TableResult first = BigQueryCalls.query(bigquery, config.setLabels(query.labels()).setUseLegacySql(false)
        .setMaximumBytesBilled(query.maximumBytesBilled()), (long) query.firstPageRows(), "querying " + query.table());
    return new PagedRows(first, query);
  }

  @Override
  public Optional<BigInteger> maxKey(TableRef table, String keyColumn, ColumnType keyType, Map<String, String> labels,
      Long maximumBytesBilled) {
    String key = Identifiers.quote(keyColumn);
    String expression = keyExpression(key, keyType);
    QueryJobConfiguration.Builder maxQuery = QueryJobConfiguration.newBuilder("SELECT MAX(" + expression + ") FROM " + table.sql())
        .setLabels(labels).setUseLegacySql(false).setMaximumBytesBilled(maximumBytesBilled);
    TableResult result = BigQueryCalls.query(bigquery, maxQuery, null, "reading the highest key of " + table);
    FieldValue max = result.getValues().iterator().next().get(0);
    return max.isNull() ? Optional.empty() : Optional.of(max.getNumericValue().toBigInteger());
  }

  /**
   * STRING keys compare as numbers. Only 1-32 digits are a key: anything else (' 8', '1e3', '-7',
   * '12.5', which BigQuery would cast) becomes NULL, so it is read, and reported, on every run.
   */
  static String keyExpression(String quotedKey, ColumnType keyType) {
    return keyType == ColumnType.STRING
        ? "IF(REGEXP_CONTAINS(" + quotedKey + ", r'^[0-9]{1,32}$'), CAST(" + quotedKey + " AS BIGNUMERIC), NULL)"
        : quotedKey;
  }

  private static QueryParameterValue cursor(UsageQuery query) {
    return switch (query.keyType()) {
      case INT64 -> QueryParameterValue.int64(query.after().longValueExact());
      case NUMERIC -> QueryParameterValue.numeric(new BigDecimal(query.after()));
      default -> QueryParameterValue.bigNumeric(new BigDecimal(query.after()));
    };
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
      Map<String, Object> values = new LinkedHashMap<>();
      for (int i = 1; i < fields.size(); i++) {
        values.put(query.columns().get(i - 1), value(fields.get(i), row.get(i)));
      }
      return new SourceRow(key, values);
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
