package dev.bqsync.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableResult;
import dev.bqsync.emulator.BigQueryEmulator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The conformance suite: each test states (in its display name) the BigQuery behaviour it checks,
 * as BigQuery's documentation describes it, and checks it through the real client. One emulator
 * per class (streaming buffer flushed at once unless a class asks otherwise), emptied before each test.
 */
abstract class ConformanceSupport {
  static final String PROJECT = "acme-analytics";
  static BigQueryEmulator emulator;
  BigQuery bigquery;

  @BeforeAll
  static void startEmulator() {
    emulator = BigQueryEmulator.builder().projects(PROJECT).streamingFlushDelay(Duration.ZERO).start();
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  @BeforeEach
  void freshEmulator() {
    emulator.reset();
    bigquery = client(emulator);
    bigquery.create(DatasetInfo.of("d"));
  }

  static BigQuery client(BigQueryEmulator emulator) {
    return BigQueryOptions.newBuilder().setHost(emulator.endpoint()).setProjectId(PROJECT)
        .setCredentials(NoCredentials.getInstance()).build().getService();
  }

  TableResult query(String sql) throws InterruptedException {
    return bigquery.query(QueryJobConfiguration.newBuilder(sql).build());
  }

  List<FieldValueList> rows(String sql) throws InterruptedException {
    return query(sql).streamAll().toList();
  }

  /** The single value of a one-row, one-column query, as text (null for NULL). */
  String value(String sql) throws InterruptedException {
    FieldValueList row = rows(sql).get(0);
    return row.get(0).isNull() ? null : row.get(0).getStringValue();
  }

  void run(String sql) {
    emulator.execute(PROJECT, sql);
  }

  static void assertRefused(ThrowingQuery query, String reason, String message) {
    assertThatThrownBy(query::run).isInstanceOfSatisfying(BigQueryException.class, e -> {
      assertThat(e.getReason()).as(e.getMessage()).isEqualTo(reason);
      assertThat(e.getMessage()).contains(message);
    });
  }

  interface ThrowingQuery {
    void run() throws Exception;
  }
}
