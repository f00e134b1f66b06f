package dev.bqsync.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.QueryJobConfiguration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Jobs: ids, locations and dry runs. */
class JobsConformanceTest extends ConformanceSupport {
  @Test
  @DisplayName("a dry run returns statistics but no job id, and is not stored as a job")
  void dryRunsHaveNoJobId() {
    run("CREATE TABLE d.t (id INT64)");
    run("INSERT INTO d.t (id) VALUES (1)");

    Job dry = bigquery.create(JobInfo.of(QueryJobConfiguration.newBuilder("SELECT id FROM d.t").setDryRun(true).build()));

    assertThat(dry.getJobId().getJob()).isNull();
    assertThat(((JobStatistics.QueryStatistics) dry.getStatistics()).getTotalBytesProcessed()).isEqualTo(8);
    assertThat(emulator.jobs()).isEmpty();
  }

  @Test
  @DisplayName("a job runs in the location of the data it reads, and is found there")
  void aJobRunsWhereItsDataIs() throws Exception {
    bigquery.create(DatasetInfo.newBuilder("eu_data").setLocation("EU").build());
    run("CREATE TABLE eu_data.t (id INT64)");

    Job job = bigquery.create(JobInfo.of(QueryJobConfiguration.of("SELECT id FROM eu_data.t"))).waitFor();

    assertThat(job.getJobId().getLocation()).isEqualTo("EU");
    assertThat(bigquery.getJob(JobId.newBuilder().setJob(job.getJobId().getJob()).setLocation("EU").build())).isNotNull();
  }

  @Test
  @DisplayName("a job looked up in another location is not found")
  void aJobIsNotFoundInTheWrongLocation() throws Exception {
    Job job = bigquery.create(JobInfo.of(JobId.newBuilder().setLocation("US").build(), QueryJobConfiguration.of("SELECT 1")))
        .waitFor();

    assertThat(bigquery.getJob(JobId.newBuilder().setJob(job.getJobId().getJob()).setLocation("EU").build())).isNull();
    assertThat(bigquery.getJob(JobId.newBuilder().setJob(job.getJobId().getJob()).setLocation("US").build())).isNotNull();
  }
}
