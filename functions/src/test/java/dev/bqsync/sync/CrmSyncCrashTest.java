package dev.bqsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bqsync.core.config.CrmModel;
import dev.bqsync.core.crm.CrmSyncPlanner;
import dev.bqsync.core.crm.CrmWatermark;
import dev.bqsync.core.crm.SyncPlan;
import dev.bqsync.core.state.Lease;
import dev.bqsync.core.state.RunStatus;
import dev.bqsync.emulator.BigQueryEmulator;
import dev.bqsync.emulator.ExecutedJob;
import dev.bqsync.gcp.FirestoreCrmStore;
import dev.bqsync.gcp.FirestoreCrmWatermarks;
import dev.bqsync.port.CrmStore;
import dev.bqsync.port.CrmWatermarks;
import dev.bqsync.testing.MutableClock;
import dev.bqsync.testing.ProjectFiles;
import dev.bqsync.testing.UsageTestbed;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A CRM sync with a state dataset, crashed at each of its writes (the target MERGE, before the CRM
 * writes, halfway through them, the state MERGE, the watermark), then run normally: it ends exactly
 * where a run that never crashed ends, with nothing created twice, no edit reverted and every
 * deletion carried out once. On both emulators; the crash is a failure at that write.
 */
class CrmSyncCrashTest {
  private static final String TENANT = UsageTestbed.TENANT;

  enum Crash { TARGET_MERGE, BEFORE_CRM_WRITES, HALFWAY_CRM_WRITES, STATE_MERGE, WATERMARK }

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
  private UsageTestbed bed;
  private BigQueryEmulator bq;
  private Crash armed;

  /** The CRM store, failing its writes when armed to. */
  private final class CrashingStore implements CrmStore {
    private final FirestoreCrmStore store;

    CrashingStore(FirestoreCrmStore store) {
      this.store = store;
    }

    @Override
    public List<dev.bqsync.core.crm.CrmRecord> records(String tenantId, CrmModel model, String sectionId,
        Collection<String> fields) {
      return store.records(tenantId, model, sectionId, fields);
    }

    @Override
    public void write(String tenantId, CrmModel model, String sectionId, List<SyncPlan.CrmWrite> writes, Lease lease) {
      if (armed == Crash.BEFORE_CRM_WRITES) {
        armed = null;
        throw new IllegalStateException("crash before the CRM writes");
      }
      if (armed == Crash.HALFWAY_CRM_WRITES) {
        armed = null;
        store.write(tenantId, model, sectionId, writes.subList(0, writes.size() / 2), lease);
        throw new IllegalStateException("crash halfway through the CRM writes");
      }
      store.write(tenantId, model, sectionId, writes, lease);
    }
  }

  private final class CrashingWatermarks implements CrmWatermarks {
    private final FirestoreCrmWatermarks marks;

    CrashingWatermarks(FirestoreCrmWatermarks marks) {
      this.marks = marks;
    }

    @Override
    public Optional<CrmWatermark> read(String tenantId, String sectionId) {
      return marks.read(tenantId, sectionId);
    }

    @Override
    public void write(String tenantId, String sectionId, CrmWatermark watermark, Lease lease) {
      if (armed == Crash.WATERMARK) {
        armed = null;
        throw new IllegalStateException("crash before the watermark");
      }
      marks.write(tenantId, sectionId, watermark, lease);
    }
  }

  private CrmSyncJob start() {
    bed = UsageTestbed.fresh();
    bed.crmSetup();
    bed.applyTenant(ProjectFiles.read("functions/src/test/resources/tenant-crm-test.json")
        .replace("\"allowedProjects\"", "\"stateDataset\": \"acme-analytics.bqsync_state\", \"allowedProjects\"")
        .replace("\"id\": \"companies\",", "\"id\": \"companies\", \"onDelete\": {\"rowDeleted\": {\"policy\": "
            + "\"DELETE\"}, \"recordDeleted\": {\"policy\": \"DELETE\"}},"));
    bed.deleteRecords(CrmModel.Company);
    bed.deleteRecords(CrmModel.EndUser);
    bq = UsageTestbed.bigquery();
    CrmSyncJob job = bed.components(clock, Map.of(), b -> b.crmChangeLookback(Duration.ZERO)
        .crmStore(new CrashingStore(new FirestoreCrmStore(bed.firestore, clock)))
        .crmWatermarks(new CrashingWatermarks(new FirestoreCrmWatermarks(bed.firestore, clock)))).crmSync();
    bed.sql("INSERT INTO crm.companies (company_id, name, employees) VALUES ('c1', 'Acme', 1), ('c2', 'Globex', 2), "
        + "('c3', 'Initech', 3), ('c4', 'Umbrella', 4), ('c5', 'Hooli', 5)");
    bed.importRecords(CrmModel.Company, List.of(Map.of("externalId", "c5", "name", "Hooli CRM"),
        Map.of("externalId", "c6", "name", "Stark", "employees", 6L)));
    for (int i = 0; i < 3; i++) {
      assertThat(sync(job).status()).isEqualTo(RunStatus.OK);
    }
    // Edits on both sides: changes, creates and deletions each way.
    bed.sql("UPDATE crm.companies SET name = 'Acme Rockets' WHERE company_id = 'c1'");
    bed.sql("INSERT INTO crm.companies (company_id, name, employees) VALUES ('c7', 'Wayne', 7)");
    bed.sql("DELETE FROM crm.companies WHERE company_id = 'c2'");
    bed.importRecords(CrmModel.Company, List.of(Map.of("externalId", "c3", "name", "Initech", "employees", 33L),
        Map.of("externalId", "c8", "name", "Cyberdyne", "employees", 8L)));
    bed.deleteRecord(CrmModel.Company, CrmSyncPlanner.createdId(TENANT, "Company", "c4"));
    bq.clearCounts();
    return job;
  }

  private CrmSectionOutcome sync(CrmSyncJob job) {
    return job.run(JobRequest.crm(TENANT, "companies", false), null).sections().stream()
        .filter(s -> s.sectionId().equals("companies")).findFirst().orElseThrow();
  }

  /** Both sides and the state's keys, as text: what a run leaves, without times and run ids. */
  private String world() {
    return bed.crmState() + "\nstate:\n" + bed.bigqueryRows("SELECT `key`, warehouse_key, record_ids, rejected, "
        + "row_deleted, record_deleted FROM bqsync_state.crm_companies ORDER BY 1");
  }

  /** The index, among the run's BigQuery jobs, of the first whose query starts with {@code prefix}. */
  private static int jobIndex(List<ExecutedJob> jobs, String prefix) {
    for (int i = 0; i < jobs.size(); i++) {
      if (jobs.get(i).query().startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no job starts with " + prefix + ": " + jobs.stream().map(ExecutedJob::query).toList());
  }

  @ParameterizedTest
  @EnumSource(Crash.class)
  void aCrashAtAnyWriteConvergesOnTheNextRunToWhatARunWithoutOneLeaves(Crash crash) {
    CrmSyncJob reference = start();
    CrmSectionOutcome clean = sync(reference);
    assertThat(clean.status()).as(clean.message()).isEqualTo(RunStatus.OK);
    assertThat(clean.counts().crmDeletes()).as("c2's record").isEqualTo(1);
    assertThat(clean.counts().warehouseDeletes()).as("c4's row").isEqualTo(1);
    List<ExecutedJob> jobs = List.copyOf(bq.jobs());
    sync(reference);
    sync(reference);
    String expected = world();

    CrmSyncJob job = start();
    armed = crash;
    if (crash == Crash.TARGET_MERGE) {
      bq.faults().failAfter("jobs.insert", jobIndex(jobs, "MERGE `acme-analytics`.`crm`.`companies`"), 1, 400);
    } else if (crash == Crash.STATE_MERGE) {
      bq.faults().failAfter("jobs.insert", jobIndex(jobs, "MERGE `acme-analytics`.`bqsync_state`"), 1, 400);
    }
    CrmSectionOutcome crashed = sync(job);
    bq.faults().clear();
    assertThat(crashed.status()).as("the crash at " + crash).isEqualTo(RunStatus.FAILED);

    for (int i = 0; i < 3; i++) {
      assertThat(sync(job).status()).as("run %d after the crash", i + 1).isEqualTo(RunStatus.OK);
    }
    assertThat(world()).as("after a crash at " + crash).isEqualTo(expected);
  }
}
