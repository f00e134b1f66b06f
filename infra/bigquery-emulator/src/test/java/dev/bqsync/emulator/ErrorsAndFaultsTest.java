package dev.bqsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each error reason and each fault kind, as the real client sees them. */
class ErrorsAndFaultsTest extends EmulatorTestSupport {
  @BeforeEach
  void data() {
    bigquery.create(DatasetInfo.of("usage"));
    emulator.execute(PROJECT, "CREATE TABLE usage.events AS SELECT i AS event_id, CONCAT('user', CAST(i AS STRING)) AS who "
        + "FROM UNNEST(GENERATE_ARRAY(1, 3000)) AS i");
    emulator.clearCounts();
  }

  private static Consumer<BigQueryException> error(int code, String reason, String message) {
    return e -> {
      assertThat(e.getCode()).isEqualTo(code);
      assertThat(e.getReason()).isEqualTo(reason);
      assertThat(e.getMessage()).contains(message);
    };
  }

  private Object select(BigQuery client, String sql) throws InterruptedException {
    return client.query(QueryJobConfiguration.of(sql)).streamAll().toList();
  }

  @Test
  void aMissingTableInAQueryIsNotFound() {
    assertThatThrownBy(() -> select(bigquery, "SELECT * FROM usage.nope"))
        .isInstanceOfSatisfying(BigQueryException.class,
            error(404, "notFound", "Not found: Table acme-analytics:usage.nope was not found in location US"));
  }

  @Test
  void aSyntaxErrorIsInvalidQuery() {
    assertThatThrownBy(() -> select(bigquery, "SELEC event_id FROM usage.events"))
        .isInstanceOfSatisfying(BigQueryException.class, error(400, "invalidQuery", "Syntax error"));
    assertThatThrownBy(() -> select(bigquery, "SELECT no_such_column FROM usage.events"))
        .isInstanceOfSatisfying(BigQueryException.class, error(400, "invalidQuery", "no_such_column"));
  }

  @Test
  void anInvalidLabelIsInvalid() {
    assertThatThrownBy(() -> bigquery.query(QueryJobConfiguration.newBuilder("SELECT 1")
        .setLabels(Map.of("Tenant", "Acme")).build()))
        .isInstanceOfSatisfying(BigQueryException.class, error(400, "invalid", "Label key \"Tenant\""));
  }

  @Test
  void maximumBytesBilledStopsAQueryBeforeItRuns() {
    assertThatThrownBy(() -> bigquery.query(QueryJobConfiguration.newBuilder("SELECT * FROM usage.events")
        .setMaximumBytesBilled(1_000_000L).build()))
        .isInstanceOfSatisfying(BigQueryException.class,
            error(400, "bytesBilledLimitExceeded", "Query exceeded limit for bytes billed: 1000000. 10485760 or higher required."));
  }

  @Test
  void aQuotaFaultIsQuotaExceeded() {
    emulator.faults().add(new Faults.Rule("jobs.query", 0, 1, 403, "quotaExceeded", null));

    assertThatThrownBy(() -> select(bigquery, "SELECT 1"))
        .isInstanceOfSatisfying(BigQueryException.class, error(403, "quotaExceeded", "Quota exceeded"));
  }

  @Test
  void aRateLimitFaultIsRetriedByTheClientLikeBigQuerys() throws Exception {
    emulator.faults().failNext("jobs.query", 1, 429);

    assertThat(select(bigquery, "SELECT 1")).isNotNull();
    assertThat(emulator.requestCount("jobs.query")).isEqualTo(2);
  }

  @Test
  void aRateLimitThatDoesNotStopIsRateLimitExceeded() {
    emulator.faults().failNext("jobs.query", 50, 429);

    assertThatThrownBy(() -> select(bigquery, "SELECT 1"))
        .isInstanceOfSatisfying(BigQueryException.class, error(429, "rateLimitExceeded", "Exceeded rate limits"));
  }

  @Test
  void a503ReachesTheCallerBecauseClient267DoesNotRetryIt() {
    // google-cloud-bigquery 2.67 retries only rate-limit messages and socket errors: a 5xx from
    // tables.get or tabledata.list reaches the caller, so bqsync's adapters must retry or resume.
    emulator.faults().failNext("tables.get", 1, 503);

    assertThatThrownBy(() -> bigquery.getTable(TableId.of(PROJECT, "usage", "events")))
        .isInstanceOfSatisfying(BigQueryException.class, error(503, "backendError", "Backend error"));
    assertThat(emulator.requestCount("tables.get")).isEqualTo(1);
    assertThat(bigquery.getTable(TableId.of(PROJECT, "usage", "events"))).as("the fault was used up").isNotNull();
  }

  @Test
  void a500IsBackendError() {
    emulator.faults().failNext("datasets.get", 1, 500);

    assertThatThrownBy(() -> bigquery.getDataset("usage"))
        .isInstanceOfSatisfying(BigQueryException.class, error(500, "backendError", "Backend error"));
  }

  @Test
  void a503CanBeAimedAtTheSecondPageOfResults() {
    // the first page comes with jobs.query; the second is the first tabledata.list call
    emulator.faults().failAfter("tabledata.list", 0, 1, 503);
    List<Long> seen = new java.util.ArrayList<>();

    assertThatThrownBy(() -> bigquery.query(QueryJobConfiguration.newBuilder("SELECT event_id FROM usage.events ORDER BY 1")
        .setMaxResults(1000L).build()).iterateAll().forEach(r -> seen.add(r.get(0).getLongValue())))
        .isInstanceOfSatisfying(BigQueryException.class, error(503, "backendError", "Backend error"));
    assertThat(seen).hasSize(1000).last().isEqualTo(1000L);
    assertThat(emulator.requestCount("tabledata.list")).isEqualTo(1);
  }

  @Test
  void aHangLongerThanTheClientsTimeoutFailsTheCall() {
    BigQuery impatient = client(false, Duration.ofMillis(300));
    emulator.faults().delayNext("tables.get", 10, Duration.ofSeconds(2));

    assertThatThrownBy(() -> impatient.getTable(TableId.of(PROJECT, "usage", "events")))
        .isInstanceOf(BigQueryException.class);
    assertThat(emulator.requestCount("tables.get")).isPositive();
  }

  @Test
  void aShortHangIsAnsweredNormally() {
    emulator.faults().delayNext("tables.get", 1, Duration.ofMillis(200));

    assertThat(bigquery.getTable(TableId.of(PROJECT, "usage", "events"))).isNotNull();
    assertThat(emulator.faults().pending()).isEmpty();
  }

  @Test
  void faultsCanBeSetOverTheAdminApi() throws Exception {
    HttpResponse<String> set = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(emulator.endpoint() + "/emulator/v1/faults"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"operation\": \"datasets.get\", \"status\": 404, \"times\": 1}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(set.statusCode()).isEqualTo(200);

    assertThat(bigquery.getDataset("usage")).as("the injected 404 reads as missing").isNull();
    assertThat(bigquery.getDataset("usage")).isNotNull();

    HttpResponse<String> counts = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(emulator.endpoint() + "/emulator/v1/requests")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(counts.body()).contains("\"datasets.get\":2");
  }

  @Test
  void theEmulatorBindsLoopbackOnly() {
    assertThatThrownBy(() -> BigQueryEmulator.builder().projects("p-123456").host("0.0.0.0").start())
        .hasMessageContaining("binds loopback only");
  }
}
