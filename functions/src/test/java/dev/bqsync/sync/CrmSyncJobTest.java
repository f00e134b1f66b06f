package dev.bqsync.sync;

import dev.bqsync.function.HttpAnswers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bqsync.core.config.CrmModel;
import dev.bqsync.core.crm.CrmRecord;
import dev.bqsync.core.crm.CrmSyncPlanner;
import dev.bqsync.core.crm.SyncPlan;
import dev.bqsync.core.state.JobKind;
import dev.bqsync.core.state.RunStatus;
import dev.bqsync.emulator.BigQueryEmulator;
import dev.bqsync.emulator.ExecutedJob;
import dev.bqsync.gcp.FirestoreCrmStore;
import dev.bqsync.gcp.FirestoreLeaseStore;
import dev.bqsync.port.CrmStore;
import dev.bqsync.testing.MutableClock;
import dev.bqsync.testing.UsageTestbed;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.IntUnaryOperator;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CRM sync against Google's Firestore emulator and the BigQuery emulator, through the real clients. */
class CrmSyncJobTest {
  private static final String TENANT = UsageTestbed.TENANT;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
  private UsageTestbed bed;
  private BigQueryEmulator bq;
  private CrmSyncJob job;

  @BeforeEach
  void fresh() {
    bed = UsageTestbed.fresh();
    bed.crmSetup();
    bed.deleteRecords(CrmModel.Company); // the usage tests' records; these tests bring their own
    bed.deleteRecords(CrmModel.EndUser);
    bq = UsageTestbed.bigquery();
    job = bed.crmJob(clock);
    bed.sql("INSERT INTO crm.companies (company_id, name, mrr, renewal_date, employees, last_activity, tags, tier, is_active) "
        + "VALUES ('c1', 'Acme Rockets', 100.5, DATE '2027-01-31', 40, TIMESTAMP '2026-11-01 08:00:00.123456', "
        + "JSON '{\"b\": 1, \"a\": [\"x\"]}', 'gold', TRUE), "
        + "('c2', 'Globex BQ', 5, DATE '2027-03-31', 7, NULL, NULL, NULL, FALSE)");
    bed.importRecords(CrmModel.Company, List.of(
        Map.of("externalId", "c2", "name", "Globex CRM", "mrr", 300.0),
        Map.of("externalId", "c3", "name", "Initech", "mrr", 42.25, "employees", 12L)));
  }

  private CrmSectionOutcome sync(String section) {
    JobResult<CrmSectionOutcome> result = job.run(JobRequest.crm(TENANT, section, false), null);
    return result.sections().stream().filter(s -> s.sectionId().equals(section)).findFirst().orElseThrow();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> custom(Map<String, Object> record) {
    return (Map<String, Object>) record.get("custom");
  }

  private String id(String externalId) {
    return CrmSyncPlanner.createdId(TENANT, "Company", externalId);
  }

  private long merges() {
    return bq.jobs().stream().map(ExecutedJob::statementType).filter("MERGE"::equals).count();
  }

  @Test
  void theFirstSyncCreatesOnBothSidesAndTheSecondWritesNothing() {
    CrmSectionOutcome first = sync("companies");

    assertThat(first.status()).isEqualTo(RunStatus.OK);
    assertThat(first.plan().matched()).isEqualTo(1);
    assertThat(first.plan().crmCreates()).isEqualTo(1);
    assertThat(first.plan().warehouseInserts()).isEqualTo(1);
    // c2 differs in name, renewalDate, employees and custom.active and has no snapshot yet: 4 conflicts,
    // all won by BigQuery (the default policy)
    assertThat(first.plan().conflicts()).isEqualTo(4);
    assertThat(first.plan().conflictSamples()).allMatch(c -> c.key().equals("c2") && c.winner() == dev.bqsync.core.crm.Side.WAREHOUSE);
    assertThat(first.bigQueryJobs()).as("one read and one MERGE").isEqualTo(2);
    Map<String, Object> created = bed.record(CrmModel.Company, id("c1"));
    assertThat(created).containsEntry("externalId", "c1").containsEntry("name", "Acme Rockets")
        .containsEntry("renewalDate", "2027-01-31").containsEntry("employees", 40L);
    assertThat(created.get("tags")).isEqualTo(Map.of("a", List.of("x"), "b", 1L));
    assertThat(custom(created)).containsEntry("tier", "gold").containsEntry("active", true);
    assertThat(created).as("a new record takes its SEND fields from the row too").containsEntry("mrr", 100.5);
    assertThat(bed.bigqueryRows("SELECT company_id, name, mrr, employees FROM crm.companies ORDER BY 1"))
        .contains("c2|Globex BQ|300|7|").contains("c3|Initech|42.25|12|");

    long lastModified = bq.jobs().size();
    bq.clearCounts();
    CrmSectionOutcome second = sync("companies");

    assertThat(second.plan().crmWrites()).as("no echo in the CRM").isEmpty();
    assertThat(second.plan().warehouseWrites()).as("no echo in BigQuery").isEmpty();
    assertThat(second.bigQueryJobs()).isEqualTo(1);
    assertThat(merges()).isZero();
    assertThat(lastModified).isPositive();
  }

  @Test
  void aRowBigQueryRefusesIsARejectedRowAndEveryOtherChangeSyncs() {
    // an unmapped REQUIRED column: the insert of the CRM-only c3 leaves it NULL, which BigQuery refuses
    bed.sql("CREATE OR REPLACE TABLE crm.companies (company_id STRING, name STRING, mrr NUMERIC, renewal_date DATE, "
        + "employees INT64, last_activity TIMESTAMP, tags JSON, tier STRING, is_active BOOL, updated_at TIMESTAMP, "
        + "region STRING NOT NULL)");
    bed.sql("INSERT INTO crm.companies (company_id, name, mrr, region) VALUES ('c1', 'Acme Rockets', 100.5, 'EU'), "
        + "('c2', 'Globex BQ', 5, 'US')");

    CrmSectionOutcome first = sync("companies");

    assertThat(first.status()).as("one refused row never fails the section").isEqualTo(RunStatus.OK);
    assertThat(first.rejectedByReason()).containsEntry("WAREHOUSE_REFUSED", 1L);
    assertThat(first.rejectedSamples()).anySatisfy(r -> {
      assertThat(r.key()).isEqualTo("c3");
      assertThat(r.detail()).contains("NOT NULL").contains("region");
    });
    assertThat(bed.bigqueryRows("SELECT company_id, name, mrr FROM crm.companies ORDER BY 1"))
        .isEqualTo("c1|Acme Rockets|100.5|\nc2|Globex BQ|300|\n");
    assertThat(bed.record(CrmModel.Company, id("c1"))).as("the CRM-side create of another key lands").isNotNull();
    assertThat(bed.record(CrmModel.Company, id("c2"))).containsEntry("name", "Globex BQ");
    @SuppressWarnings("unchecked")
    Map<String, Object> c3Snapshot = (Map<String, Object>) bed.record(CrmModel.Company, id("c3")).get("syncState");
    assertThat(c3Snapshot == null ? Map.of() : c3Snapshot).as("no snapshot of a sync that did not happen")
        .doesNotContainKey("companies");

    bq.clearCounts();
    CrmSectionOutcome second = sync("companies");

    assertThat(second.status()).isEqualTo(RunStatus.OK);
    assertThat(second.rejectedByReason()).as("refused again, the same way, until fixed").containsEntry("WAREHOUSE_REFUSED", 1L);
    assertThat(second.plan().crmWrites()).as("nothing else to write").isEmpty();
    assertThat(second.plan().warehouseWrites()).isEmpty();
  }

  @Test
  void editsOnEachSideBetweenRunsGoTheRightWay() {
    sync("companies");
    bed.sql("UPDATE crm.companies SET name = 'Acme Rockets Ltd', tier = 'platinum' WHERE company_id = 'c1'");
    new FirestoreCrmStore(bed.firestore, java.time.Clock.systemUTC()).write(TENANT, CrmModel.Company, "other-section", List.of(
        new SyncPlan.CrmWrite(id("c1"), "c1", false, Map.of("employees", 41L, "mrr", 150.0), Map.of())), null);

    CrmSectionOutcome o = sync("companies");

    assertThat(o.plan().conflicts()).isZero();
    Map<String, Object> record = bed.record(CrmModel.Company, id("c1"));
    assertThat(record).containsEntry("name", "Acme Rockets Ltd").containsEntry("employees", 41L);
    assertThat(custom(record)).containsEntry("tier", "platinum");
    assertThat(bed.bigqueryRows("SELECT name, employees, mrr FROM crm.companies WHERE company_id = 'c1'"))
        .isEqualTo("Acme Rockets Ltd|41|150|\n");
    assertThat(o.plan().changesByField()).containsEntry("name", 1L).containsEntry("employees", 1L)
        .containsEntry("mrr", 1L).containsEntry("custom.tier", 1L);
  }

  @Test
  void aDryRunPlansTheSameAndWritesNothing() {
    String before = bed.crmState();

    JobResult<CrmSectionOutcome> dry = job.run(JobRequest.crm(TENANT, "companies", true), null);

    assertThat(dry.sections().get(0).plan().crmCreates()).isEqualTo(1);
    assertThat(dry.sections().get(0).dryRun()).isTrue();
    assertThat(bed.crmState()).isEqualTo(before);
    assertThat(merges()).isZero();
    assertThat(bed.documents("runs")).isEmpty();
  }

  @Test
  void aViewIsReceivedFromAndNeverWritten() {
    bed.sql("INSERT INTO crm.end_users VALUES ('Ada@Acme.example', 'Ada', 'c1'), ('bob@acme.example', 'Bob', 'c2')");
    bed.importRecords(CrmModel.EndUser, List.of(Map.of("email", "ada@acme.EXAMPLE", "firstName", "A.")));

    CrmSectionOutcome o = sync("end-users");

    assertThat(o.status()).isEqualTo(RunStatus.OK);
    assertThat(o.plan().matched()).as("emails match case-insensitively").isEqualTo(1);
    assertThat(o.plan().crmCreates()).isEqualTo(1);
    assertThat(o.bigQueryJobs()).isEqualTo(1);

    bed.applyTenant(dev.bqsync.testing.ProjectFiles.read("functions/src/test/resources/tenant-crm-test.json")
        .replace("\"warehouseKey\": \"email\", \"direction\": \"RECEIVE\"", "\"warehouseKey\": \"email\", \"direction\": \"BOTH\""));
    CrmSectionOutcome both = sync("end-users");
    assertThat(both.status()).isEqualTo(RunStatus.FAILED);
    assertThat(both.message()).contains("is a view, and views are read-only").contains("make the section");
  }

  @Test
  void aCrashAfterTheMergeAndBeforeTheCrmWritesConverges() {
    String clean = cleanState();
    bed = UsageTestbed.fresh();
    fresh();
    CrmStore crashing = crashingCrmWrites(size -> 0, "injected crash after the MERGE");
    JobResult<CrmSectionOutcome> crashed = bed.crmJob(clock, crashing).run(JobRequest.crm(TENANT, "companies", false), null);
    assertThat(HttpAnswers.status(crashed)).isEqualTo(503);

    sync("companies");
    sync("companies");

    assertThat(bed.crmState()).isEqualTo(clean);
  }

  @Test
  void aCrashHalfwayThroughTheCrmWritesConverges() {
    String clean = cleanState();
    bed = UsageTestbed.fresh();
    fresh();
    CrmStore halfway = crashingCrmWrites(size -> size / 2, "injected crash halfway through the CRM writes");
    bed.crmJob(clock, halfway).run(JobRequest.crm(TENANT, "companies", false), null);

    sync("companies");
    sync("companies");

    assertThat(bed.crmState()).isEqualTo(clean);
  }

  /** What a test CRM store does with a batch, given the real store to pass it to. */
  private interface BatchWrite {
    void write(FirestoreCrmStore real, String tenantId, CrmModel model, String sectionId, List<SyncPlan.CrmWrite> writes,
        dev.bqsync.core.state.Lease lease);
  }

  /** The real CRM store, with its writes going through {@code batch}. */
  private CrmStore crmStoreWriting(BatchWrite batch) {
    FirestoreCrmStore real = new FirestoreCrmStore(bed.firestore, clock);
    return new CrmStore() {
      @Override
      public List<CrmRecord> records(String tenantId, CrmModel model, String sectionId, Collection<String> fields) {
        return real.records(tenantId, model, sectionId, fields);
      }

      @Override
      public void write(String tenantId, CrmModel model, String sectionId, List<SyncPlan.CrmWrite> writes,
          dev.bqsync.core.state.Lease lease) {
        batch.write(real, tenantId, model, sectionId, writes, lease);
      }
    };
  }

  /** The real CRM store, except that a write stores only its first {@code kept} records and then crashes. */
  private CrmStore crashingCrmWrites(IntUnaryOperator kept, String crash) {
    return crmStoreWriting((real, tenantId, model, sectionId, writes, lease) -> {
      int keep = kept.applyAsInt(writes.size());
      if (keep > 0) {
        real.write(tenantId, model, sectionId, writes.subList(0, keep), lease);
      }
      throw new dev.bqsync.core.TransientException(crash, null);
    });
  }

  private String cleanState() {
    sync("companies");
    sync("companies");
    return bed.crmState();
  }

  @Test
  void aRunWhoseLeaseIsTakenOverLandsNothingMoreAndTheWinnerEndsAsACleanRunWould() throws Exception {
    bed.sql("UPDATE crm.companies SET name = 'Acme Rockets v2' WHERE company_id = 'c1'");
    String clean = cleanState();
    bed = UsageTestbed.fresh();
    fresh();
    java.util.concurrent.CountDownLatch planned = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch resume = new java.util.concurrent.CountDownLatch(1);
    CrmStore pausing = crmStoreWriting((real, tenantId, model, sectionId, writes, lease) -> {
      planned.countDown();
      try {
        resume.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      real.write(tenantId, model, sectionId, writes, lease);
    });
    var loser = java.util.concurrent.CompletableFuture.supplyAsync(() ->
        bed.crmJob(clock, pausing).run(JobRequest.crm(TENANT, "companies", false), null));
    planned.await();

    // The loser planned c1 as 'Acme Rockets' and is paused before its first CRM batch. Its lease is
    // freed (as if it had expired), BigQuery changes, and another run takes the tenant and finishes.
    new FirestoreLeaseStore(bed.firestore, clock).forceRelease(TENANT, JobKind.CRM_SYNC);
    bed.sql("UPDATE crm.companies SET name = 'Acme Rockets v2' WHERE company_id = 'c1'");
    CrmSectionOutcome winner = sync("companies");
    resume.countDown();
    CrmSectionOutcome lost = loser.get().sections().get(0);

    assertThat(winner.status()).isEqualTo(RunStatus.OK);
    assertThat(lost.status()).isEqualTo(RunStatus.ABANDONED);
    assertThat(lost.message()).contains("lost its crm lease").contains("did not land");
    assertThat(bed.record(CrmModel.Company, id("c1")).get("name")).isEqualTo("Acme Rockets v2");
    assertThat(sync("companies").counts().crmWritesApplied()).isZero();
    assertThat(bed.crmState()).isEqualTo(clean);
  }

  @Test
  void a503OnTheMergeWritesNothingToTheCrmAndIsRetried() {
    bq.faults().failAfter("jobs.insert", 1, 50, 503);
    String crmBefore = String.valueOf(bed.record(CrmModel.Company, id("c1")));

    // A two-second budget on the real clock: retries stop when it is spent, not after minutes.
    CrmSyncJob budgeted = bed.components(java.time.Clock.systemUTC(),
        Map.of(dev.bqsync.function.Settings.CRM_TIME_BUDGET_SECONDS, "2"), b -> { }).crmSync();
    JobResult<CrmSectionOutcome> result = budgeted.run(JobRequest.crm(TENANT, "companies", false), null);

    assertThat(HttpAnswers.status(result)).isEqualTo(503);
    assertThat(result.sections().get(0).message()).startsWith("transient failure");
    assertThat(String.valueOf(bed.record(CrmModel.Company, id("c1")))).isEqualTo(crmBefore);
  }

  @Test
  void aMergeIntoRowsStillInTheStreamingBufferIsARetryLaterNotAFailure() {
    bq.streamingFlushDelay(Duration.ofHours(1));
    com.google.cloud.bigquery.BigQuery client = com.google.cloud.bigquery.BigQueryOptions.newBuilder()
        .setHost(bq.endpoint()).setProjectId(UsageTestbed.PROJECT)
        .setCredentials(com.google.cloud.NoCredentials.getInstance()).build().getService();
    // c2 is streamed again, so the row the MERGE must update is in the buffer
    bed.sql("DELETE FROM crm.companies WHERE company_id = 'c2'");
    client.insertAll(com.google.cloud.bigquery.InsertAllRequest.newBuilder(
        com.google.cloud.bigquery.TableId.of(UsageTestbed.PROJECT, "crm", "companies"))
        .addRow(Map.of("company_id", "c2", "name", "Globex BQ")).build());
    String crmBefore = String.valueOf(bed.record(CrmModel.Company, id("c1")));
    CrmSyncJob budgeted = bed.components(java.time.Clock.systemUTC(),
        Map.of(dev.bqsync.function.Settings.CRM_TIME_BUDGET_SECONDS, "2"), b -> { }).crmSync();

    JobResult<CrmSectionOutcome> result = budgeted.run(JobRequest.crm(TENANT, "companies", false), null);

    assertThat(HttpAnswers.status(result)).isEqualTo(503);
    assertThat(result.sections().get(0).message()).startsWith("transient failure")
        .contains("would affect rows in the streaming buffer");
    assertThat(String.valueOf(bed.record(CrmModel.Company, id("c1")))).as("no CRM write before the MERGE landed")
        .isEqualTo(crmBefore);
  }

  @Test
  void aSecondConcurrentSyncReportsAlreadyRunning() {
    new FirestoreLeaseStore(bed.firestore, clock).tryAcquire(TENANT, JobKind.CRM_SYNC, "other-run", Duration.ofMinutes(5));

    JobResult<CrmSectionOutcome> result = job.run(JobRequest.crm(TENANT, null, false), null);

    assertThat(result.sections()).extracting(CrmSectionOutcome::status).containsOnly(RunStatus.ALREADY_RUNNING);
  }
}
