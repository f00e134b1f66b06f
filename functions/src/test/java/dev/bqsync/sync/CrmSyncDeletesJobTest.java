package dev.bqsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bqsync.core.FailureKind;
import dev.bqsync.core.config.CrmModel;
import dev.bqsync.core.crm.CrmSyncPlanner;
import dev.bqsync.core.crm.KeyDeletions;
import dev.bqsync.core.state.RunStatus;
import dev.bqsync.testing.MutableClock;
import dev.bqsync.testing.ProjectFiles;
import dev.bqsync.testing.UsageTestbed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The onDelete policies and the mass-change guard end to end, on both emulators through the real
 * clients: a deleted BigQuery row deletes, clears or archives its CRM record, a deleted CRM record
 * its row, each once; a truncated table is held back until the run is allowed.
 */
class CrmSyncDeletesJobTest {
  private static final String TENANT = UsageTestbed.TENANT;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T10:00:00Z"));
  private UsageTestbed bed;
  private CrmSyncJob job;

  /** The test tenant with a state dataset and these onDelete policies on its companies section. */
  private void start(String onDelete) {
    bed = UsageTestbed.fresh();
    bed.crmSetup();
    bed.sql("ALTER TABLE crm.companies ADD COLUMN deleted_at TIMESTAMP");
    bed.applyTenant(ProjectFiles.read("functions/src/test/resources/tenant-crm-test.json")
        .replace("\"allowedProjects\"", "\"stateDataset\": \"acme-analytics.bqsync_state\", \"allowedProjects\"")
        .replace("\"id\": \"companies\",", "\"id\": \"companies\", \"onDelete\": " + onDelete + ","));
    bed.deleteRecords(CrmModel.Company);
    bed.deleteRecords(CrmModel.EndUser);
    job = bed.components(clock, Map.of(), b -> b.crmChangeLookback(Duration.ZERO)).crmSync();
    bed.sql("INSERT INTO crm.companies (company_id, name, tier) VALUES ('c1', 'Acme', 'gold'), ('c2', 'Globex', "
        + "'silver'), ('c3', 'Initech', 'bronze')");
    CrmSectionOutcome first = sync(false, false);
    assertThat(first.status()).isEqualTo(RunStatus.OK);
    assertThat(first.plan().crmCreates()).isEqualTo(3);
    sync(false, false); // reads its own writes back once
  }

  private CrmSectionOutcome sync(boolean full, boolean dryRun) {
    return sync(JobRequest.crm(TENANT, "companies", full, dryRun));
  }

  private CrmSectionOutcome sync(JobRequest request) {
    JobResult<CrmSectionOutcome> result = job.run(request, null);
    return result.sections().stream().filter(s -> s.sectionId().equals("companies")).findFirst().orElseThrow();
  }

  private static String id(String externalId) {
    return CrmSyncPlanner.createdId(TENANT, "Company", externalId);
  }

  @Test
  void deleteRemovesTheOtherSideOnceAndTheKeyLeavesTheState() {
    start("{\"rowDeleted\": {\"policy\": \"DELETE\"}, \"recordDeleted\": {\"policy\": \"DELETE\"}}");
    bed.sql("DELETE FROM crm.companies WHERE company_id = 'c2'");
    bed.deleteRecord(CrmModel.Company, id("c3"));

    CrmSectionOutcome planned = sync(false, true);
    assertThat(planned.counts().crmDeletes()).as("a dry run shows the deletes").isEqualTo(1);
    assertThat(planned.counts().warehouseDeletes()).isEqualTo(1);
    assertThat(bed.record(CrmModel.Company, id("c2"))).as("and writes nothing").isNotNull();
    assertThat(new PlanReport(planned).render()).contains("deletions found: 1 BigQuery row(s) and 1 CRM record(s)",
        "1 to delete (", "CRM delete c2\n", "BigQuery delete c3\n");

    CrmSectionOutcome run = sync(false, false);
    assertThat(run.status()).isEqualTo(RunStatus.OK);
    assertThat(run.notes()).as("the scheduled run finds the CRM deletion by its count").anySatisfy(n ->
        assertThat(n).contains("records were deleted"));
    assertThat(run.plan().deletions()).isEqualTo(new KeyDeletions(1, 1));
    assertThat(run.counts().crmDeletes()).isEqualTo(1);
    assertThat(run.counts().warehouseDeletes()).isEqualTo(1);
    assertThat(bed.record(CrmModel.Company, id("c2"))).as("c2's row was deleted: so is its record").isNull();
    assertThat(bed.bigqueryRows("SELECT company_id FROM crm.companies ORDER BY 1")).as("c3's record was deleted")
        .isEqualTo("c1|\n");
    assertThat(bed.bigqueryRows("SELECT `key` FROM bqsync_state.crm_companies ORDER BY 1")).isEqualTo("c1|\n");

    CrmSectionOutcome after = sync(true, false);
    assertThat(after.plan().crmWrites()).as("nothing left to do, nothing re-created").isEmpty();
    assertThat(after.plan().warehouseWrites()).isEmpty();
    assertThat(after.plan().deletions()).isEqualTo(KeyDeletions.NONE);

    bed.importRecords(CrmModel.Company, List.of(Map.of("externalId", "c9", "name", "Hooli")));
    CrmSectionOutcome created = sync(false, false);
    assertThat(created.notes()).as("a record created in the CRM is counted, not taken for a deletion")
        .anySatisfy(n -> assertThat(n).startsWith("incremental:"));
    assertThat(bed.bigqueryRows("SELECT company_id FROM crm.companies ORDER BY 1")).isEqualTo("c1|\nc9|\n");
  }

  @Test
  void archiveMarksTheOtherSideAndClearBlanksWhatTheSectionOwns() {
    start("{\"rowDeleted\": {\"policy\": \"ARCHIVE\", \"field\": \"custom.archived\"}, "
        + "\"recordDeleted\": {\"policy\": \"ARCHIVE\", \"column\": \"deleted_at\"}}");
    bed.sql("DELETE FROM crm.companies WHERE company_id = 'c2'");
    bed.deleteRecord(CrmModel.Company, id("c3"));

    CrmSectionOutcome run = sync(true, false);

    assertThat(run.status()).isEqualTo(RunStatus.OK);
    assertThat(bed.record(CrmModel.Company, id("c2"))).containsEntry("name", "Globex")
        .extracting("custom").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("archived", true);
    assertThat(bed.bigqueryRows("SELECT company_id, name, deleted_at FROM crm.companies ORDER BY 1"))
        .as("the run's time, 2026-12-04T10:00:00Z, in epoch seconds").isEqualTo("c1|Acme|null|\nc3|Initech|1.7963784E9|\n");
    CrmSectionOutcome again = sync(true, false);
    assertThat(again.plan().crmWrites()).as("archived once").isEmpty();
    assertThat(again.plan().warehouseWrites()).isEmpty();

    start("{\"rowDeleted\": {\"policy\": \"CLEAR\"}, \"recordDeleted\": {\"policy\": \"CLEAR\"}}");
    bed.sql("DELETE FROM crm.companies WHERE company_id = 'c2'");
    bed.deleteRecord(CrmModel.Company, id("c3"));
    assertThat(sync(true, false).status()).isEqualTo(RunStatus.OK);
    assertThat(bed.record(CrmModel.Company, id("c2"))).as("name (BOTH) and tier (RECEIVE) blanked, the key kept")
        .containsEntry("name", null).containsEntry("externalId", "c2")
        .extracting("custom").asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("tier", null);
    assertThat(bed.bigqueryRows("SELECT company_id, name, tier FROM crm.companies ORDER BY 1"))
        .as("c3's name (BOTH) blanked; tier is RECEIVE, BigQuery's own").isEqualTo("c1|Acme|gold|\nc3|null|bronze|\n");
  }

  @Test
  void aTruncatedTableIsHeldBackUntilTheRunIsAllowed() {
    start("{\"rowDeleted\": {\"policy\": \"DELETE\"}}");
    List<String> more = new ArrayList<>();
    for (int i = 10; i < 40; i++) {
      more.add("('c" + i + "', 'Company " + i + "', NULL)");
    }
    bed.sql("INSERT INTO crm.companies (company_id, name, tier) VALUES " + String.join(", ", more));
    sync(false, false);
    sync(false, false);
    bed.sql("DELETE FROM crm.companies WHERE TRUE");

    CrmSectionOutcome held = sync(false, false);
    assertThat(held.status()).isEqualTo(RunStatus.PARTIAL);
    assertThat(held.failure()).isEqualTo(FailureKind.NEEDS_PERSON);
    assertThat(held.message()).contains("33 of 33 CRM records would be deleted because their BigQuery rows "
        + "disappeared", "allowMassChange");
    assertThat(held.counts().keysHeldBack()).isEqualTo(33);
    assertThat(new PlanReport(sync(false, true)).render()).as("a dry run shows what is held back")
        .contains("held back: 33 of 33 CRM records", "0 to delete (");
    assertThat(bed.record(CrmModel.Company, id("c1"))).as("nothing deleted").isNotNull();

    CrmSectionOutcome still = sync(false, false);
    assertThat(still.status()).as("held back again: the deletions were not marked seen").isEqualTo(RunStatus.PARTIAL);
    assertThat(still.counts().keysHeldBack()).isEqualTo(33);

    CrmSectionOutcome allowed = sync(JobRequest.crm(TENANT, "companies", false, false, true));
    assertThat(allowed.status()).isEqualTo(RunStatus.OK);
    assertThat(allowed.counts().crmDeletes()).isEqualTo(33);
    assertThat(bed.record(CrmModel.Company, id("c1"))).isNull();
    assertThat(bed.bigqueryRows("SELECT COUNT(*) FROM bqsync_state.crm_companies")).isEqualTo("0|\n");
  }
}
