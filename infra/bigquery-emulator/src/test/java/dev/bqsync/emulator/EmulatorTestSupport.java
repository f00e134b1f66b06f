package dev.bqsync.emulator;

import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.DataFormatOptions;
import com.google.cloud.http.HttpTransportOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One emulator per test class, emptied before each test; clients built as production code builds them. */
abstract class EmulatorTestSupport {
  static final String PROJECT = "acme-analytics";
  static final String OTHER_PROJECT = "globex-warehouse";
  static BigQueryEmulator emulator;
  BigQuery bigquery;

  @BeforeAll
  static void startEmulator() {
    // These tests read streamed rows back as settled at once; StreamingBufferConformanceTest covers the buffer.
    emulator = BigQueryEmulator.builder().projects(PROJECT, OTHER_PROJECT).streamingFlushDelay(Duration.ZERO).start();
  }

  @AfterAll
  static void stopEmulator() {
    emulator.close();
  }

  @BeforeEach
  void freshEmulator() {
    emulator.reset();
    bigquery = client(false, Duration.ofSeconds(20));
  }

  /** The real client pointed at the emulator, with short retry delays so fault tests stay quick. */
  static BigQuery client(boolean int64Timestamps, Duration readTimeout) {
    return BigQueryOptions.newBuilder()
        .setHost(emulator.endpoint())
        .setProjectId(PROJECT)
        .setCredentials(NoCredentials.getInstance())
        .setDataFormatOptions(DataFormatOptions.newBuilder().useInt64Timestamp(int64Timestamps).build())
        .setTransportOptions(HttpTransportOptions.newBuilder()
            .setConnectTimeout(5_000).setReadTimeout((int) readTimeout.toMillis()).build())
        .setRetrySettings(RetrySettings.newBuilder()
            .setMaxAttempts(4)
            .setInitialRetryDelayDuration(Duration.ofMillis(20))
            .setRetryDelayMultiplier(1.5)
            .setMaxRetryDelayDuration(Duration.ofMillis(200))
            .setTotalTimeoutDuration(Duration.ofSeconds(60))
            .build())
        .build()
        .getService();
  }
}
