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
    bed = UsageTestbed.freshCrm();
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
    assertThat(companies.get("counts").get("bigQueryMs").asLong()).as("the read's run time, in the answer")
        .isPositive();
    Map<String, Object> unicode = bed.record(CrmModel.Company,
        dev.bqsync.core.crm.CrmSyncPlanner.createdId("acme", "Company", "c-ü-東京"));
    assertThat(unicode).containsEntry("externalId", "c-ü-東京").containsEntry("name", "Ünïcode Ltd");
    assertThat(unicode).as("NULL columns are not copied into a new record").doesNotContainKey("custom");
  }

  @Test
  void badRequestsAreRefused() throws Exception {
    assertThat(server.post("{\"tenantId\": \"acme\", \"dryRun\": \"yes\"}").status()).isEqualTo(400);
    assertThat(server.post("{\"tenantId\": \"acme\", \"full\": \"yes\"}").status()).isEqualTo(400);
    assertThat(server.post("{\"tenantId\": \"acme\", \"full\": true, \"dryRun\": true}").status())
        .as("a full resync asked for: a tenant without a state dataset reads in full anyway").isEqualTo(200);
    assertThat(server.post("{\"tenantId\": \"acme\", \"allowMassChange\": 1}").status()).isEqualTo(400);
    assertThat(server.post("{\"tenantId\": \"acme\", \"allowMassChange\": true, \"dryRun\": true}").status())
        .isEqualTo(200);
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

  /** The snapshot's storage encoding (docs/state.md): a one-letter type and a colon, or ~ for null. */
  private static final java.util.regex.Pattern INTERNAL =
      java.util.regex.Pattern.compile("(?<![\\p{Alnum}_/.-])[sinbdtj]:(?!//)\\S|(?<![\\p{Alnum}~])~(?![\\p{Alnum}~/])");

  @Test
  void noInternalEncodingReachesAnAnswerARunRecordOrTheCli() throws Exception {
    bed.sql("UPDATE crm.companies SET mrr = NULL, renewal_date = DATE '2027-01-31', employees = 40, is_active = TRUE "
        + "WHERE company_id = 'c1'");
    bed.importRecords(CrmModel.Company, List.of(Map.of("externalId", "c1", "name", "Acme Inc", "mrr", 300.0,
        "renewalDate", "2027-02-28", "employees", 41L)));
    Map<String, String> env = Map.of("FIRESTORE_EMULATOR_HOST", FirestoreEmulator.shared().hostPort(),
        "BIGQUERY_EMULATOR_HOST", UsageTestbed.bigquery().endpoint());
    List<String> seen = new java.util.ArrayList<>();

    seen.add(server.post("{\"tenantId\": \"acme\", \"dryRun\": true}").body().toString());
    seen.add(cli(env, "sync", "crm", "--tenant", "acme", "--dry-run"));
    FunctionServer.Answer real = server.post("{\"tenantId\": \"acme\"}");
    seen.add(real.body().toString());
    seen.add(cli(env, "tenant", "show", "--tenant", "acme"));
    bed.documents("runs").forEach(run -> seen.add(String.valueOf(run.getData())));

    assertThat(String.join("\n", seen)).as("the scan sees the conflicts it checks")
        .contains("2027-01-31").contains("\"Acme Inc\"").contains("(empty)");
    for (String text : seen) {
      assertThat(INTERNAL.matcher(text).results().map(java.util.regex.MatchResult::group).toList())
          .as("internal encodings in: %s", text).isEmpty();
    }
  }

  private static String cli(Map<String, String> env, String... args) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int code = dev.bqsync.cli.CliRunner.run(env, out, args);
    String printed = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(code).as(String.join(" ", args) + ": " + printed).isZero();
    return printed;
  }
}
