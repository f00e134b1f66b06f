package dev.bqsync.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bqsync.core.config.CrmModel;
import dev.bqsync.testing.FirestoreEmulator;
import dev.bqsync.testing.FunctionServer;
import dev.bqsync.testing.UsageTestbed;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CrmSyncFunction over HTTP, served by the Functions Framework invoker, on both emulators. */
class CrmSyncFunctionTest {
  private static FunctionServer server;
  private UsageTestbed bed;

  @BeforeAll
  static void serve() throws Exception {
    server = TestComponents.serveOnEmulators(CrmSyncFunction.class);
  }

  @AfterAll
  static void stop() throws Exception {
    TestComponents.stop(server);
  }

  @BeforeEach
  void fresh() {
    bed = UsageTestbed.fresh();
    bed.crmSetup();
    bed.deleteRecords(CrmModel.Company);
    bed.deleteRecords(CrmModel.EndUser);
    bed.sql("INSERT INTO crm.companies (company_id, name, tier) VALUES ('c1', 'Acme', 'gold'), ('c-ü-東京', 'Ünïcode Ltd', NULL)");
  }

  @Test
  void aSyncAnswersItsCountsAndADryRunItsPlan() throws Exception {
    FunctionServer.Answer dry = server.post("{\"tenantId\": \"acme\", \"sectionId\": \"companies\", \"dryRun\": true}");
    assertThat(dry.status()).isEqualTo(200);
    JsonNode planned = dry.body().get("sections").get(0);
    assertThat(planned.get("dryRun").asBoolean()).isTrue();
    assertThat(planned.get("counts").get("crmCreates").asLong()).isEqualTo(2);
    assertThat(bed.record(CrmModel.Company, dev.bqsync.core.crm.CrmSyncPlanner.createdId("acme", "Company", "c1"))).isNull();

    FunctionServer.Answer real = server.post("{\"tenantId\": \"acme\"}");
    assertThat(real.status()).isEqualTo(200);
    JsonNode companies = real.body().get("sections").get(0);
    assertThat(companies.get("sectionId").asText()).isEqualTo("companies");
    assertThat(companies.get("status").asText()).isEqualTo("OK");
    assertThat(companies.get("counts").get("crmCreates").asLong()).isEqualTo(2);
    assertThat(companies.get("counts").get("bigQueryJobs").asLong()).as("nothing to MERGE: only the read").isEqualTo(1);
    Map<String, Object> unicode = bed.record(CrmModel.Company,
        dev.bqsync.core.crm.CrmSyncPlanner.createdId("acme", "Company", "c-ü-東京"));
    assertThat(unicode).containsEntry("externalId", "c-ü-東京").containsEntry("name", "Ünïcode Ltd");
    assertThat(unicode).as("NULL columns are not copied into a new record").doesNotContainKey("custom");
  }

  @Test
  void badRequestsAreRefused() throws Exception {
    assertThat(server.post("{\"tenantId\": \"acme\", \"dryRun\": \"yes\"}").status()).isEqualTo(400);
    assertThat(server.post("{\"tenantId\": \"acme\", \"sectionId\": \"nope\"}").status()).isEqualTo(404);
  }

  @Test
  void theCliPrintsTheDryRunPlan() throws Exception {
    bed.importRecords(CrmModel.Company, List.of(Map.of("externalId", "c1", "name", "Acme Inc")));
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int code = dev.bqsync.cli.CliRunner.run(Map.of("FIRESTORE_EMULATOR_HOST", FirestoreEmulator.shared().hostPort(),
        "BIGQUERY_EMULATOR_HOST", UsageTestbed.bigquery().endpoint()), out, "sync", "crm", "--tenant", "acme",
        "--section", "companies", "--dry-run");

    String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(code).isZero();
    assertThat(printed).contains("Section companies: OK (dry run: nothing written)")
        .contains("1 matched, 1 only in BigQuery, 0 only in the CRM")
        .contains("CRM:      1 to create, 1 to update")
        .contains("c1.name: CRM \"Acme Inc\", BigQuery \"Acme\" -> BigQuery wins")
        .as("no internal encoding in the plan").doesNotContain("s:Acme").doesNotContain("d:20").doesNotContain(" ~");
  }
}
