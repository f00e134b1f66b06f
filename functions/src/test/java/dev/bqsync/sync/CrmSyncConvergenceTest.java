package dev.bqsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.DocumentSnapshot;
import dev.bqsync.core.config.CrmModel;
import dev.bqsync.core.crm.CrmSyncPlanner;
import dev.bqsync.core.crm.SyncPlan;
import dev.bqsync.core.state.RunStatus;
import dev.bqsync.emulator.BigQueryEmulator;
import dev.bqsync.emulator.ExecutedJob;
import dev.bqsync.gcp.FirestoreCrmStore;
import dev.bqsync.testing.MutableClock;
import dev.bqsync.testing.ProjectFiles;
import dev.bqsync.testing.UsageTestbed;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every value converges in one run (issue 13, "never converging"): a value is compared as the side
 * it goes to holds it, so what BigQuery rounds is written once and then counts as unchanged, with one
 * warning per field; custom fields keep their type in the CRM. On both emulators.
 */
class CrmSyncConvergenceTest {
  private static final String TENANT = UsageTestbed.TENANT;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
  private UsageTestbed bed;
  private BigQueryEmulator bq;

  @BeforeEach
  void fresh() {
    bed = UsageTestbed.freshCrm();
    bq = UsageTestbed.bigquery();
    bed.sql("CREATE TABLE crm.accounts (account_id STRING, amount NUMERIC, arr_f FLOAT64, staff FLOAT64, tags JSON, "
        + "since DATE, score STRING, meta JSON, seen_at TIMESTAMP, ratio FLOAT64)");
    bed.applyTenant(ProjectFiles.read("functions/src/test/resources/tenant-crm-roundtrip.json"));
  }

  private CrmSectionOutcome sync() {
    return bed.crmJob(clock).run(JobRequest.crm(TENANT, "accounts", false), null).sections().get(0);
  }

  private long merges() {
    return bq.jobs().stream().map(ExecutedJob::statementType).filter("MERGE"::equals).count();
  }

  private Map<String, Object> record(String key) {
    return bed.record(CrmModel.Company, CrmSyncPlanner.createdId(TENANT, "Company", key));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> custom(String key) {
    return (Map<String, Object>) record(key).get("custom");
  }

  /** The second and third runs write nothing on either side. */
  private void assertNothingMoreIsWritten() {
    for (int run = 2; run <= 3; run++) {
      bq.clearCounts();
      CrmSectionOutcome again = sync();
      assertThat(again.status()).isEqualTo(RunStatus.OK);
      assertThat(again.plan().warehouseWrites()).as("run %d: BigQuery writes", run).isEmpty();
      assertThat(again.plan().crmWrites()).as("run %d: CRM writes", run).isEmpty();
      assertThat(merges()).isZero();
    }
  }

  @Test
  void valuesBigQueryRoundsAreWrittenOnceWithOneWarningPerField() {
    bed.importRecords(CrmModel.Company, List.of(Map.of("externalId", "r1", "mrr", 0.30000000000000004,
        "arr", 9007199254740993L, "employees", 9007199254740993L)));

    CrmSectionOutcome first = sync();

    assertThat(first.status()).as(first.message()).isEqualTo(RunStatus.OK);
    assertThat(first.plan().warehouseInserts()).isEqualTo(1);
    assertThat(bed.bigqueryRows("SELECT amount, CAST(arr_f AS INT64), CAST(staff AS INT64) FROM crm.accounts"))
        .isEqualTo("0.3|9007199254740992|9007199254740992|\n");
    assertThat(first.warnings()).anySatisfy(w -> assertThat(w).startsWith("mrr -> amount: NUMERIC keeps 9 decimal "
        + "places, so 0.30000000000000004 is held as 0.3"));
    assertThat(first.warnings()).anySatisfy(w -> assertThat(w).startsWith("employees -> staff: FLOAT64 keeps")
        .contains("9007199254740993 is held as 9007199254740992"));
    List<Object> recorded = bed.documents("runs").stream().map(d -> d.get("warnings")).toList();
    assertThat(recorded.toString()).contains("mrr -> amount: NUMERIC keeps 9 decimal places");
    assertNothingMoreIsWritten();
    assertThat(record("r1")).as("the CRM keeps its own values: nothing bounces back")
        .containsEntry("mrr", 0.30000000000000004).containsEntry("employees", 9007199254740993L);
  }

  @Test
  void anEditThatBigQueryRoundsGoesOnceAndDoesNotBounceBack() {
    bed.importRecords(CrmModel.Company, List.of(Map.of("externalId", "r1", "mrr", 1.0)));
    sync();
    String id = CrmSyncPlanner.createdId(TENANT, "Company", "r1");
    new FirestoreCrmStore(bed.firestore, java.time.Clock.systemUTC()).write(TENANT, CrmModel.Company, "someone-else",
        List.of(new SyncPlan.CrmWrite(id, "r1", false, Map.of("mrr", 0.7000000000000001), Map.of())), null);

    CrmSectionOutcome edit = sync();

    assertThat(edit.plan().warehouseUpdates()).isEqualTo(1);
    assertThat(edit.plan().crmUpdates()).isZero();
    assertThat(bed.bigqueryRows("SELECT amount FROM crm.accounts")).isEqualTo("0.7|\n");
    assertNothingMoreIsWritten();
    assertThat(record("r1")).containsEntry("mrr", 0.7000000000000001);
  }

  @Test
  void customFieldsKeepTheirTypeAndDatesConverge() {
    bed.importRecords(CrmModel.Company, List.of(Map.of("externalId", "r1",
        "custom", Map.of("score", 42L, "meta", Map.of("b", List.of(1L, 2L), "a", true)))));
    bed.sql("INSERT INTO crm.accounts (account_id, since, score) VALUES ('r2', DATE '2026-01-02', 'gold')");

    CrmSectionOutcome first = sync();

    assertThat(first.status()).as(first.message()).isEqualTo(RunStatus.OK);
    assertThat(bed.bigqueryRows("SELECT score, TO_JSON_STRING(meta) FROM crm.accounts WHERE account_id = 'r1'"))
        .isEqualTo("42|{\"a\":true,\"b\":[1,2]}|\n");
    assertThat(custom("r2")).containsEntry("since", "2026-01-02").containsEntry("score", "gold");
    assertNothingMoreIsWritten();
    assertThat(custom("r1")).as("a number and a map stay a number and a map")
        .containsEntry("score", 42L).containsEntry("meta", Map.of("b", List.of(1L, 2L), "a", true));

    bed.sql("UPDATE crm.accounts SET score = '43' WHERE account_id = 'r1'");
    sync();
    assertThat(custom("r1")).as("an edit in BigQuery arrives in the CRM's type").containsEntry("score", 43L);
    assertNothingMoreIsWritten();
  }

  @Test
  void jsonScalarsTimestampsIntoDatesAndFloatsIntoTextAreDecided() {
    bed.sql("INSERT INTO crm.accounts (account_id, tags, seen_at, ratio) VALUES "
        + "('r1', JSON '\"text\"', TIMESTAMP '2026-01-01 23:30:00+00', 1e10), ('r2', JSON '7', NULL, 0.1)");

    CrmSectionOutcome first = sync();

    assertThat(first.status()).as(first.message()).isEqualTo(RunStatus.OK);
    assertThat(first.rejectedByReason()).isEmpty();
    assertThat(record("r1")).containsEntry("tags", "text")
        .as("the day in the tenant's time zone (Europe/Berlin)").containsEntry("renewalDate", "2026-01-02")
        .as("a double as JavaScript prints it").containsEntry("industry", "10000000000");
    assertThat(record("r2")).containsEntry("tags", 7L).containsEntry("industry", "0.1");
    assertNothingMoreIsWritten();

    String id = CrmSyncPlanner.createdId(TENANT, "Company", "r1");
    new FirestoreCrmStore(bed.firestore, java.time.Clock.systemUTC()).write(TENANT, CrmModel.Company, "someone-else",
        List.of(new SyncPlan.CrmWrite(id, "r1", false, Map.of("tags", "other text"), Map.of())), null);
    sync();
    assertThat(bed.bigqueryRows("SELECT TO_JSON_STRING(tags) FROM crm.accounts WHERE account_id = 'r1'"))
        .as("a CRM text in a JSON field is a JSON string").isEqualTo("\"other text\"|\n");
    assertNothingMoreIsWritten();
  }

  @Test
  void recordsWithoutAKeyAreCountedInTheRunRecord() {
    bed.importRecords(CrmModel.Company, List.of(Map.of("id", "no-key", "name", "Nameless")));

    CrmSectionOutcome o = sync();

    assertThat(o.counts().crmRecordsWithoutKey()).isEqualTo(1);
    DocumentSnapshot run = bed.documents("runs").get(0);
    assertThat(run.get("counts.crmRecordsWithoutKey")).isEqualTo(1L);
  }
}
