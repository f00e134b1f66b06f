package dev.bqsync.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.firestore.DocumentSnapshot;
import dev.bqsync.sync.UsagePullTimeKeyTest;
import dev.bqsync.testing.FunctionServer;
import dev.bqsync.testing.UsageTestbed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A TIMESTAMP-keyed section through the served UsagePullFunction, on both emulators (issue 12). */
class UsagePullTimeKeyFunctionTest {
  private static FunctionServer server;

  @BeforeAll
  static void serve() throws Exception {
    server = TestComponents.serveOnEmulators(UsagePullFunction.class);
  }

  @AfterAll
  static void stop() throws Exception {
    TestComponents.stop(server);
  }

  private static JsonNode logins(FunctionServer.Answer answer) {
    assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(200);
    return answer.section("logins");
  }

  @Test
  void rowsSharingATimestampArePulledOnceAcrossPagesAndALateRowInTheLookbackIsPickedUp() throws Exception {
    UsageTestbed bed = UsageTestbed.fresh();
    bed.sql("CREATE TABLE usage.stamped (event_at TIMESTAMP, seq INT64, user_email STRING, event_name STRING, "
        + "browser STRING, score FLOAT64)");
    bed.applyTenant(UsagePullTimeKeyTest.stampedTenant(s -> s.put("lookback", "PT10M")));
    bed.sql(UsagePullTimeKeyTest.stampedRows("2026-11-23 10:15:30.123456", 4, 1, 3, 2, 5));
    bed.sql(UsagePullTimeKeyTest.stampedRows("2026-11-23 10:15:30.123457", 1));
    String call = "{\"tenantId\": \"acme\", \"sectionId\": \"logins\"}";

    JsonNode first = logins(server.post(call));
    assertThat(first.get("status").asText()).isEqualTo("OK");
    assertThat(first.get("rowsWritten").asLong()).as("six rows over pages of three").isEqualTo(6);
    assertThat(first.get("cursorAfter").asText()).isEqualTo("2026-11-23T10:15:30.123457Z#1");

    bed.sql(UsagePullTimeKeyTest.stampedRows("2026-11-23 10:05:30.123457", 9));
    JsonNode second = logins(server.post(call));
    assertThat(second.get("status").asText()).isEqualTo("OK");
    assertThat(second.get("rowsWritten").asLong()).as("the late row exactly PT10M below the cursor").isEqualTo(1);
    assertThat(second.get("rowsAlreadyPresent").asLong()).isEqualTo(6);
    assertThat(second.get("cursorAfter").asText()).isEqualTo("2026-11-23T10:15:30.123457Z#1");

    assertThat(bed.documents("userActivities")).extracting(DocumentSnapshot::getId).hasSize(7).contains(
        "logins:2026-11-23T10:15:30.123456Z#1", "logins:2026-11-23T10:15:30.123456Z#5",
        "logins:2026-11-23T10:15:30.123457Z#1", "logins:2026-11-23T10:05:30.123457Z#9");
  }
}
