package dev.bqsync.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.BigQueryOptions;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.TableId;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Errors: status, reason and message as BigQuery answers them. */
class ErrorsConformanceTest extends ConformanceSupport {
  private static final String FORBIDDEN = "someone-elses-project";

  private static Consumer<BigQueryException> accessDenied(String message) {
    return e -> {
      assertThat(e.getCode()).isEqualTo(403);
      assertThat(e.getReason()).isEqualTo("accessDenied");
      assertThat(e.getMessage()).startsWith("Access Denied: ").contains(message);
    };
  }

  private BigQuery clientOf(String project) {
    return BigQueryOptions.newBuilder().setHost(emulator.endpoint()).setProjectId(project)
        .setCredentials(NoCredentials.getInstance()).build().getService();
  }

  @Test
  @DisplayName("a query job in a project the caller may not use is 403 accessDenied (bigquery.jobs.create)")
  void jobsInAForbiddenProject() {
    assertThatThrownBy(() -> clientOf(FORBIDDEN).query(QueryJobConfiguration.of("SELECT 1")))
        .isInstanceOfSatisfying(BigQueryException.class, accessDenied("Project " + FORBIDDEN
            + ": User does not have bigquery.jobs.create permission in project " + FORBIDDEN + "."));
  }

  @Test
  @DisplayName("reading a table or dataset of a project the caller may not use is 403 accessDenied, not 404")
  void metadataOfAForbiddenProject() {
    assertThatThrownBy(() -> bigquery.getTable(TableId.of(FORBIDDEN, "usage", "events")))
        .isInstanceOfSatisfying(BigQueryException.class,
            accessDenied("Permission bigquery.tables.get denied on table " + FORBIDDEN + ":usage.events"));
    assertThatThrownBy(() -> bigquery.getDataset(DatasetId.of(FORBIDDEN, "usage")))
        .isInstanceOfSatisfying(BigQueryException.class,
            accessDenied("Permission bigquery.datasets.get denied on dataset " + FORBIDDEN + ":usage"));
    assertThatThrownBy(() -> bigquery.listTableData(TableId.of(FORBIDDEN, "usage", "events")))
        .isInstanceOfSatisfying(BigQueryException.class, accessDenied("bigquery.tables.getData"));
  }

  @Test
  @DisplayName("a query that reads a table in a project the caller may not use is 403 accessDenied")
  void queryingAForbiddenTable() {
    assertThatThrownBy(() -> query("SELECT * FROM `" + FORBIDDEN + ".usage.events`"))
        .isInstanceOfSatisfying(BigQueryException.class, accessDenied("User does not have permission to query table "
            + FORBIDDEN + ":usage.events"));
  }

  @Test
  @DisplayName("a missing table in a project the caller may use is still 404 notFound")
  void missingTableIsNotFound() {
    assertThatThrownBy(() -> query("SELECT * FROM d.nope"))
        .isInstanceOfSatisfying(BigQueryException.class, e -> {
          assertThat(e.getCode()).isEqualTo(404);
          assertThat(e.getReason()).isEqualTo("notFound");
        });
  }
}
