package dev.bqsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableId;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, seed files and DuckDB data files. */
class RunningItTest {
  private static final Path SEED = Path.of("src", "test", "resources", "seed-example.json");

  private static BigQuery client(BigQueryEmulator emulator) {
    return BigQueryOptions.newBuilder().setHost(emulator.endpoint()).setProjectId("acme-analytics")
        .setCredentials(NoCredentials.getInstance()).build().getService();
  }

  @Test
  void theCommandLineStartsASeededEmulator() throws Exception {
    try (BigQueryEmulator emulator = Main.start("--host", "127.0.0.1", "--port", "0", "--project", "acme-analytics",
        "--seed", SEED.toString())) {
      BigQuery bigquery = client(emulator);

      List<String> rows = bigquery.query(QueryJobConfiguration.of(
              "SELECT user_email, logins FROM usage.logins_per_user ORDER BY user_email")).streamAll()
          .map(r -> r.get(0).getStringValue() + "=" + r.get(1).getLongValue()).toList();

      assertThat(rows).containsExactly("ada@acme.example=2", "bob@acme.example=1");
      assertThat(emulator.endpoint()).startsWith("http://127.0.0.1:");
    }
  }

  @Test
  void badCommandLinesSayWhatIsWrong() {
    assertThatThrownBy(() -> Main.start("--port", "0")).hasMessageContaining("name at least one --project");
    assertThatThrownBy(() -> Main.start("--project", "p-123456", "--verbose")).hasMessageContaining("unknown option --verbose");
    assertThatThrownBy(() -> Main.start("--project")).hasMessageContaining("--project needs a value");
  }

  @Test
  void aDataFileKeepsTablesAndTheirMetadataAcrossRestarts(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("warehouse.duckdb");
    long lastModified;
    try (BigQueryEmulator first = Main.start("--project", "acme-analytics", "--seed", SEED.toString(),
        "--data", data.toString())) {
      lastModified = client(first).getTable(TableId.of("acme-analytics", "usage", "login_events")).getLastModifiedTime();
    }

    try (BigQueryEmulator second = Main.start("--project", "acme-analytics", "--data", data.toString())) {
      Table table = client(second).getTable(TableId.of("acme-analytics", "usage", "login_events"));
      assertThat(table.getLastModifiedTime()).isEqualTo(lastModified);
      assertThat(client(second).query(QueryJobConfiguration.of("SELECT COUNT(*) FROM usage.login_events"))
          .getValues().iterator().next().get(0).getLongValue()).isEqualTo(3);
    }
  }

  @Test
  void requestsForProjectsItDoesNotServeAreAccessDenied() throws Exception {
    try (BigQueryEmulator emulator = Main.start("--project", "acme-analytics")) {
      BigQuery other = BigQueryOptions.newBuilder().setHost(emulator.endpoint()).setProjectId("globex-dw")
          .setCredentials(NoCredentials.getInstance()).build().getService();

      assertThatThrownBy(() -> other.query(QueryJobConfiguration.of("SELECT 1")))
          .hasMessageContaining("Access Denied: Project globex-dw: User does not have bigquery.jobs.create permission");
    }
  }
}
