package dev.bqsync.sync;

import dev.bqsync.function.HttpAnswers;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.firestore.DocumentSnapshot;
import dev.bqsync.core.config.CrmModel;
import dev.bqsync.core.state.RunStatus;
import dev.bqsync.emulator.BigQueryEmulator;
import dev.bqsync.testing.MutableClock;
import dev.bqsync.testing.TickingClock;
import dev.bqsync.testing.UsageTestbed;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The usage pull against Google's Firestore emulator and the BigQuery emulator, through the real clients. */
class UsagePullJobTest {
  private static final String TENANT = UsageTestbed.TENANT;
  private static final ObjectMapper JSON = new ObjectMapper();
  private UsageTestbed bed;
  private BigQueryEmulator bq;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
  private UsagePullJob job;

  @BeforeEach
  void fresh() {
    bed = UsageTestbed.fresh();
    bq = UsageTestbed.bigquery();
    job = bed.job(clock);
  }

  private SectionOutcome pull(String section) {
    return only(job.run(JobRequest.usage(TENANT, section, false), null), section);
  }

  private static JsonNode json(String line) {
    try {
      return JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not a JSON log line: " + line, e);
    }
  }

  private static SectionOutcome only(JobResult<SectionOutcome> result, String section) {
    return result.sections().stream().filter(s -> s.sectionId().equals(section)).findFirst().orElseThrow();
  }

  private DocumentSnapshot daily(String externalId, String day, String section) {
    return bed.documents("customMetrics").stream()
        .filter(d -> externalId.equals(d.getString("externalId")) && day.equals(d.getString("day"))
            && section.equals(d.getString("sectionId")))
        .findFirst().orElseThrow(() -> new AssertionError("no daily value for " + externalId + " on " + day));
  }

  @Test
  void theFirstPullReadsTheBacklogInBatchesWithOneQuery() {
    bed.logins(1, 5, "ada@acme.example");
    bq.clearCounts();

    SectionOutcome o = pull("logins");

    assertThat(o.status()).isEqualTo(RunStatus.OK);
    assertThat(o.rowsRead()).isEqualTo(5);
    assertThat(o.rowsWritten()).isEqualTo(5);
    assertThat(o.cursorBefore()).isEqualTo("-");
    assertThat(o.cursorAfter()).isEqualTo("5");
    assertThat(o.bigQueryJobs()).isEqualTo(1);
    assertThat(bq.requestCount("jobs.insert")).isEqualTo(1);
    assertThat(bq.requestCount("tabledata.list")).as("pages of one batch: the job's first, then two").isEqualTo(2);
    assertThat(bq.jobs().get(0).labels()).containsEntry("tenant", "acme").containsEntry("section", "logins")
        .containsKey("run");
    DocumentSnapshot activity = bed.documents("userActivities").stream().filter(d -> d.getId().equals("logins:3"))
        .findFirst().orElseThrow();
    assertThat(activity.getString("email")).isEqualTo("ada@acme.example");
    assertThat(activity.getString("action")).isEqualTo("login");
    assertThat(activity.getString("companyExternalId")).isEqualTo("c1");
    assertThat(activity.get("info.browser")).isEqualTo("firefox");
    assertThat(bed.documents("userActivities")).hasSize(5);
  }

  @Test
  void eachRunIsRecordedInFirestoreAndInTheLog() {
    bed.logins(1, 3, "ada@acme.example");

    JobResult<SectionOutcome> result = job.run(JobRequest.usage(TENANT, "logins", false), null);

    List<DocumentSnapshot> runs = bed.documents("runs");
    assertThat(runs).hasSize(1);
    DocumentSnapshot run = runs.get(0);
    assertThat(run.getId()).isEqualTo(result.runId() + "-logins");
    assertThat(run.getString("status")).isEqualTo("OK");
    assertThat(run.getLong("counts.rowsRead")).isEqualTo(3);
    assertThat(run.getString("cursorAfter")).isEqualTo("3");
    assertThat(run.getTimestamp("expireAt").toDate().toInstant()).isAfter(clock.instant().plus(Duration.ofDays(29)));
    // Parsed, not matched as text: the logging library writes the labels in no fixed order.
    assertThat(bed.logText().lines().map(UsagePullJobTest::json)
        .filter(line -> line.path("message").asText().startsWith("usage pull logins: OK")))
        .singleElement().satisfies(line -> assertThat(line.get("logging.googleapis.com/labels")).isEqualTo(
            JSON.valueToTree(Map.of("tenant", "acme", "job", "usage", "section", "logins", "run", result.runId()))));
  }

  @Test
  void anIncrementalPullReadsOnlyNewRows() {
    bed.logins(1, 5, "ada@acme.example");
    pull("logins");
    bed.logins(6, 7, "Bob@Acme.example");

    SectionOutcome o = pull("logins");

    assertThat(o.rowsRead()).isEqualTo(2);
    assertThat(o.cursorBefore()).isEqualTo("5");
    assertThat(o.cursorAfter()).isEqualTo("7");
    assertThat(bed.documents("userActivities")).hasSize(7);
  }

  @Test
  void anUnchangedTableIsSkippedWithoutAQuery() {
    bed.logins(1, 2, "ada@acme.example");
    pull("logins");
    bq.clearCounts();

    SectionOutcome o = pull("logins");

    assertThat(o.status()).isEqualTo(RunStatus.SKIPPED_UNCHANGED);
    assertThat(o.bigQueryJobs()).isZero();
    assertThat(bq.requestCount("jobs.insert")).isZero();
    assertThat(bq.requestCount("tables.get")).isEqualTo(1);
  }

  @Test
  void aViewIsQueriedEveryTime() {
    bed.sql("INSERT INTO usage.seats_raw VALUES (1, 'c1', 'seats', 3, TIMESTAMP '2026-11-23 09:00:00')");
    pull("seats");
    bq.clearCounts();

    SectionOutcome o = pull("seats");

    assertThat(o.status()).isEqualTo(RunStatus.OK);
    assertThat(o.rowsRead()).isZero();
    assertThat(bq.requestCount("jobs.insert")).isEqualTo(1);
  }

  @Test
  void sectionsRunWhenTheirScheduleSaysSo() {
    JobResult<SectionOutcome> first = job.run(JobRequest.usage(TENANT, null, false), null);
    assertThat(first.sections()).extracting(SectionOutcome::status).containsOnly(RunStatus.OK);

    clock.advance(Duration.ofMinutes(2));
    assertThat(job.run(JobRequest.usage(TENANT, null, false), null).sections())
        .extracting(SectionOutcome::status).containsOnly(RunStatus.SKIPPED_NOT_DUE);

    clock.advance(Duration.ofMinutes(3).plusSeconds(1)); // 10:05:01
    JobResult<SectionOutcome> fiveMinutes = job.run(JobRequest.usage(TENANT, null, false), null);
    assertThat(only(fiveMinutes, "logins").status()).isEqualTo(RunStatus.SKIPPED_UNCHANGED);
    assertThat(only(fiveMinutes, "seats").status()).isEqualTo(RunStatus.SKIPPED_NOT_DUE);
    assertThat(only(fiveMinutes, "api-calls").status()).isEqualTo(RunStatus.SKIPPED_NOT_DUE);

    clock.advance(Duration.ofMinutes(55)); // 11:00:01
    assertThat(only(job.run(JobRequest.usage(TENANT, null, false), null), "seats").status()).isEqualTo(RunStatus.OK);

    clock.advance(Duration.ofHours(18).plusMinutes(30)); // next day 05:30:01 UTC = 06:30:01 in Berlin
    JobResult<SectionOutcome> nextMorning = job.run(JobRequest.usage(TENANT, null, false), null);
    assertThat(only(nextMorning, "api-calls").status()).isEqualTo(RunStatus.SKIPPED_UNCHANGED);

    assertThat(only(job.run(JobRequest.usage(TENANT, null, true), null), "api-calls").status())
        .as("force ignores the schedule").isEqualTo(RunStatus.SKIPPED_UNCHANGED);
  }

  @Test
  void customMetricsSumPerRecordDimensionAndDayAndNeverCountTwice() {
    bed.sql("INSERT INTO usage.api_calls VALUES ('1', 'c1', '10', '2026-11-23'), ('2', 'c1', '5', '2026-11-23'), "
        + "('3', 'c2', '7', '2026-11-23'), ('4', 'c1', '1.5', '2026-11-24')");

    SectionOutcome first = pull("api-calls");
    assertThat(first.rowsWritten()).isEqualTo(4);
    assertThat(daily("c1", "2026-11-23", "api-calls").getString("valueText")).isEqualTo("15");
    assertThat(daily("c1", "2026-11-23", "api-calls").getLong("points")).isEqualTo(2);
    assertThat(daily("c2", "2026-11-23", "api-calls").getString("valueText")).isEqualTo("7");
    assertThat(daily("c1", "2026-11-24", "api-calls").getString("valueText")).isEqualTo("1.5");

    new dev.bqsync.gcp.FirestoreCursorStore(bed.firestore, java.time.Clock.systemUTC()).reset(TENANT, "api-calls", false); // replay everything
    SectionOutcome replay = pull("api-calls");

    assertThat(replay.rowsAlreadyPresent()).isEqualTo(4);
    assertThat(replay.rowsWritten()).isZero();
    assertThat(daily("c1", "2026-11-23", "api-calls").getString("valueText")).isEqualTo("15");
  }

  @Test
  void lastKeepsTheValueOfTheHighestKey() {
    bed.sql("INSERT INTO usage.seats_raw VALUES (2, 'c1', 'seats', 7, TIMESTAMP '2026-11-23 10:00:00'), "
        + "(1, 'c1', 'seats', 3, TIMESTAMP '2026-11-23 11:00:00')");
    pull("seats");
    assertThat(daily("c1", "2026-11-23", "seats").getString("valueText")).isEqualTo("7");

    bed.sql("INSERT INTO usage.seats_raw VALUES (3, 'c1', 'seats', 5, TIMESTAMP '2026-11-23 09:00:00')");
    pull("seats");
    assertThat(daily("c1", "2026-11-23", "seats").getString("valueText")).isEqualTo("5");
    assertThat(daily("c1", "2026-11-23", "seats").getString("dimensionId")).isEqualTo("seats");
  }

  @Test
  void everyRejectionReasonIsCountedSampledAndPassedBy() {
    bed.sql("INSERT INTO usage.login_events (event_id, user_email, event_name, event_time) VALUES "
        + "(NULL, 'ada@acme.example', 'login', TIMESTAMP '2026-11-23 08:00:00'), "
        + "(1, NULL, 'login', TIMESTAMP '2026-11-23 08:00:00'), "
        + "(2, 'ada@acme.example', 'login', NULL), "
        + "(3, 'ada@acme.example', 'login', TIMESTAMP '2026-11-23 08:00:00'), "
        + "(3, 'ada@acme.example', 'logout', TIMESTAMP '2026-11-23 08:01:00'), "
        + "(4, 'carol@acme.example', 'login', TIMESTAMP '2026-11-23 08:00:00')");
    bed.sql("INSERT INTO usage.api_calls VALUES ('12a', 'c1', '1', '2026-11-23'), "
        + "('111111111111111111111111111111111', 'c1', '1', '2026-11-23'), ('20', 'c1', 'many', '2026-11-23'), "
        + "('21', 'c1', '3', 'yesterday'), ('22', 'c1', '3', '2026-11-23')");

    SectionOutcome logins = pull("logins");
    SectionOutcome calls = pull("api-calls");

    assertThat(logins.rejected()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "NULL_KEY", 1L, "REQUIRED_FIELD_NULL", 2L, "DUPLICATE_KEY", 1L));
    assertThat(logins.rowsWritten()).isEqualTo(1);
    assertThat(logins.rowsParked()).as("carol is not in the CRM yet").isEqualTo(1);
    assertThat(logins.cursorAfter()).as("the cursor moves past rejected rows").isEqualTo("4");
    assertThat(calls.rejected()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "KEY_NOT_NUMERIC", 1L, "KEY_TOO_LONG", 1L, "VALUE_NOT_CONVERTIBLE", 1L, "DATE_UNPARSEABLE", 1L));
    assertThat(calls.samples()).anySatisfy(s -> {
      assertThat(s.key()).isEqualTo("21");
      assertThat(s.detail()).contains("day: 'yesterday'");
    });

    clock.advance(Duration.ofDays(8));
    SectionOutcome later = pull("logins");
    assertThat(later.rejected()).containsEntry("TARGET_NOT_FOUND", 1L);
    assertThat(bed.documents("parkedUsage")).isEmpty();
    DocumentSnapshot run = bed.documents("runs").stream().filter(d -> "FAILED".equals(d.getString("status"))
        || d.get("rejectionsByReason.TARGET_NOT_FOUND") != null).findFirst().orElseThrow();
    assertThat(run.getLong("rejectionsByReason.TARGET_NOT_FOUND")).isEqualTo(1);
  }

  @Test
  void aRowWaitsForItsCrmRecordAndIsWrittenWhenItAppears() {
    bed.logins(1, 1, "carol@acme.example");
    SectionOutcome parked = pull("logins");
    assertThat(parked.rowsParked()).isEqualTo(1);
    assertThat(parked.counts().rowsStillParked()).as("the run says how many still wait").isEqualTo(1);
    assertThat(bed.documents("userActivities")).isEmpty();

    bed.importRecords(CrmModel.EndUser, List.of(Map.of("email", "Carol@acme.example")));
    SectionOutcome recovered = pull("logins");

    assertThat(recovered.parkedRecovered()).isEqualTo(1);
    assertThat(recovered.counts().rowsStillParked()).isZero();
    assertThat(bed.documents("userActivities")).extracting(DocumentSnapshot::getId).containsExactly("logins:1");
    assertThat(bed.documents("parkedUsage")).isEmpty();
  }

  @Test
  void aRowCommittedLateWithALowerKeyIsMissedWithoutLookback() {
    bed.logins(1, 2, "ada@acme.example");
    bed.logins(4, 5, "ada@acme.example");
    pull("logins");
    bed.logins(3, 3, "ada@acme.example");

    SectionOutcome o = pull("logins");

    assertThat(o.rowsRead()).isZero();
    assertThat(bed.documents("userActivities")).extracting(DocumentSnapshot::getId).doesNotContain("logins:3");
  }

  @Test
  void lookbackRecoversRowsCommittedLateWithALowerKey() {
    bed.applyTenant(UsageTestbed.tenantJson().replace("\"batchSize\": 2,", "\"batchSize\": 2, \"lookback\": 3,"));
    bed.logins(1, 2, "ada@acme.example");
    bed.logins(4, 5, "ada@acme.example");
    pull("logins");
    bed.logins(3, 3, "ada@acme.example");

    SectionOutcome o = pull("logins");

    // cursor 5, lookback 3: keys 2, 3 and 4 below it are read again (and 5 itself)
    assertThat(o.rowsRead()).isEqualTo(4);
    assertThat(o.rowsWritten()).isEqualTo(1);
    assertThat(o.lateRowsRecovered()).isEqualTo(1);
    assertThat(o.rowsAlreadyPresent()).isEqualTo(3);
    assertThat(bed.documents("userActivities")).hasSize(5);
  }

  @Test
  void keysAtTheBottomOfInt64WorkWithAnyLookback() {
    bed.applyTenant(UsageTestbed.tenantJson().replace("\"batchSize\": 2,", "\"batchSize\": 2, \"lookback\": 5,"));
    String row = "('ada@acme.example', 'login', TIMESTAMP '2026-11-23 08:00:00', 'c1', 1.5, 'firefox')";
    bed.sql("INSERT INTO usage.login_events (event_id, user_email, event_name, event_time, company_id, weight, browser) "
        + "SELECT CAST('-9223372036854775808' AS INT64), " + row.substring(1, row.length() - 1));
    assertThat(pull("logins").status()).isEqualTo(RunStatus.OK);
    bed.sql("INSERT INTO usage.login_events (event_id, user_email, event_name, event_time, company_id, weight, browser) "
        + "SELECT CAST('-9223372036854775807' AS INT64), " + row.substring(1, row.length() - 1));

    SectionOutcome o = pull("logins");

    assertThat(o.status()).as(o.message()).isEqualTo(RunStatus.OK);
    assertThat(o.rowsWritten()).isEqualTo(1);
    assertThat(o.rowsAlreadyPresent()).isEqualTo(1);
    assertThat(o.cursorAfter()).isEqualTo("-9223372036854775807");
  }

  @Test
  void aTableThatWentBackwardsGetsAWarningWithTheFix() {
    bed.logins(1, 5, "ada@acme.example");
    pull("logins");
    bed.sql("DELETE FROM usage.login_events WHERE TRUE");
    bed.logins(1, 2, "ada@acme.example");

    SectionOutcome o = pull("logins");

    assertThat(o.rowsRead()).isZero();
    assertThat(o.bigQueryJobs()).isEqualTo(2);
    assertThat(o.warnings()).singleElement().asString().contains("probably recreated")
        .contains("bqsync cursor reset --recreated --tenant acme --section logins");
  }

  @Test
  void afterAResetARecreatedTablesRowsAreWrittenEvenWhereKeysRepeat() {
    bed.logins(1, 5, "ada@acme.example");
    pull("logins");
    bed.sql("DELETE FROM usage.login_events WHERE TRUE");
    bed.logins(1, 3, "ada@acme.example");

    new dev.bqsync.gcp.FirestoreCursorStore(bed.firestore, clock).reset(TENANT, "logins", true);
    SectionOutcome o = pull("logins");

    assertThat(o.rowsWritten()).isEqualTo(3);
    assertThat(o.rowsAlreadyPresent()).isZero();
    assertThat(bed.documents("userActivities")).extracting(DocumentSnapshot::getId)
        .contains("logins:1", "logins:5", "logins@1:1", "logins@1:3").hasSize(8);
    assertThat(pull("logins").rowsWritten()).as("and nothing twice").isZero();
  }

  @Test
  void aRunStopsAtItsTimeBudgetAndTheNextContinues() {
    bed.logins(1, 20, "ada@acme.example");
    TickingClock ticking = new TickingClock(Instant.parse("2026-11-23T10:00:00Z"), Duration.ofSeconds(1));
    UsagePullJob budgeted = UsageTestbed.job(bed.ports(ticking),
        new JobRunner.Timing(Duration.ofSeconds(25), Duration.ofMinutes(1), Duration.ofDays(30)));

    SectionOutcome first = only(budgeted.run(JobRequest.usage(TENANT, "logins", false), null), "logins");
    assertThat(first.status()).isEqualTo(RunStatus.PARTIAL);
    assertThat(first.rowsRead()).isBetween(2L, 19L);

    SectionOutcome last = first;
    for (int runs = 0; runs < 20 && last.status() != RunStatus.OK; runs++) {
      last = only(budgeted.run(JobRequest.usage(TENANT, "logins", false), null), "logins");
      assertThat(last.cursorBefore()).isNotEqualTo("-");
    }
    assertThat(last.status()).isEqualTo(RunStatus.OK);
    assertThat(bed.documents("userActivities")).hasSize(20);
  }

  @Test
  void aMissingTableOrColumnFailsWithWhatToChangeAndIsNotRetried() {
    bed.applyTenant(UsageTestbed.tenantJson().replace("usage.login_events", "usage.nope"));
    JobResult<SectionOutcome> missingTable = job.run(JobRequest.usage(TENANT, "logins", false), null);
    assertThat(HttpAnswers.status(missingTable)).isEqualTo(200);
    assertThat(only(missingTable, "logins").status()).isEqualTo(RunStatus.FAILED);
    assertThat(only(missingTable, "logins").message()).contains("acme-analytics.usage.nope does not exist");

    bed.applyTenant(UsageTestbed.tenantJson());
    bed.sql("ALTER TABLE usage.login_events DROP COLUMN browser");
    SectionOutcome missingColumn = pull("logins");
    assertThat(missingColumn.status()).isEqualTo(RunStatus.FAILED);
    assertThat(missingColumn.failure()).isEqualTo(dev.bqsync.core.FailureKind.NEEDS_PERSON);
    assertThat(missingColumn.message()).contains("column 'browser' (mapped to info) does not exist");
    assertThat(bed.documents("runs")).anySatisfy(r -> assertThat(r.getString("error")).contains("'browser'"));
  }

  @Test
  void aBigQueryOutageFailsTransientlySoSchedulerRetries() {
    bed.logins(1, 2, "ada@acme.example");
    bq.faults().failNext("jobs.insert", 1_000, 503);
    // A two-second budget on the real clock: retries stop when it is spent, not after minutes.
    UsagePullJob budgeted = bed.components(java.time.Clock.systemUTC(),
        Map.of(dev.bqsync.function.Settings.USAGE_TIME_BUDGET_SECONDS, "2"), b -> { }).usagePull();

    JobResult<SectionOutcome> result = budgeted.run(JobRequest.usage(TENANT, "logins", false), null);
    bq.faults().clear();

    assertThat(HttpAnswers.status(result)).isEqualTo(503);
    assertThat(only(result, "logins").status()).isEqualTo(RunStatus.FAILED);
    assertThat(only(result, "logins").message()).startsWith("transient failure, will be retried");
  }

  @Test
  void stringKeysThatAreNotPlainDigitsAreReportedOnEveryRunUntilFixed() {
    bed.sql("INSERT INTO usage.api_calls VALUES ('1', 'c1', '10', '2026-11-23'), ('2', 'c1', '10', '2026-11-23')");
    assertThat(pull("api-calls").rowsWritten()).isEqualTo(2);
    // each of these casts to a number below the cursor; none is a key
    bed.sql("INSERT INTO usage.api_calls VALUES (' 8', 'c1', '1', '2026-11-23'), ('1e0', 'c1', '1', '2026-11-23'), "
        + "('-7', 'c1', '1', '2026-11-23'), ('1.5', 'c1', '1', '2026-11-23'), ('3', 'c1', '1', '2026-11-23')");

    SectionOutcome first = pull("api-calls");
    bed.sql("INSERT INTO usage.api_calls VALUES ('4', 'c1', '1', '2026-11-23')");
    SectionOutcome second = pull("api-calls");

    for (SectionOutcome o : List.of(first, second)) {
      assertThat(o.rowsWritten()).isEqualTo(1);
      assertThat(o.rejectedByReason()).containsEntry("KEY_NOT_NUMERIC", 4L);
    }
    assertThat(second.cursorAfter()).isEqualTo("4");
  }

  @Test
  void oneHugeValueIsARejectedRowAndManyLargeRowsAreAllWritten() {
    bed.applyTenant(UsageTestbed.tenantJson().replace("\"batchSize\": 2,", "\"batchSize\": 500,"));
    String columns = "INSERT INTO usage.login_events (event_id, user_email, event_name, event_time, company_id, weight, "
        + "browser) ";
    // 200 rows of 25 KB: 5 MB in one batch, more than one Firestore commit takes (10 MiB; the emulator 4 MiB)
    bed.sql(columns + "SELECT n, 'ada@acme.example', 'login', TIMESTAMP '2026-11-23 08:00:00', 'c1', 1.5, "
        + "REPEAT('b', 25000) FROM UNNEST(GENERATE_ARRAY(1, 200)) AS n");
    bed.sql(columns + "VALUES (201, 'ada@acme.example', 'login', TIMESTAMP '2026-11-23 08:00:00', 'c1', 1.5, "
        + "REPEAT('x', 1100000))");
    bed.sql(columns + "VALUES (202, 'ada@acme.example', 'login', TIMESTAMP '2026-11-23 08:00:00', 'c1', 1.5, 'small')");

    SectionOutcome o = pull("logins");

    assertThat(o.status()).as(o.message()).isEqualTo(RunStatus.OK);
    assertThat(o.rowsWritten()).isEqualTo(201);
    assertThat(o.rejectedByReason()).containsExactly(Map.entry("VALUE_TOO_LARGE", 1L));
    assertThat(o.rejectedSamples().get(0).detail()).contains("info.browser is 1100014 bytes")
        .contains("at most 1000000 bytes");
    assertThat(o.cursorAfter()).isEqualTo("202");
    assertThat(bed.count("userActivities")).isEqualTo(201);
  }

  @Test
  void aCrmRecordIsLookedUpOncePerRunNotOncePerBatch() {
    bed.logins(1, 6, "ada@acme.example"); // three batches of 2, one end user
    UsageTestbed.Ports real = bed.ports(clock);
    List<Collection<String>> asked = new java.util.ArrayList<>();
    dev.bqsync.port.RecordDirectory counting = (tenant, model, by, values) -> {
      asked.add(List.copyOf(values));
      return real.directory().existing(tenant, model, by, values);
    };
    UsageTestbed.Ports ports = new UsageTestbed.Ports(real.tenants(), real.connections(), real.leases(), real.cursors(),
        real.runLog(), real.log(), real.warehouses(), real.sink(), counting, real.parking(), clock);

    JobResult<SectionOutcome> result = UsageTestbed.job(ports).run(JobRequest.usage(TENANT, "logins", false), null);

    assertThat(only(result, "logins").rowsWritten()).isEqualTo(6);
    assertThat(asked).as("one lookup, for the first batch").hasSize(1);
  }

  @Test
  void everyQueryJobCarriesWhatIsLeftOfTheBudgetAsItsJobTimeout() {
    bed.logins(1, 2, "ada@acme.example");

    pull("logins");

    com.google.cloud.bigquery.BigQuery client = com.google.cloud.bigquery.BigQueryOptions.newBuilder()
        .setHost(bq.endpoint()).setProjectId(UsageTestbed.PROJECT)
        .setCredentials(com.google.cloud.NoCredentials.getInstance()).build().getService();
    for (var executed : bq.jobs()) {
      var config = (com.google.cloud.bigquery.QueryJobConfiguration) client.getJob(executed.jobId()).getConfiguration();
      assertThat(config.getJobTimeoutMs()).as(executed.query())
          .isBetween(10_000L, java.time.Duration.ofMinutes(20).toMillis());
    }
    assertThat(bq.jobs()).isNotEmpty();
  }

  @Test
  void aJobTheRunGivesUpOnIsCancelled() {
    bed.logins(1, 2, "ada@acme.example");
    bq.clearCounts();
    bq.faults().add(new dev.bqsync.emulator.Faults.Rule("jobs.getQueryResults", 0, 1, 400, "invalid", null));

    SectionOutcome o = pull("logins");

    assertThat(o.status()).isEqualTo(RunStatus.FAILED);
    assertThat(bq.requestCount("jobs.cancel")).isEqualTo(1);
  }

  @Test
  void a503OnTheSecondPageIsRetriedAndNothingIsLost() {
    bed.logins(1, 5, "ada@acme.example");
    bq.clearCounts();
    bq.faults().failNext("tabledata.list", 1, 503);

    SectionOutcome o = pull("logins");

    assertThat(o.status()).isEqualTo(RunStatus.OK);
    assertThat(o.rowsWritten()).isEqualTo(5);
    // pages of one batch (2 rows): the first from the job, then 2 more, the first of them twice
    assertThat(bq.requestCount("tabledata.list")).isEqualTo(3);
    assertThat(bed.documents("userActivities")).hasSize(5);
  }

  @Test
  void aSecondConcurrentPullOfTheTenantReportsAlreadyRunning() throws Exception {
    bed.logins(1, 3, "ada@acme.example");
    bq.clearCounts();
    bq.faults().delayNext("jobs.insert", 1, Duration.ofMillis(1500));

    CompletableFuture<JobResult> first = CompletableFuture.supplyAsync(
        () -> bed.job(clock).run(JobRequest.usage(TENANT, "logins", false), null));
    while (bq.requestCount("jobs.insert") == 0 && !first.isDone()) {
      Thread.sleep(10);
    }
    JobResult<SectionOutcome> second = job.run(JobRequest.usage(TENANT, "logins", false), null);

    assertThat(only(second, "logins").status()).isEqualTo(RunStatus.ALREADY_RUNNING);
    assertThat(only(second, "logins").message()).contains("another usage pull of this tenant is running");
    assertThat(only(first.get(), "logins").status()).isEqualTo(RunStatus.OK);
  }

  @Test
  void unknownTenantsAndSectionsAreRefused() {
    assertThat(job.run(JobRequest.usage("nobody", null, false), null).refusal()).isEqualTo(Refusal.NOT_FOUND);
    JobResult<SectionOutcome> noSection = job.run(JobRequest.usage(TENANT, "nope", false), null);
    assertThat(HttpAnswers.status(noSection)).isEqualTo(404);
    assertThat(noSection.message()).contains("has no usage section 'nope'");
  }
}
