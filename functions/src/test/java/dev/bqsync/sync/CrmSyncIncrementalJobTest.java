package dev.bqsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bqsync.core.config.CrmModel;
import dev.bqsync.core.crm.CrmSyncPlanner;
import dev.bqsync.core.crm.KeyDeletions;
import dev.bqsync.core.state.RunStatus;
import dev.bqsync.emulator.BigQueryEmulator;
import dev.bqsync.emulator.ExecutedJob;
import dev.bqsync.testing.MutableClock;
import dev.bqsync.testing.ProjectFiles;
import dev.bqsync.testing.UsageTestbed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The CRM sync of a tenant with a state dataset, on both emulators through the real clients: the
 * first run is full, later runs read only what changed, deletions are not undone, and a full resync
 * afterwards finds nothing left to do (the incremental runs ended where a full read would).
 */
class CrmSyncIncrementalJobTest {
  private static final String TENANT = UsageTestbed.TENANT;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
  private UsageTestbed bed;
  private BigQueryEmulator bq;
  private CrmSyncJob job;

  @BeforeEach
  void fresh() {
    bed = UsageTestbed.fresh();
    bed.crmSetup();
    bed.applyTenant(ProjectFiles.read("functions/src/test/resources/tenant-crm-test.json").replace(
        "\"allowedProjects\"", "\"stateDataset\": \"acme-analytics.bqsync_state\", \"allowedProjects\""));
    bed.deleteRecords(CrmModel.Company);
    bed.deleteRecords(CrmModel.EndUser);
    bq = UsageTestbed.bigquery();
    // No lookback: these runs follow each other within seconds, and the lookback's re-reads would hide
    // whether a run read only the changes (production re-reads 15 minutes; re-read records plan nothing).
    job = bed.components(clock, Map.of(), b -> b.crmChangeLookback(Duration.ZERO)).crmSync();
    bed.sql("INSERT INTO crm.companies (company_id, name, mrr, employees) VALUES ('c1', 'Acme Rockets', 100.5, 40), "
        + "('c2', 'Globex BQ', 5, 7), ('c4', 'Umbrella', 1, 2)");
    bed.importRecords(CrmModel.Company, List.of(
        Map.of("externalId", "c2", "name", "Globex CRM", "mrr", 300.0),
        Map.of("externalId", "c3", "name", "Initech", "mrr", 42.25, "employees", 12L)));
  }

  private CrmSectionOutcome sync(JobRequest request) {
    JobResult<CrmSectionOutcome> result = job.run(request, null);
    return result.sections().stream().filter(s -> s.sectionId().equals("companies")).findFirst().orElseThrow();
  }

  private CrmSectionOutcome sync() {
    return sync(JobRequest.crm(TENANT, "companies", false));
  }

  private String id(String externalId) {
    return CrmSyncPlanner.createdId(TENANT, "Company", externalId);
  }

  private long merges() {
    return bq.jobs().stream().map(ExecutedJob::statementType).filter("MERGE"::equals).count();
  }

  /** Runs until a run reads nothing: the echo of a run's own writes is read once by the next. */
  private CrmSectionOutcome settle() {
    CrmSectionOutcome last = null;
    for (int i = 0; i < 3; i++) {
      last = sync();
      assertThat(last.status()).isEqualTo(RunStatus.OK);
      if (last.counts().rowsRead() == 0 && last.counts().recordsRead() == 0) {
        return last;
      }
    }
    return last;
  }

  @Test
  void theFirstRunIsFullAndLaterRunsReadOnlyWhatChanged() {
    CrmSectionOutcome first = sync();

    assertThat(first.status()).isEqualTo(RunStatus.OK);
    assertThat(first.notes()).anySatisfy(n -> assertThat(n).startsWith("full read (the first run with a state)"));
    assertThat(first.plan().crmCreates()).as("c1 and c4").isEqualTo(2);
    assertThat(first.plan().warehouseInserts()).as("c3").isEqualTo(1);
    assertThat(bed.bigqueryRows("SELECT COUNT(*) FROM bqsync_state.crm_companies")).isEqualTo("4|\n");

    CrmSectionOutcome echo = sync();
    assertThat(echo.notes()).anySatisfy(n -> assertThat(n).startsWith("incremental:"));
    assertThat(echo.plan().crmWrites()).as("the first run's writes, read back, plan nothing").isEmpty();
    assertThat(echo.plan().warehouseWrites()).isEmpty();

    bq.clearCounts();
    CrmSectionOutcome quiet = settle();
    assertThat(quiet.counts().rowsRead()).isZero();
    assertThat(quiet.counts().recordsRead()).isZero();
    assertThat(quiet.counts().bigQueryJobs()).as("one change query, no MERGE").isEqualTo(1);
    assertThat(quiet.counts().bytesProcessed()).as("the change query scans the source and the state").isPositive();
    assertThat(quiet.counts().rowsTransferred()).as("no row changed: none comes to the function").isZero();
    assertThat(quiet.counts().crmReads()).as("an empty change page and the two keyed-record counts").isEqualTo(3);
    assertThat(quiet.counts().crmWrites()).isZero();
    bq.clearCounts();
    sync();
    assertThat(merges()).isZero();

    bed.sql("UPDATE crm.companies SET name = 'Acme Rockets Ltd' WHERE company_id = 'c1'");
    bed.importRecords(CrmModel.Company, List.of(Map.of("externalId", "c3", "name", "Initech Inc", "mrr", 50.0,
        "employees", 12L)));
    CrmSectionOutcome edits = sync();

    assertThat(edits.counts().rowsRead()).as("c1 changed, c3 named by its CRM change").isEqualTo(2);
    assertThat(edits.counts().rowsTransferred()).as("the changed rows only").isEqualTo(2);
    assertThat(edits.counts().bigQueryJobs()).as("change query, target MERGE, state MERGE").isEqualTo(3);
    assertThat(edits.counts().bigQueryMs()).as("the time BigQuery ran the 3 jobs, from their statistics: "
        + "at least 1 ms each").isGreaterThanOrEqualTo(3);
    assertThat(bed.record(CrmModel.Company, id("c1"))).containsEntry("name", "Acme Rockets Ltd");
    assertThat(bed.bigqueryRows("SELECT name, mrr FROM crm.companies WHERE company_id = 'c3'"))
        .isEqualTo("Initech Inc|50|\n");

    settle();
    CrmSectionOutcome full = sync(JobRequest.crm(TENANT, "companies", true, false));
    assertThat(full.notes()).anySatisfy(n -> assertThat(n).startsWith("full read (a full resync was asked for)"));
    assertThat(full.plan().crmWrites()).as("the incremental runs left what a full read decides").isEmpty();
    assertThat(full.plan().warehouseWrites()).isEmpty();
  }

  @Test
  void aDeletedRowOrRecordIsADeletionAndIsNeverRecreated() {
    sync();
    settle();
    bed.sql("DELETE FROM crm.companies WHERE company_id = 'c2'");
    bed.deleteRecord(CrmModel.Company, id("c4"));

    CrmSectionOutcome after = sync();

    assertThat(after.notes()).as("no change read returns a deleted record: the count of keyed records does")
        .anySatisfy(n -> assertThat(n).startsWith("full read (the CRM holds 3 records with a key where 4 were "
            + "expected"));
    assertThat(after.plan().deletions()).as("both deletions found by the same run").isEqualTo(new KeyDeletions(1, 1));
    assertThat(after.plan().warehouseWrites()).as("c2 not re-inserted").isEmpty();
    assertThat(after.plan().crmWrites()).as("c4 not re-created").isEmpty();
    CrmSectionOutcome next = sync();
    assertThat(next.notes()).as("the count matches again").anySatisfy(n -> assertThat(n).startsWith("incremental:"));
    settle();
    CrmSectionOutcome full = sync(JobRequest.crm(TENANT, "companies", true, false));
    assertThat(full.plan().deletions()).as("both already known").isEqualTo(KeyDeletions.NONE);
    assertThat(full.plan().crmWrites()).isEmpty();
    assertThat(full.plan().warehouseWrites()).isEmpty();
    assertThat(bed.bigqueryRows("SELECT company_id FROM crm.companies ORDER BY 1")).isEqualTo("c1|\nc3|\nc4|\n");
    assertThat(bed.record(CrmModel.Company, id("c4"))).isNull();
  }

  @Test
  void aDryRunWritesNeitherStateNorWatermark() {
    CrmSectionOutcome planned = sync(JobRequest.crm(TENANT, "companies", true));

    assertThat(planned.plan().crmCreates()).isEqualTo(2);
    assertThat(bed.bigqueryRows("SELECT COUNT(*) FROM bqsync_state.crm_companies")).isEqualTo("0|\n");
    assertThat(sync().notes()).anySatisfy(n -> assertThat(n).startsWith("full read (the first run with a state)"));
  }

  private CrmSectionOutcome syncWith(dev.bqsync.core.crm.LargeChangeSet large) {
    CrmSyncJob tuned = bed.components(clock, Map.of(), b -> b.crmChangeLookback(Duration.ZERO).crmLargeChangeSet(large))
        .crmSync();
    return tuned.run(JobRequest.crm(TENANT, "companies", false), null).sections().stream()
        .filter(s -> s.sectionId().equals("companies")).findFirst().orElseThrow();
  }

  @Test
  void aChangeSetOverTheShareIsReadInFullAndDecidesTheSame() {
    var halfNoFloor = new dev.bqsync.core.crm.LargeChangeSet(0.5, 0, 8L * 1024 * 1024);
    sync();
    settle();
    bed.importRecords(CrmModel.Company, List.of(Map.of("externalId", "c1", "employees", 41L),
        Map.of("externalId", "c2", "employees", 8L), Map.of("externalId", "c3", "employees", 13L)));

    CrmSectionOutcome large = syncWith(halfNoFloor);

    assertThat(large.notes()).anySatisfy(n -> assertThat(n).startsWith("full read (3 or more CRM records changed since "
        + "the last run, over 50% of the 4 the state holds"));
    assertThat(large.plan().warehouseUpdates()).isEqualTo(3);
    assertThat(bed.bigqueryRows("SELECT company_id, employees FROM crm.companies ORDER BY 1"))
        .isEqualTo("c1|41|\nc2|8|\nc3|13|\nc4|2|\n");
    settle(); // the echo of the 3 records the full run wrote: over the share again
    bed.importRecords(CrmModel.Company, List.of(Map.of("externalId", "c4", "employees", 3L)));
    CrmSectionOutcome small = syncWith(halfNoFloor);
    assertThat(small.notes()).as("1 of 4: under the share")
        .anySatisfy(n -> assertThat(n).startsWith("incremental:"));
    assertThat(bed.bigqueryRows("SELECT employees FROM crm.companies WHERE company_id = 'c4'")).isEqualTo("3|\n");
  }

  @Test
  void keysBeyondOneChangeQueryRequestAreReadInFull() {
    sync();
    settle();
    bed.importRecords(CrmModel.Company, List.of(Map.of("externalId", "c1", "employees", 41L)));

    CrmSectionOutcome run = syncWith(new dev.bqsync.core.crm.LargeChangeSet(1.0, 0, 20));

    assertThat(run.notes()).anySatisfy(n -> assertThat(n).startsWith("full read (1 or more CRM records changed since "
        + "the last run, more keys than one change query holds)"));
    assertThat(bed.bigqueryRows("SELECT employees FROM crm.companies WHERE company_id = 'c1'")).isEqualTo("41|\n");
  }

  @Test
  void manyRecordsToFetchForBigQueryChangesAreReadByOneScan() {
    sync();
    settle();
    bed.sql("UPDATE crm.companies SET employees = employees + 100 WHERE company_id IN ('c1', 'c2', 'c4')");

    CrmSectionOutcome run = syncWith(new dev.bqsync.core.crm.LargeChangeSet(0.5, 0, 8L * 1024 * 1024));

    assertThat(run.notes()).anySatisfy(n -> assertThat(n).startsWith("incremental:")
        .contains("3 CRM records fetched by one scan of the model, more than 50% of it"));
    assertThat(run.counts().crmReads()).as("the scan reads every record").isGreaterThanOrEqualTo(4);
    assertThat(bed.record(CrmModel.Company, id("c1"))).containsEntry("employees", 140L);
    assertThat(bed.record(CrmModel.Company, id("c2"))).containsEntry("employees", 107L);
    settle();
    bed.sql("UPDATE crm.companies SET employees = 1 WHERE company_id = 'c4'");
    CrmSectionOutcome one = syncWith(new dev.bqsync.core.crm.LargeChangeSet(0.5, 0, 8L * 1024 * 1024));
    assertThat(one.notes()).anySatisfy(n -> assertThat(n).startsWith("incremental:").doesNotContain("by one scan"));
    assertThat(bed.record(CrmModel.Company, id("c4"))).containsEntry("employees", 1L);
  }
}
