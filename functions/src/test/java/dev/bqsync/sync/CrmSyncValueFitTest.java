package dev.bqsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bqsync.core.config.CrmModel;
import dev.bqsync.core.crm.CrmSyncPlanner;
import dev.bqsync.core.state.RunStatus;
import dev.bqsync.emulator.ExecutedJob;
import dev.bqsync.testing.MutableClock;
import dev.bqsync.testing.UsageTestbed;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One value BigQuery cannot hold rejects its pair; the rest of the section syncs (issue 13). On both emulators. */
class CrmSyncValueFitTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
  private UsageTestbed bed;

  @BeforeEach
  void fresh() {
    bed = UsageTestbed.freshCrm();
  }

  private CrmSectionOutcome sync() {
    return bed.crmJob(clock).run(JobRequest.crm(UsageTestbed.TENANT, "companies", false), null).sections().get(0);
  }

  @Test
  void aNumberOutOfNumericRangeRejectsItsPairAndTheOtherRowsSync() {
    bed.sql("INSERT INTO crm.companies (company_id, name, mrr) VALUES ('c1', 'Acme', 1)");
    bed.importRecords(CrmModel.Company, List.of(Map.of("externalId", "c1", "name", "Acme", "mrr", 1e30),
        Map.of("externalId", "c2", "name", "Globex", "mrr", 1e30), Map.of("externalId", "c3", "name", "Initech", "mrr", 42.25)));

    CrmSectionOutcome first = sync();

    assertThat(first.status()).isEqualTo(RunStatus.OK);
    assertThat(first.rejectedByReason()).containsExactly(Map.entry("VALUE_NOT_CONVERTIBLE", 2L));
    assertThat(first.rejectedSamples()).allSatisfy(r -> assertThat(r.detail())
        .contains("mrr -> mrr").contains("out of the range of NUMERIC"));
    assertThat(bed.bigqueryRows("SELECT company_id, name, mrr FROM crm.companies ORDER BY company_id"))
        .isEqualTo("c1|Acme|1|\nc3|Initech|42.25|\n");

    UsageTestbed.bigquery().clearCounts();
    CrmSectionOutcome second = sync();
    assertThat(second.rejectedByReason()).isEqualTo(first.rejectedByReason());
    assertThat(second.plan().warehouseWrites()).isEmpty();
    assertThat(UsageTestbed.bigquery().jobs()).extracting(ExecutedJob::statementType).doesNotContain("MERGE");
    assertThat(bed.record(CrmModel.Company, CrmSyncPlanner.createdId(UsageTestbed.TENANT, "Company", "c3"))).isNotNull();
  }

  @Test
  void aJsonNumberBeyondTheCrmsIntegersRejectsItsPairAndTheOtherRowsSync() {
    bed.sql("INSERT INTO crm.companies (company_id, name, tags) VALUES ('c1', 'Acme', JSON '{\"n\": 123456789012345678901234567890}'), "
        + "('c2', 'Globex', JSON '{\"n\": 7}')");

    CrmSectionOutcome first = sync();
    CrmSectionOutcome second = sync();

    assertThat(first.status()).isEqualTo(RunStatus.OK);
    assertThat(first.rejectedByReason()).containsExactly(Map.entry("VALUE_NOT_CONVERTIBLE", 1L));
    assertThat(first.rejectedSamples()).singleElement().satisfies(r -> assertThat(r.detail()).contains("tags -> tags")
        .contains("larger than the CRM's 64-bit integers"));
    assertThat(bed.record(CrmModel.Company, CrmSyncPlanner.createdId(UsageTestbed.TENANT, "Company", "c2")))
        .containsEntry("tags", Map.of("n", 7L));
    assertThat(bed.record(CrmModel.Company, CrmSyncPlanner.createdId(UsageTestbed.TENANT, "Company", "c1"))).isNull();
    assertThat(second.rejectedByReason()).isEqualTo(first.rejectedByReason());
    assertThat(second.plan().crmWrites()).isEmpty();
  }
}
