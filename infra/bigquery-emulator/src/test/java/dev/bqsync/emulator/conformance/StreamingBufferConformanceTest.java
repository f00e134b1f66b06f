package dev.bqsync.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.TableId;
import dev.bqsync.emulator.BigQueryEmulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The streaming buffer: rows from insertAll are queryable at once, but tables.get reports them under
 * streamingBuffer (not numRows/numBytes) and DML may not change them, until they are flushed. A
 * settable clock drives the flush, so nothing here waits.
 */
class StreamingBufferConformanceTest {
  private static final String PROJECT = "acme-analytics";
  private static final TableId EVENTS = TableId.of(PROJECT, "d", "events");
  private final SettableClock clock = new SettableClock();
  private BigQueryEmulator emulator;
  private BigQuery bigquery;

  @BeforeEach
  void start() {
    emulator = BigQueryEmulator.builder().projects(PROJECT).clock(clock).streamingFlushDelay(Duration.ofSeconds(30))
        .start();
    bigquery = ConformanceSupport.client(emulator);
    bigquery.create(DatasetInfo.of("d"));
    emulator.execute(PROJECT, "CREATE TABLE d.events (id INT64, who STRING)");
    emulator.execute(PROJECT, "INSERT INTO d.events (id, who) VALUES (1, 'settled')");
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private void stream(int id) {
    assertThat(bigquery.insertAll(InsertAllRequest.newBuilder(EVENTS).addRow(Map.of("id", id, "who", "streamed")).build())
        .hasErrors()).isFalse();
  }

  private StandardTableDefinition definition() {
    return bigquery.getTable(EVENTS).getDefinition();
  }

  private long count() throws InterruptedException {
    return bigquery.query(QueryJobConfiguration.of("SELECT COUNT(*) FROM d.events")).getValues().iterator().next()
        .get(0).getLongValue();
  }

  @Test
  @DisplayName("streamed rows are queryable at once and reported in streamingBuffer, not in numRows")
  void bufferedRowsAreQueryableButNotCounted() throws Exception {
    long before = bigquery.getTable(EVENTS).getLastModifiedTime();
    stream(2);
    stream(3);

    StandardTableDefinition table = definition();
    assertThat(count()).isEqualTo(3);
    assertThat(table.getNumRows()).isEqualTo(1);
    assertThat(table.getStreamingBuffer()).isNotNull();
    assertThat(table.getStreamingBuffer().getEstimatedRows()).isEqualTo(2);
    assertThat(table.getStreamingBuffer().getEstimatedBytes()).isPositive();
    assertThat(table.getStreamingBuffer().getOldestEntryTime()).isEqualTo(clock.millis());
    assertThat(bigquery.getTable(EVENTS).getLastModifiedTime()).as("moves when the rows are flushed").isEqualTo(before);
  }

  @Test
  @DisplayName("after the flush the rows count in numRows, the buffer is gone, and lastModifiedTime has moved")
  void flushedRowsAreOrdinaryRows() throws Exception {
    long before = bigquery.getTable(EVENTS).getLastModifiedTime();
    stream(2);

    clock.advance(Duration.ofSeconds(31));
    StandardTableDefinition table = definition();

    assertThat(table.getNumRows()).isEqualTo(2);
    assertThat(table.getStreamingBuffer()).isNull();
    assertThat(bigquery.getTable(EVENTS).getLastModifiedTime()).isGreaterThan(before);
  }

  @Test
  @DisplayName("UPDATE, DELETE and MERGE that would change buffered rows are refused and change nothing")
  void dmlOnBufferedRowsIsRefused() throws Exception {
    stream(2);

    ConformanceSupport.assertRefused(() -> bigquery.query(QueryJobConfiguration.of(
        "UPDATE d.events SET who = 'x' WHERE TRUE")), "invalidQuery",
        "UPDATE or DELETE statement over table acme-analytics.d.events would affect rows in the streaming buffer, "
            + "which is not supported");
    ConformanceSupport.assertRefused(() -> bigquery.query(QueryJobConfiguration.of(
        "DELETE FROM d.events WHERE id = 2")), "invalidQuery", "would affect rows in the streaming buffer");
    ConformanceSupport.assertRefused(() -> bigquery.query(QueryJobConfiguration.of(
        "MERGE d.events T USING (SELECT 2 AS id) S ON T.id = S.id WHEN MATCHED THEN UPDATE SET who = 'm'")),
        "invalidQuery", "MERGE statement over table acme-analytics.d.events would affect rows in the streaming buffer");

    assertThat(bigquery.query(QueryJobConfiguration.of("SELECT who FROM d.events ORDER BY id")).streamAll()
        .map(r -> r.get(0).getStringValue()).toList()).containsExactly("settled", "streamed");
  }

  @Test
  @DisplayName("DML that leaves the buffered rows alone runs; after the flush, DML on those rows runs too")
  void dmlAroundTheBuffer() throws Exception {
    stream(2);

    bigquery.query(QueryJobConfiguration.of("UPDATE d.events SET who = 'changed' WHERE id = 1"));
    bigquery.query(QueryJobConfiguration.of("MERGE d.events T USING (SELECT 9 AS id) S ON T.id = S.id "
        + "WHEN NOT MATCHED THEN INSERT (id, who) VALUES (S.id, 'merged')"));
    clock.advance(Duration.ofSeconds(31));
    bigquery.query(QueryJobConfiguration.of("DELETE FROM d.events WHERE id = 2"));

    assertThat(bigquery.query(QueryJobConfiguration.of("SELECT who FROM d.events ORDER BY id")).streamAll()
        .map(r -> r.get(0).getStringValue()).toList()).containsExactly("changed", "merged");
  }

  @Test
  @DisplayName("with a zero flush delay streamed rows are settled at once (for tests that want that)")
  void zeroDelayFlushesAtOnce() {
    try (BigQueryEmulator immediate = BigQueryEmulator.builder().projects(PROJECT).streamingFlushDelay(Duration.ZERO)
        .start()) {
      BigQuery client = ConformanceSupport.client(immediate);
      client.create(DatasetInfo.of("d"));
      immediate.execute(PROJECT, "CREATE TABLE d.events (id INT64, who STRING)");
      client.insertAll(InsertAllRequest.newBuilder(EVENTS).addRow(Map.of("id", 1, "who", "now")).build());

      StandardTableDefinition table = client.getTable(EVENTS).getDefinition();
      assertThat(table.getNumRows()).isEqualTo(1);
      assertThat(table.getStreamingBuffer()).isNull();
    }
  }

  /** A clock the test moves by hand. */
  static final class SettableClock extends Clock {
    private Instant now = Instant.parse("2026-03-01T10:00:00Z");

    synchronized void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public synchronized Instant instant() {
      return now;
    }
  }
}
