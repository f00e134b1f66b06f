package dev.bqsync.gcp;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableResult;
import dev.bqsync.core.TransientException;
import dev.bqsync.core.catalog.ColumnProfile;
import dev.bqsync.core.catalog.TableProfile;
import dev.bqsync.core.config.Identifiers;
import dev.bqsync.core.config.TableRef;
import dev.bqsync.port.ColumnProfiler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One aggregate query over the whole table: COUNT(*), and per column COUNT(DISTINCT), its NULLs and,
 * for text, its values that are not 1-32 digits. BigQuery bills it by the columns' sizes, capped by
 * {@code maximumBytesBilled}; the bytes it processed come back with the profile.
 */
public final class BigQueryColumnProfiler implements ColumnProfiler {
  private final BigQuery bigquery;

  public BigQueryColumnProfiler(BigQuery bigquery) {
    this.bigquery = bigquery;
  }

  @Override
  public TableProfile profile(TableRef table, List<String> columns, List<String> textColumns, Map<String, String> labels,
      long maximumBytesBilled) {
    StringBuilder sql = new StringBuilder("SELECT COUNT(*) AS n");
    for (int i = 0; i < columns.size(); i++) {
      String c = Identifiers.quote(columns.get(i));
      sql.append(", COUNT(DISTINCT ").append(c).append(") AS d").append(i)
          .append(", COUNT(*) - COUNT(").append(c).append(") AS z").append(i);
      if (textColumns.contains(columns.get(i))) {
        sql.append(", COALESCE(SUM(IF(").append(c).append(" IS NOT NULL AND NOT REGEXP_CONTAINS(").append(c)
            .append(", '^[0-9]{1,32}$'), 1, 0)), 0) AS x").append(i);
      }
    }
    sql.append(" FROM ").append(table.sql());
    QueryJobConfiguration config = QueryJobConfiguration.newBuilder(sql.toString()).setUseLegacySql(false)
        .setLabels(labels).setMaximumBytesBilled(maximumBytesBilled).build();
    return BigQueryCalls.call("profiling columns of " + table, () -> {
      try {
        Job job = bigquery.create(JobInfo.of(config)).waitFor();
        if (job.getStatus().getError() != null) {
          throw new com.google.cloud.bigquery.BigQueryException(400, job.getStatus().getError().getMessage(),
              job.getStatus().getError());
        }
        TableResult result = job.getQueryResults();
        FieldValueList row = result.getValues().iterator().next();
        Map<String, ColumnProfile> profiles = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
          Long notDigits = textColumns.contains(columns.get(i)) ? row.get("x" + i).getLongValue() : null;
          profiles.put(columns.get(i), new ColumnProfile(columns.get(i), row.get("d" + i).getLongValue(),
              row.get("z" + i).getLongValue(), notDigits));
        }
        JobStatistics.QueryStatistics stats = job.getStatistics();
        Long bytes = stats == null ? null : stats.getTotalBytesProcessed();
        return new TableProfile(row.get("n").getLongValue(), profiles, bytes == null ? 0 : bytes);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TransientException("interrupted while profiling " + table, e);
      }
    });
  }

}
