package dev.bqsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bqsync.core.state.ConnectionState;
import dev.bqsync.core.state.ConnectionStatus;
import dev.bqsync.function.Settings;
import dev.bqsync.gcp.FirestoreConnectionStatusStore;
import dev.bqsync.testing.FirestoreEmulator;
import dev.bqsync.testing.UsageTestbed;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code bqsync catalog} and {@code bqsync suggest} answer what the management API answers, on the emulators. */
class CatalogCliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private UsageTestbed bed;

  @BeforeEach
  void fresh() {
    bed = UsageTestbed.fresh();
  }

  private int run(String... args) {
    out.reset();
    return CliRunner.run(Map.of(Settings.FIRESTORE_EMULATOR_HOST, FirestoreEmulator.shared().hostPort(),
        Settings.GOOGLE_CLOUD_PROJECT, FirestoreEmulator.PROJECT,
        Settings.BIGQUERY_EMULATOR_HOST, UsageTestbed.bigquery().endpoint()), out, args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theCatalogIsBrowsedOnceTheTenantIsConnected() {
    assertThat(run("catalog", "--tenant", "acme")).isZero();
    assertThat(out()).contains("acme-analytics");
    assertThat(run("catalog", "--tenant", "acme", "--project", "acme-analytics")).isEqualTo(1);
    assertThat(out()).contains("NOT_CONNECTED").contains("connect it first");

    connect();
    assertThat(run("catalog", "--tenant", "acme", "--project", "acme-analytics")).isZero();
    assertThat(out()).contains("acme-analytics.usage (EU)");
    assertThat(run("catalog", "--tenant", "acme", "--project", "acme-analytics", "--dataset", "usage")).isZero();
    assertThat(out()).contains("acme-analytics.usage.seats_v").contains("VIEW");
    assertThat(run("catalog", "--tenant", "acme", "--table", "acme-analytics.usage.login_events")).isZero();
    assertThat(out()).contains("event_id").contains("INT64");
    assertThat(run("catalog", "--tenant", "acme", "--project", "globex-data")).isEqualTo(2);
    assertThat(out()).contains("not in the connection's allowedProjects");
    assertThat(run("catalog", "--tenant", "acme", "--table", "no-dots")).isEqualTo(2);
  }

  @Test
  void suggestNamesTheUniqueKeyAndTheQueryBytes() {
    connect();
    bed.bigquery().createDataset(UsageTestbed.PROJECT, "crm", "EU");
    bed.sql("CREATE TABLE crm.accounts (account_id STRING, name STRING, region STRING)");
    bed.sql("INSERT INTO crm.accounts VALUES ('a1', 'Acme', 'eu'), ('a2', 'Globex', 'eu')");

    assertThat(run("suggest", "--tenant", "acme", "--table", "acme-analytics.crm.accounts", "--model", "Company"))
        .isZero();

    assertThat(out()).contains("2 rows; the profiling query processed")
        .containsPattern("\\+ account_id +STRING +unique and never NULL in all 2 rows")
        .containsPattern("- region +STRING +1 rows repeat a value")
        .containsPattern("name +-> name +BOTH");
    assertThat(run("suggest", "--tenant", "acme", "--table", "acme-analytics.crm.accounts", "--model", "Planet"))
        .isEqualTo(2);
  }

  private static void connect() {
    new FirestoreConnectionStatusStore(FirestoreEmulator.shared().firestore()).advance("acme", 0,
        new ConnectionStatus(ConnectionState.CONNECTED, "data@acme.example",
            List.of("https://www.googleapis.com/auth/bigquery"), Instant.now(), null, "ada@crm.example", 1));
  }
}
