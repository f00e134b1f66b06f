package dev.bqsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bqsync.core.TransientException;
import dev.bqsync.core.config.CrmModel;
import dev.bqsync.core.crm.CrmRecord;
import dev.bqsync.core.crm.SyncPlan;
import dev.bqsync.core.state.Lease;
import dev.bqsync.core.state.RunStatus;
import dev.bqsync.emulator.BigQueryEmulator;
import dev.bqsync.emulator.ExecutedJob;
import dev.bqsync.gcp.FirestoreCrmStore;
import dev.bqsync.port.CrmStore;
import dev.bqsync.testing.MutableClock;
import dev.bqsync.testing.ProjectFiles;
import dev.bqsync.testing.UsageTestbed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keys that must never multiply rows or records (issue 13): rejected keys left out on both sides and
 * stable over runs, emails matched by the row's own spelling in the MERGE, native ids Firestore
 * cannot hold, a failure halfway through the CRM writes, and skipNulls under BOTH. Through the real
 * clients on the Firestore emulator and the BigQuery emulator.
 */
class CrmSyncKeysTest {
  private static final String TENANT = UsageTestbed.TENANT;
  private static final String TENANT_JSON = "functions/src/test/resources/tenant-crm-test.json";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
  private UsageTestbed bed;
  private BigQueryEmulator bq;

  @BeforeEach
  void fresh() {
    bed = UsageTestbed.freshCrm();
    bq = UsageTestbed.bigquery();
  }

  private CrmSectionOutcome sync(String section) {
    return sync(bed.crmJob(clock), section);
  }

  private static CrmSectionOutcome sync(CrmSyncJob job, String section) {
    JobResult<CrmSectionOutcome> result = job.run(JobRequest.crm(TENANT, section, false), null);
    return result.sections().stream().filter(s -> s.sectionId().equals(section)).findFirst().orElseThrow();
  }

  private long merges() {
    return bq.jobs().stream().map(ExecutedJob::statementType).filter("MERGE"::equals).count();
  }

  /** The test tenant with each {@code from} text replaced by the {@code to} after it. */
  private void tenant(String... fromTo) {
    String json = ProjectFiles.read(TENANT_JSON);
    for (int i = 0; i < fromTo.length; i += 2) {
      assertThat(json).contains(fromTo[i]);
      json = json.replace(fromTo[i], fromTo[i + 1]);
    }
    bed.applyTenant(json);
  }

  /** The end-users section on the table (not the view), synced both ways. */
  private void endUsersBothWays() {
    tenant("crm.end_users_v", "crm.end_users", "\"warehouseKey\": \"email\", \"direction\": \"RECEIVE\"",
        "\"warehouseKey\": \"email\", \"direction\": \"BOTH\"");
  }

  private List<Map<String, Object>> records(CrmModel model) {
    try {
      List<Map<String, Object>> out = new ArrayList<>();
      bed.firestore.collection("tenants").document(TENANT).collection("models").document(model.name())
          .collection("records").get().get().getDocuments().forEach(d -> out.add(UsageTestbed.withoutChangedAt(d.getData())));
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** An edit in the CRM by someone else (another section's write leaves this section's snapshot alone). */
  private void crmEdit(CrmModel model, String id, Map<String, Object> values) {
    new FirestoreCrmStore(bed.firestore, java.time.Clock.systemUTC()).write(TENANT, model, "someone-else",
        List.of(new SyncPlan.CrmWrite(id, id, false, values, Map.of())), null);
  }

  @Test
  void aKeyTwiceInBigQueryLeavesBothRowsAndItsCrmRecordUntouched() {
    bed.sql("INSERT INTO crm.companies (company_id, name, employees) VALUES ('dup1', 'First', 1), ('dup1', 'Second', 2), "
        + "('ok1', 'Fine', 3)");
    bed.importRecords(CrmModel.Company, List.of(Map.of("id", "r-dup1", "externalId", "dup1", "name", "From the CRM",
        "employees", 9L)));
    String recordBefore = String.valueOf(bed.record(CrmModel.Company, "r-dup1"));

    CrmSectionOutcome o = sync("companies");

    assertThat(o.status()).isEqualTo(RunStatus.OK);
    assertThat(bed.bigqueryRows("SELECT company_id, name, employees FROM crm.companies ORDER BY name"))
        .as("no MERGE row for a rejected key").isEqualTo("ok1|Fine|3|\ndup1|First|1|\ndup1|Second|2|\n");
    assertThat(String.valueOf(bed.record(CrmModel.Company, "r-dup1"))).as("no snapshot either").isEqualTo(recordBefore);
    assertThat(o.rejectedByReason()).containsExactly(Map.entry("DUPLICATE_KEY", 3L));
    assertThat(o.rejectedSamples()).singleElement().satisfies(r -> assertThat(r.detail())
        .contains("2 BigQuery rows have company_id 'dup1'").contains("the CRM record with it is left untouched too"));
    assertThat(o.plan().crmCreates()).as("ok1 still syncs").isEqualTo(1);
  }

  @Test
  void aKeyOnTwoCrmRecordsNeverCreatesAThird() {
    bed.sql("INSERT INTO crm.companies (company_id, name) VALUES ('dupcrm', 'In BigQuery')");
    bed.importRecords(CrmModel.Company, List.of(Map.of("id", "r-a", "externalId", "dupcrm", "name", "A"),
        Map.of("id", "r-b", "externalId", "dupcrm", "name", "B")));

    CrmSectionOutcome o = sync("companies");

    assertThat(records(CrmModel.Company)).extracting(r -> r.get("id")).containsExactlyInAnyOrder("r-a", "r-b");
    assertThat(records(CrmModel.Company)).allSatisfy(r -> assertThat(r).doesNotContainKey("syncState"));
    assertThat(bed.bigqueryRows("SELECT company_id, name FROM crm.companies")).isEqualTo("dupcrm|In BigQuery|\n");
    assertThat(o.plan().crmWrites()).isEmpty();
    assertThat(o.plan().warehouseWrites()).isEmpty();
    assertThat(o.rejectedByReason()).containsExactly(Map.entry("DUPLICATE_KEY", 3L));
  }

  @Test
  void emailRowsAreUpdatedWhereTheyAreNeverForked() {
    endUsersBothWays();
    bed.sql("INSERT INTO crm.end_users VALUES ('Ada@Example.COM', 'Ada', 'c1'), ('bob@example.com ', 'Bob', 'c2')");
    bed.importRecords(CrmModel.EndUser, List.of(
        Map.of("id", "u-ada", "email", "ada@example.com", "firstName", "Ada", "companyExternalId", "c1"),
        Map.of("id", "u-bob", "email", "bob@example.com", "firstName", "Bob", "companyExternalId", "c2")));
    assertThat(sync("end-users").plan().matched()).isEqualTo(2);

    crmEdit(CrmModel.EndUser, "u-ada", Map.of("firstName", "Ada L."));
    crmEdit(CrmModel.EndUser, "u-bob", Map.of("firstName", "Robert"));
    CrmSectionOutcome o = sync("end-users");

    assertThat(o.plan().warehouseUpdates()).isEqualTo(2);
    assertThat(o.plan().warehouseInserts()).isZero();
    assertThat(bed.bigqueryRows("SELECT email, first_name FROM crm.end_users ORDER BY first_name"))
        .as("the rows the plan matched are updated, under their own spelling")
        .isEqualTo("Ada@Example.COM|Ada L.|\nbob@example.com |Robert|\n");
    bq.clearCounts();
    assertThat(sync("end-users").plan().warehouseWrites()).isEmpty();
    assertThat(merges()).isZero();
  }

  @Test
  void emailsThatAreOneOnceNormalisedAreADuplicateLeftUntouched() {
    endUsersBothWays();
    bed.sql("INSERT INTO crm.end_users VALUES ('Eve@x.com', 'Eve', 'c1'), ('eve@x.com', 'Evelyn', 'c2')");
    bed.importRecords(CrmModel.EndUser, List.of(Map.of("id", "u-eve", "email", "eve@x.com", "firstName", "E.")));
    String recordBefore = String.valueOf(bed.record(CrmModel.EndUser, "u-eve"));

    CrmSectionOutcome o = sync("end-users");

    assertThat(bed.bigqueryRows("SELECT email, first_name, company_id FROM crm.end_users ORDER BY company_id"))
        .isEqualTo("Eve@x.com|Eve|c1|\neve@x.com|Evelyn|c2|\n");
    assertThat(String.valueOf(bed.record(CrmModel.EndUser, "u-eve"))).isEqualTo(recordBefore);
    assertThat(o.rejectedByReason()).containsExactly(Map.entry("DUPLICATE_KEY", 3L));
    assertThat(o.rejectedSamples().get(0).detail()).contains("once trimmed and lower-cased ('Eve@x.com', 'eve@x.com')");
    assertThat(merges()).isZero();
  }

  @Test
  void rejectedKeysAreRejectedTheSameWayOnEveryRunAndTheRunAfterWritesNothing() {
    bed.sql("INSERT INTO crm.companies (company_id, name) VALUES ('dup1', 'First'), ('dup1', 'Second'), "
        + "('dupcrm', 'In BigQuery'), ('c1', 'Acme')");
    bed.importRecords(CrmModel.Company, List.of(Map.of("id", "r-dup1", "externalId", "dup1", "name", "CRM"),
        Map.of("id", "r-a", "externalId", "dupcrm", "name", "A"), Map.of("id", "r-b", "externalId", "dupcrm", "name", "B")));
    CrmSectionOutcome first = sync("companies");
    String state = bed.crmState();
    bq.clearCounts();

    CrmSectionOutcome second = sync("companies");
    CrmSectionOutcome third = sync("companies");

    assertThat(first.rejectedByReason()).containsExactly(Map.entry("DUPLICATE_KEY", 6L));
    for (CrmSectionOutcome later : List.of(second, third)) {
      assertThat(later.rejectedByReason()).isEqualTo(first.rejectedByReason());
      assertThat(later.rejectedSamples()).containsExactlyInAnyOrderElementsOf(first.rejectedSamples());
      assertThat(later.plan().crmWrites()).isEmpty();
      assertThat(later.plan().warehouseWrites()).isEmpty();
      assertThat(later.counts().crmWritesApplied()).isZero();
    }
    assertThat(merges()).isZero();
    assertThat(bed.crmState()).isEqualTo(state);
  }

  /** The companies section keyed by the native CRM id, receiving only. */
  private void companiesByNativeId() {
    tenant("\"crmKey\": \"EXTERNAL_ID\", \"warehouseKey\": \"company_id\", \"direction\": \"BOTH\"",
        "\"crmKey\": \"ID\", \"warehouseKey\": \"company_id\", \"direction\": \"RECEIVE\"");
  }

  /** 1,200 rows r0001..r1200, except row 700, whose key {@code bad} Firestore cannot hold as a document id. */
  private void rowsWithOneBadId(String bad) {
    StringBuilder values = new StringBuilder();
    for (int i = 1; i <= 1200; i++) {
      String key = i == 700 ? bad : String.format("r%04d", i);
      values.append(i == 1 ? "" : ", ").append("('").append(key).append("', 'Company ").append(i).append("')");
    }
    bed.sql("INSERT INTO crm.companies (company_id, name) VALUES " + values);
  }

  @Test
  void nativeIdsFirestoreCannotHoldAreRejectedRowsAndTheRestIsWrittenInFull() {
    companiesByNativeId();
    for (String bad : List.of("a/b", "__bad__", ".", "x".repeat(1501))) {
      bed.sql("DELETE FROM crm.companies WHERE TRUE");
      bed.deleteRecords(CrmModel.Company);
      rowsWithOneBadId(bad);

      CrmSectionOutcome o = sync("companies");

      assertThat(o.status()).as(bad).isEqualTo(RunStatus.OK);
      assertThat(o.rejectedByReason()).as(bad).containsExactly(Map.entry("KEY_NOT_AN_ID", 1L));
      assertThat(o.rejectedSamples()).singleElement().satisfies(r -> assertThat(r.key()).isEqualTo(bad));
      assertThat(o.counts().crmWritesApplied()).as(bad).isEqualTo(1199);
      assertThat(records(CrmModel.Company)).as(bad).hasSize(1199);
      assertThat(bed.record(CrmModel.Company, "r1200")).containsEntry("name", "Company 1200");
      CrmSectionOutcome again = sync("companies");
      assertThat(again.rejectedByReason()).as(bad).containsExactly(Map.entry("KEY_NOT_AN_ID", 1L));
      assertThat(again.counts().crmWritesApplied()).as(bad).isZero();
    }
  }

  @Test
  void aFailureHalfwayThroughTheCrmWritesIsCompletedByTheNextRun() {
    // The CRM writes cannot be one transaction (Firestore caps one at 500 writes); they are planned so
    // that a rerun completes them: each record's values and snapshot are one write, created ids are stable.
    companiesByNativeId();
    rowsWithOneBadId("a/b");
    FirestoreCrmStore real = new FirestoreCrmStore(bed.firestore, clock);
    AtomicInteger batches = new AtomicInteger();
    CrmStore failingInTheSecondBatch = new CrmStore() {
      @Override
      public List<CrmRecord> records(String tenantId, CrmModel model, String sectionId, Collection<String> fields) {
        return real.records(tenantId, model, sectionId, fields);
      }

      @Override
      public void write(String tenantId, CrmModel model, String sectionId, List<SyncPlan.CrmWrite> writes, Lease lease) {
        if (batches.incrementAndGet() == 2) {
          real.write(tenantId, model, sectionId, writes.subList(0, 200), lease);
          throw new TransientException("injected failure in the second batch of CRM writes", null);
        }
        real.write(tenantId, model, sectionId, writes, lease);
      }
    };

    CrmSectionOutcome failed = sync(bed.crmJob(clock, failingInTheSecondBatch), "companies");
    assertThat(failed.status()).isNotEqualTo(RunStatus.OK);
    assertThat(records(CrmModel.Company)).hasSize(CrmSync.CHUNK + 200);

    CrmSectionOutcome rerun = sync("companies");
    CrmSectionOutcome after = sync("companies");

    assertThat(rerun.status()).isEqualTo(RunStatus.OK);
    assertThat(rerun.counts().crmWritesApplied()).isEqualTo(1199 - CrmSync.CHUNK - 200);
    assertThat(records(CrmModel.Company)).hasSize(1199)
        .allSatisfy(r -> assertThat(r.get("name")).isEqualTo("Company " + Integer.parseInt(((String) r.get("id")).substring(1))));
    assertThat(after.counts().crmWritesApplied()).isZero();
    assertThat(after.rejectedByReason()).containsExactly(Map.entry("KEY_NOT_AN_ID", 1L));
  }

  @Test
  void skipNullsWithBothLetsALaterCrmEditReachBigQueryAndThenSettles() {
    tenant("{\"crm\": \"name\", \"column\": \"name\"}", "{\"crm\": \"name\", \"column\": \"name\", \"skipNulls\": true}");
    bed.sql("INSERT INTO crm.companies (company_id, name) VALUES ('c1', 'Acme')");
    sync("companies");
    String id = dev.bqsync.core.crm.CrmSyncPlanner.createdId(TENANT, "Company", "c1");
    bed.sql("UPDATE crm.companies SET name = NULL WHERE company_id = 'c1'");

    CrmSectionOutcome skipped = sync("companies");
    assertThat(skipped.plan().crmWrites()).isEmpty();
    assertThat(bed.record(CrmModel.Company, id)).containsEntry("name", "Acme");

    crmEdit(CrmModel.Company, id, Map.of("name", "Acme Rockets"));
    CrmSectionOutcome edited = sync("companies");
    bq.clearCounts();
    CrmSectionOutcome settled = sync("companies");

    assertThat(edited.plan().conflicts()).isZero();
    assertThat(bed.bigqueryRows("SELECT name FROM crm.companies WHERE company_id = 'c1'")).isEqualTo("Acme Rockets|\n");
    assertThat(settled.plan().conflicts()).isZero();
    assertThat(settled.plan().crmWrites()).isEmpty();
    assertThat(settled.plan().warehouseWrites()).isEmpty();
    assertThat(merges()).isZero();
  }
}
