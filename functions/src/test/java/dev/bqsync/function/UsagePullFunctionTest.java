package dev.bqsync.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bqsync.testing.FunctionServer;
import dev.bqsync.testing.UsageTestbed;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** UsagePullFunction over HTTP, served by the Functions Framework invoker, on both emulators. */
class UsagePullFunctionTest {
  private static FunctionServer server;
  private UsageTestbed bed;

  @BeforeAll
  static void serve() throws Exception {
    server = TestComponents.serveOnEmulators(UsagePullFunction.class);
  }

  @AfterAll
  static void stop() throws Exception {
    TestComponents.stop(server);
  }

  @BeforeEach
  void fresh() {
    bed = UsageTestbed.fresh();
  }

  @Test
  void aScheduledCallPullsEveryDueSectionAndAnswersASummary() throws Exception {
    bed.logins(1, 3, "ada@acme.example");
    bed.sql("INSERT INTO usage.api_calls VALUES ('1', 'c1', '10', '2026-11-23'), ('2', 'zz', '1', 'soon')");

    FunctionServer.Answer answer = server.post("{\"tenantId\": \"acme\"}");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().get("tenantId").asText()).isEqualTo("acme");
    assertThat(answer.body().get("runId").asText()).matches("\\d{8}-\\d{6}-[0-9a-f]{8}");
    JsonNode logins = answer.section("logins");
    assertThat(logins.get("status").asText()).isEqualTo("OK");
    assertThat(logins.get("rowsRead").asLong()).isEqualTo(3);
    assertThat(logins.get("rowsWritten").asLong()).isEqualTo(3);
    assertThat(logins.get("cursorAfter").asText()).isEqualTo("3");
    assertThat(logins.get("bigQueryJobs").asInt()).isEqualTo(1);
    assertThat(logins.get("bytesProcessed").asLong()).isPositive();
    assertThat(logins.get("durationMs").asLong()).isNotNegative();
    JsonNode calls = answer.section("api-calls");
    assertThat(calls.get("rejectedByReason").get("DATE_UNPARSEABLE").asLong()).isEqualTo(1);
    assertThat(calls.get("rejectedSamples").get(0).get("detail").asText()).contains("'soon'");
    assertThat(bed.documents("userActivities")).hasSize(3);

    FunctionServer.Answer again = server.post("{\"tenantId\": \"acme\", \"sectionId\": \"logins\"}");
    assertThat(again.section("logins").get("status").asText()).isEqualTo("SKIPPED_UNCHANGED");
  }

  @Test
  void aSectionThatNeedsAPersonFailsWith200SoSchedulerDoesNotRetryInALoop() throws Exception {
    bed.applyTenant(UsageTestbed.tenantJson().replace("usage.login_events", "usage.gone"));

    FunctionServer.Answer answer = server.post("{\"tenantId\": \"acme\", \"sectionId\": \"logins\"}");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.section("logins").get("status").asText()).isEqualTo("FAILED");
    assertThat(answer.section("logins").get("message").asText()).contains("usage.gone does not exist");
  }

  @Test
  void twoConcurrentCallsForOneTenantRunOnce() throws Exception {
    bed.logins(1, 2, "ada@acme.example");
    UsageTestbed.bigquery().clearCounts();
    UsageTestbed.bigquery().faults().delayNext("jobs.insert", 1, Duration.ofMillis(1500));

    CompletableFuture<FunctionServer.Answer> first = CompletableFuture.supplyAsync(() -> {
      try {
        return server.post("{\"tenantId\": \"acme\", \"sectionId\": \"logins\"}");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    while (UsageTestbed.bigquery().requestCount("jobs.insert") == 0 && !first.isDone()) {
      Thread.sleep(10);
    }
    FunctionServer.Answer second = server.post("{\"tenantId\": \"acme\", \"sectionId\": \"logins\"}");

    assertThat(second.status()).isEqualTo(200);
    assertThat(second.section("logins").get("status").asText()).isEqualTo("ALREADY_RUNNING");
    assertThat(first.get().section("logins").get("status").asText()).isEqualTo("OK");
  }

  @Test
  void requestsItCannotTakeSayWhy() throws Exception {
    assertThat(server.get().status()).isEqualTo(405);
    FunctionServer.Answer notJson = server.post("tenant=acme");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.body().get("error").asText()).contains("not valid JSON");
    FunctionServer.Answer noTenant = server.post("{\"sectionId\": \"logins\"}");
    assertThat(noTenant.status()).isEqualTo(400);
    assertThat(noTenant.body().get("error").asText()).contains("\"tenantId\" is required");
    FunctionServer.Answer badForce = server.post("{\"tenantId\": \"acme\", \"force\": \"yes\"}");
    assertThat(badForce.body().get("error").asText()).contains("\"force\" must be true or false");
    FunctionServer.Answer unknown = server.post("{\"tenantId\": \"nobody\"}");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().get("message").asText()).contains("no tenant 'nobody'");
  }
}
