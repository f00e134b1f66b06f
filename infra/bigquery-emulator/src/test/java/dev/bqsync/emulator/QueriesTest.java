package dev.bqsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.JobStatistics;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableResult;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueriesTest extends EmulatorTestSupport {
  @BeforeEach
  void companies() {
    bigquery.create(DatasetInfo.of("crm"));
    emulator.execute(PROJECT, "CREATE TABLE crm.companies (company_id STRING NOT NULL, name STRING, mrr NUMERIC, "
        + "updated_at TIMESTAMP)");
    emulator.execute(PROJECT, "INSERT INTO crm.companies (company_id, name, mrr, updated_at) VALUES "
        + "('c1', 'Acme', 100.5, TIMESTAMP '2026-01-01 00:00:00'), ('c2', 'Globex', NULL, NULL)");
  }

  private TableResult query(String sql) throws InterruptedException {
    return bigquery.query(QueryJobConfiguration.newBuilder(sql).build());
  }

  private List<FieldValueList> rows(String sql) throws InterruptedException {
    return query(sql).streamAll().toList();
  }

  @Test
  void queryResultsAreReadOverManyPagesInOrder() throws Exception {
    // The client asks for maxResults on the first page only; later pages are as large as
    // BigQuery makes them (here 100,000 rows), so 250,000 rows take four pages.
    emulator.execute(PROJECT, "CREATE TABLE crm.numbers AS SELECT i AS n FROM UNNEST(GENERATE_ARRAY(1, 250000)) AS i");
    emulator.clearCounts();

    TableResult result = bigquery.query(QueryJobConfiguration.newBuilder("SELECT n FROM crm.numbers ORDER BY n DESC")
        .setMaxResults(700L).build());

    List<Long> values = result.streamAll().map(r -> r.get("n").getLongValue()).toList();
    assertThat(result.getTotalRows()).isEqualTo(250_000);
    assertThat(values).hasSize(250_000).first().isEqualTo(250_000L);
    assertThat(values).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(emulator.requestCount("jobs.query")).isEqualTo(1);
    assertThat(emulator.requestCount("jobs.get")).isEqualTo(1);
    assertThat(emulator.requestCount("tabledata.list")).as("pages after the first").isEqualTo(3);
  }

  @Test
  void tableDataIsReadWithThePageSizeOnTheFirstPage() {
    // The client sends pageSize with the first request only; the next page is as large as BigQuery allows.
    emulator.execute(PROJECT, "CREATE TABLE crm.numbers AS SELECT i AS n FROM UNNEST(GENERATE_ARRAY(1, 2500)) AS i");
    emulator.clearCounts();

    List<Long> values = bigquery.listTableData(TableId.of(PROJECT, "crm", "numbers"),
            com.google.cloud.bigquery.BigQuery.TableDataListOption.pageSize(700))
        .streamAll().map(r -> r.get(0).getLongValue()).toList();

    assertThat(values).hasSize(2500).doesNotHaveDuplicates();
    assertThat(emulator.requestCount("tabledata.list")).isEqualTo(2);
  }

  @Test
  void dmlReportsAffectedRows() throws Exception {
    TableResult inserted = query("INSERT crm.companies (company_id, name) VALUES ('c3', 'Initech'), ('c4', 'Umbrella')");
    TableResult updated = query("UPDATE crm.companies SET name = UPPER(name) WHERE company_id IN ('c1', 'c3')");
    TableResult deleted = query("DELETE crm.companies WHERE mrr IS NULL AND company_id <> 'c1'");

    assertThat(inserted.getTotalRows()).isEqualTo(2);
    assertThat(updated.getTotalRows()).isEqualTo(2);
    assertThat(deleted.getTotalRows()).isEqualTo(3);
    assertThat(rows("SELECT name FROM crm.companies")).extracting(r -> r.get(0).getStringValue()).containsExactly("ACME");
  }

  @Test
  void updateAndDeleteNeedAWhereClause() {
    assertThatThrownBy(() -> query("UPDATE crm.companies SET name = 'x'"))
        .isInstanceOfSatisfying(BigQueryException.class, e -> {
          assertThat(e.getReason()).isEqualTo("invalidQuery");
          assertThat(e.getMessage()).contains("UPDATE must have a WHERE clause");
        });
  }

  @Test
  void mergeFromAnArrayOfStructsParameterUpdatesAndInserts() throws Exception {
    QueryParameterValue rows = QueryParameterValue.array(new QueryParameterValue[] {
        QueryParameterValue.struct(Map.of("company_id", QueryParameterValue.string("c1"),
            "name", QueryParameterValue.string("Acme Corp"), "mrr", QueryParameterValue.numeric(new BigDecimal("200.25")))),
        QueryParameterValue.struct(Map.of("company_id", QueryParameterValue.string("c9"),
            "name", QueryParameterValue.string("Hooli"), "mrr", QueryParameterValue.numeric(new BigDecimal("1"))))},
        StandardSQLTypeName.STRUCT);
    String merge = "MERGE `acme-analytics.crm.companies` T USING (SELECT * FROM UNNEST(@rows)) S "
        + "ON T.company_id = S.company_id "
        + "WHEN MATCHED THEN UPDATE SET name = S.name, mrr = S.mrr "
        + "WHEN NOT MATCHED THEN INSERT (company_id, name, mrr) VALUES (S.company_id, S.name, S.mrr)";

    Job job = bigquery.create(JobInfo.of(QueryJobConfiguration.newBuilder(merge).addNamedParameter("rows", rows).build()))
        .waitFor();

    JobStatistics.QueryStatistics stats = job.getStatistics();
    assertThat(stats.getNumDmlAffectedRows()).isEqualTo(2);
    assertThat(stats.getDmlStats().getUpdatedRowCount()).isEqualTo(1);
    assertThat(stats.getDmlStats().getInsertedRowCount()).isEqualTo(1);
    assertThat(rows("SELECT company_id, name, mrr FROM crm.companies ORDER BY company_id"))
        .extracting(r -> r.get(0).getStringValue() + "|" + r.get(1).getStringValue() + "|"
            + (r.get(2).isNull() ? null : r.get(2).getNumericValue().toPlainString()))
        .containsExactly("c1|Acme Corp|200.25", "c2|Globex|null", "c9|Hooli|1");
  }

  @Test
  void mergeInsertRowCopiesTheSourceRow() throws Exception {
    query("CREATE TABLE crm.staging AS SELECT * FROM crm.companies WHERE FALSE");
    query("INSERT INTO crm.staging (company_id, name) VALUES ('c5', 'Stark')");

    TableResult merged = query("MERGE crm.companies T USING crm.staging S ON T.company_id = S.company_id "
        + "WHEN NOT MATCHED THEN INSERT ROW");

    assertThat(merged.getTotalRows()).isEqualTo(1);
    assertThat(rows("SELECT name FROM crm.companies WHERE company_id = 'c5'")).hasSize(1);
  }

  @Test
  void aMergeWhoseSourceMatchesATargetRowTwiceFails() {
    assertThatThrownBy(() -> query("MERGE crm.companies T USING (SELECT 'c1' AS id UNION ALL SELECT 'c1') S "
        + "ON T.company_id = S.id WHEN MATCHED THEN UPDATE SET name = 'twice'"))
        .isInstanceOfSatisfying(BigQueryException.class,
            e -> assertThat(e.getMessage()).contains("must match at most one source row for each target row"));
  }

  @Test
  void viewsCreatedWithDdlAreQueriedAndCannotBeWritten() throws Exception {
    query("CREATE VIEW crm.paying AS SELECT company_id, name FROM crm.companies WHERE mrr > 0");

    assertThat(rows("SELECT * FROM `acme-analytics`.`crm`.`paying`")).extracting(r -> r.get("name").getStringValue())
        .containsExactly("Acme");
    assertThat(bigquery.getTable(TableId.of(PROJECT, "crm", "paying")).getDefinition().getType().name()).isEqualTo("VIEW");
    assertThatThrownBy(() -> query("INSERT INTO crm.paying (company_id) VALUES ('x')"))
        .isInstanceOfSatisfying(BigQueryException.class, e -> assertThat(e.getMessage()).contains("views are read-only"));
  }

  @Test
  void googleSqlFunctionsAndClausesBehaveAsInBigQuery() throws Exception {
    FieldValueList row = rows("""
        SELECT
          SAFE_CAST('12x' AS INT64) AS bad_int,
          CAST('42' AS INT64) + 1 AS good_int,
          TIMESTAMP_TRUNC(TIMESTAMP '2026-03-29 13:45:12.5', DAY) AS day,
          DATE_DIFF(DATE '2026-03-01', DATE '2026-02-01', DAY) AS days,
          TIMESTAMP_DIFF(TIMESTAMP '2026-01-01 00:01:30', TIMESTAMP '2026-01-01 00:00:00', MINUTE) AS minutes,
          FORMAT_TIMESTAMP('%F %T', TIMESTAMP '2026-03-29 01:02:03') AS formatted,
          FORMAT_TIMESTAMP('%Y-%m-%d %H:%M', TIMESTAMP '2026-03-29 01:30:00', 'Europe/Berlin') AS berlin,
          STRUCT(1 AS a, 'x' AS b).b AS struct_field,
          ARRAY<INT64>[3, 1, 2][OFFSET(1)] AS second,
          [10, 20, 30][ORDINAL(3)] AS third,
          ARRAY_LENGTH(['a', 'b']) AS len,
          LENGTH(GENERATE_UUID()) AS uuid_length,
          CURRENT_TIMESTAMP() > TIMESTAMP '2020-01-01' AS now_is_later,
          IF(1 < 2, 'yes', 'no') AS branch,
          1.5 AS float_literal,
          "double quoted" AS dq,
          r'\\d+' AS raw
        """).get(0);

    assertThat(row.get("bad_int").isNull()).isTrue();
    assertThat(row.get("good_int").getLongValue()).isEqualTo(43);
    assertThat(row.get("day").getTimestampInstant()).isEqualTo(java.time.Instant.parse("2026-03-29T00:00:00Z"));
    assertThat(row.get("days").getLongValue()).isEqualTo(28);
    assertThat(row.get("minutes").getLongValue()).isEqualTo(1);
    assertThat(row.get("formatted").getStringValue()).isEqualTo("2026-03-29 01:02:03");
    assertThat(row.get("berlin").getStringValue()).isEqualTo("2026-03-29 03:30");
    assertThat(row.get("struct_field").getStringValue()).isEqualTo("x");
    assertThat(row.get("second").getLongValue()).isEqualTo(1);
    assertThat(row.get("third").getLongValue()).isEqualTo(30);
    assertThat(row.get("len").getLongValue()).isEqualTo(2);
    assertThat(row.get("uuid_length").getLongValue()).isEqualTo(36);
    assertThat(row.get("now_is_later").getBooleanValue()).isTrue();
    assertThat(row.get("branch").getStringValue()).isEqualTo("yes");
    assertThat(row.get("float_literal").getDoubleValue()).isEqualTo(1.5);
    assertThat(row.get("dq").getStringValue()).isEqualTo("double quoted");
    assertThat(row.get("raw").getStringValue()).isEqualTo("\\d+");
  }

  @Test
  void exceptQualifyAndUnnamedColumns() throws Exception {
    TableResult result = query("SELECT * EXCEPT (updated_at, mrr), COUNT(*) OVER () FROM crm.companies "
        + "WHERE TRUE QUALIFY ROW_NUMBER() OVER (ORDER BY company_id DESC) = 1");

    assertThat(result.getSchema().getFields()).extracting(f -> f.getName()).containsExactly("company_id", "name", "f0_");
    FieldValueList row = result.streamAll().toList().get(0);
    assertThat(row.get("company_id").getStringValue()).isEqualTo("c2");
    assertThat(row.get("f0_").getLongValue()).isEqualTo(2);
  }

  @Test
  void scalarArrayParametersWorkWithInUnnest() throws Exception {
    List<FieldValueList> found = bigquery.query(QueryJobConfiguration.newBuilder(
            "SELECT company_id FROM crm.companies WHERE company_id IN UNNEST(@ids) ORDER BY 1")
        .addNamedParameter("ids", QueryParameterValue.array(new String[] {"c2", "zz"}, StandardSQLTypeName.STRING))
        .build()).streamAll().toList();

    assertThat(found).extracting(r -> r.get(0).getStringValue()).containsExactly("c2");
  }

  @Test
  void aJobWithADestinationTableWritesIt() throws Exception {
    TableId destination = TableId.of(PROJECT, "crm", "snapshot");
    QueryJobConfiguration config = QueryJobConfiguration.newBuilder("SELECT company_id, name FROM crm.companies")
        .setDestinationTable(destination).setWriteDisposition(JobInfo.WriteDisposition.WRITE_TRUNCATE).build();

    TableResult first = bigquery.query(config);
    TableResult second = bigquery.query(config);

    assertThat(first.getTotalRows()).isEqualTo(2);
    assertThat(second.streamAll().count()).isEqualTo(2);
    assertThat(((StandardTableDefinition) bigquery.getTable(destination).getDefinition()).getNumRows()).isEqualTo(2);
  }

  @Test
  void unsupportedConstructsAreRefusedByName() {
    for (String[] c : new String[][] {
        {"SELECT * FROM crm.companies FOR SYSTEM_TIME AS OF CURRENT_TIMESTAMP()", "FOR SYSTEM_TIME AS OF"},
        {"SELECT * FROM APPENDS(TABLE crm.companies, NULL, NULL)", "APPENDS"},
        {"DECLARE x INT64 DEFAULT 1", "DECLARE statements"},
        {"SELECT 1; SELECT 2", "multi-statement scripts"},
        {"SELECT * FROM `acme-analytics.crm.compan*`", "wildcard tables"},
        {"SELECT * FROM crm.INFORMATION_SCHEMA.PARTITIONS", "INFORMATION_SCHEMA.PARTITIONS"}}) {
      assertThatThrownBy(() -> query(c[0])).as(c[0])
          .isInstanceOfSatisfying(BigQueryException.class, e -> {
            assertThat(e.getReason()).isEqualTo("invalidQuery");
            assertThat(e.getMessage()).contains("Unsupported by the bqsync BigQuery emulator").contains(c[1]);
          });
    }
  }

  @Test
  void jobsCarryTheirLabelsAndAnHonestBytesEstimate() throws Exception {
    bigquery.query(QueryJobConfiguration.newBuilder("SELECT name FROM crm.companies")
        .setLabels(Map.of("tenant", "acme", "section", "companies", "run", "r-1")).build());

    ExecutedJob job = emulator.jobs().get(emulator.jobs().size() - 1);
    assertThat(job.labels()).containsEntry("tenant", "acme").containsEntry("run", "r-1");
    assertThat(job.statementType()).isEqualTo("SELECT");
    assertThat(job.bytesProcessed()).as("name column only: 2 + 4 and 2 + 6 bytes").isEqualTo(14);
    assertThat(job.bytesBilled()).isEqualTo(10L * 1024 * 1024);
  }

  @Test
  void aDryRunReportsBytesWithoutRunning() {
    Job dry = bigquery.create(JobInfo.of(QueryJobConfiguration.newBuilder("DELETE FROM crm.companies WHERE TRUE")
        .setDryRun(true).build()));

    assertThat(((JobStatistics.QueryStatistics) dry.getStatistics()).getTotalBytesProcessed()).isPositive();
    assertThat(emulator.execute(PROJECT, "SELECT * FROM crm.companies")).isEqualTo(2);
  }

  @Test
  void fieldValuesOfNestedQueryResults() throws Exception {
    FieldValueList row = rows("SELECT [STRUCT('a' AS k, 1 AS v), STRUCT('b' AS k, 2 AS v)] AS pairs").get(0);

    List<FieldValue> pairs = row.get("pairs").getRepeatedValue();
    assertThat(pairs).hasSize(2);
    assertThat(pairs.get(1).getRecordValue().get(0).getStringValue()).isEqualTo("b");
  }
}
