package dev.bqsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.TableId;
import dev.bqsync.core.state.RunStatus;
import dev.bqsync.emulator.BigQueryEmulator;
import dev.bqsync.testing.MutableClock;
import dev.bqsync.testing.UsageTestbed;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The zero-query skip and BigQuery's streaming buffer: rows streamed into a source sit in the buffer
 * without (yet) moving its lastModifiedTime, so a table that reports a streaming buffer is never
 * skipped (docs/usage-pull.md).
 */
class UsagePullStreamingBufferTest {
  private static final TableId LOGINS = TableId.of(UsageTestbed.PROJECT, "usage", "login_events");
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
  private UsageTestbed bed;
  private BigQueryEmulator bq;
  private UsagePullJob job;

  @BeforeEach
  void fresh() {
    bed = UsageTestbed.fresh();
    bq = UsageTestbed.bigquery();
    bq.streamingFlushDelay(Duration.ofHours(1)); // buffered for the whole test; the next reset restores it
    job = bed.job(clock);
  }

  private SectionOutcome pull() {
    return job.run(JobRequest.usage(UsageTestbed.TENANT, "logins", false), null).sections().stream()
        .filter(s -> s.sectionId().equals("logins")).findFirst().orElseThrow();
  }

  private BigQuery client() {
    return BigQueryOptions.newBuilder().setHost(bq.endpoint()).setProjectId(UsageTestbed.PROJECT)
        .setCredentials(NoCredentials.getInstance()).build().getService();
  }

  @Test
  void rowsInTheStreamingBufferAreReadThoughLastModifiedTimeHasNotMoved() {
    bed.logins(1, 2, "ada@acme.example");
    assertThat(pull().status()).isEqualTo(RunStatus.OK);
    BigQuery client = client();
    long caughtUpAt = client.getTable(LOGINS).getLastModifiedTime();

    client.insertAll(InsertAllRequest.newBuilder(LOGINS).addRow(Map.of("event_id", 3, "user_email", "ada@acme.example",
        "event_name", "login", "event_time", "2026-11-23 09:00:00", "company_id", "c1", "browser", "firefox")).build());
    StandardTableDefinition source = client.getTable(LOGINS).getDefinition();
    assertThat(source.getStreamingBuffer()).as("the row is still buffered").isNotNull();
    assertThat(client.getTable(LOGINS).getLastModifiedTime()).isEqualTo(caughtUpAt);

    SectionOutcome afterStreaming = pull();

    assertThat(afterStreaming.status()).isEqualTo(RunStatus.OK);
    assertThat(afterStreaming.rowsRead()).isEqualTo(1);
    assertThat(afterStreaming.cursorAfter()).isEqualTo("3");
  }

  @Test
  void aTableWhoseBufferIsNotEmptyIsNotSkippedAgainUntilItIsUnchangedWithoutOne() {
    bed.logins(1, 2, "ada@acme.example");
    pull();
    client().insertAll(InsertAllRequest.newBuilder(LOGINS).addRow(Map.of("event_id", 3, "user_email", "ada@acme.example",
        "event_name", "login", "event_time", "2026-11-23 09:00:00", "company_id", "c1", "browser", "firefox")).build());
    pull();

    SectionOutcome stillBuffered = pull();
    bq.streamingFlushDelay(Duration.ZERO); // the buffer flushes: lastModifiedTime moves
    SectionOutcome afterFlush = pull();
    SectionOutcome settled = pull();

    assertThat(stillBuffered.status()).as("no trustworthy change marker yet").isEqualTo(RunStatus.OK);
    assertThat(stillBuffered.rowsRead()).isZero();
    assertThat(afterFlush.status()).isEqualTo(RunStatus.OK);
    assertThat(settled.status()).isEqualTo(RunStatus.SKIPPED_UNCHANGED);
  }
}
