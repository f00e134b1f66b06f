package dev.bqsync.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.QueryJobConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** MERGE: matched, not matched, not matched by source; dmlStats; a target row matched twice is an error. */
class MergeConformanceTest extends ConformanceSupport {
  @BeforeEach
  void target() {
    run("CREATE TABLE d.people (id STRING, name STRING)");
    run("INSERT INTO d.people (id, name) VALUES ('1', 'Ada'), ('2', 'Bob')");
  }

  private JobStatistics.QueryStatistics merge(String sql) throws InterruptedException {
    Job job = bigquery.create(JobInfo.of(QueryJobConfiguration.of(sql))).waitFor();
    return job.getStatistics();
  }

  @Test
  @DisplayName("WHEN MATCHED UPDATE / WHEN NOT MATCHED INSERT are counted in dmlStats and numDmlAffectedRows")
  void updateAndInsert() throws Exception {
    JobStatistics.QueryStatistics stats = merge("MERGE d.people T USING (SELECT '1' AS id, 'Ada L.' AS name "
        + "UNION ALL SELECT '3', 'Cy') S ON T.id = S.id WHEN MATCHED THEN UPDATE SET name = S.name "
        + "WHEN NOT MATCHED THEN INSERT (id, name) VALUES (S.id, S.name)");

    assertThat(stats.getNumDmlAffectedRows()).isEqualTo(2);
    assertThat(stats.getDmlStats().getUpdatedRowCount()).isEqualTo(1);
    assertThat(stats.getDmlStats().getInsertedRowCount()).isEqualTo(1);
    assertThat(rows("SELECT name FROM d.people ORDER BY id")).extracting(r -> r.get(0).getStringValue())
        .containsExactly("Ada L.", "Bob", "Cy");
  }

  @Test
  @DisplayName("WHEN NOT MATCHED BY SOURCE THEN DELETE removes target rows the source lacks")
  void notMatchedBySource() throws Exception {
    JobStatistics.QueryStatistics stats = merge("MERGE d.people T USING (SELECT '1' AS id) S ON T.id = S.id "
        + "WHEN NOT MATCHED BY SOURCE THEN DELETE");

    assertThat(stats.getDmlStats().getDeletedRowCount()).isEqualTo(1);
    assertThat(rows("SELECT id FROM d.people")).extracting(r -> r.get(0).getStringValue()).containsExactly("1");
  }

  @Test
  @DisplayName("a target row matched by two source rows is an error, and nothing changes")
  void aTargetRowMatchedTwice() throws Exception {
    assertRefused(() -> query("MERGE d.people T USING (SELECT '1' AS id UNION ALL SELECT '1') S ON T.id = S.id "
        + "WHEN MATCHED THEN UPDATE SET name = 'twice'"), "invalidQuery",
        "UPDATE/MERGE must match at most one source row for each target row");
    assertThat(rows("SELECT name FROM d.people WHERE id = '1'").get(0).get(0).getStringValue()).isEqualTo("Ada");
  }
}
