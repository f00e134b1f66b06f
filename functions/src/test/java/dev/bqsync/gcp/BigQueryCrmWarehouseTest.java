package dev.bqsync.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQueryOptions;
import dev.bqsync.core.config.TableRef;
import dev.bqsync.core.crm.SyncPlan;
import dev.bqsync.core.usage.ColumnType;
import dev.bqsync.testing.UsageTestbed;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CRM sync's MERGE on the BigQuery emulator through google-cloud-bigquery. */
class BigQueryCrmWarehouseTest {
  private static final TableRef USERS = TableRef.parse(UsageTestbed.PROJECT + ".crm.end_users");
  private UsageTestbed bed;
  private BigQueryCrmWarehouse warehouse;

  @BeforeEach
  void fresh() {
    bed = UsageTestbed.fresh();
    bed.crmSetup();
    warehouse = new BigQueryCrmWarehouse(BigQueryOptions.newBuilder().setHost(UsageTestbed.bigquery().endpoint())
        .setProjectId(UsageTestbed.PROJECT).setCredentials(NoCredentials.getInstance()).build().getService());
    bed.sql("INSERT INTO crm.end_users VALUES ('Ada@Example.COM', 'Ada', 'c1'), ('ada@example.com', 'Other', 'c2')");
  }

  private void merge(SyncPlan.WarehouseWrite... writes) {
    warehouse.merge(USERS, "email", Map.of("first_name", ColumnType.STRING, "company_id", ColumnType.STRING),
        List.of(writes), Map.of(), null);
  }

  @Test
  void anUpdateTouchesTheRowWithExactlyItsKey() {
    merge(new SyncPlan.WarehouseWrite("Ada@Example.COM", false, Map.of("first_name", "Ada L.")));

    assertThat(bed.bigqueryRows("SELECT email, first_name, company_id FROM crm.end_users ORDER BY company_id"))
        .isEqualTo("Ada@Example.COM|Ada L.|c1|\nada@example.com|Other|c2|\n");
  }

  @Test
  void anUpdateWhoseRowIsGoneInsertsNothingAndAnInsertInserts() {
    merge(new SyncPlan.WarehouseWrite("gone@example.com", false, Map.of("first_name", "Ghost")),
        new SyncPlan.WarehouseWrite("new@example.com", true, Map.of("email", "new@example.com", "first_name", "New",
            "company_id", "c3")));

    assertThat(bed.bigqueryRows("SELECT email, first_name, company_id FROM crm.end_users ORDER BY company_id"))
        .isEqualTo("Ada@Example.COM|Ada|c1|\nada@example.com|Other|c2|\nnew@example.com|New|c3|\n");
  }

  private BigQueryCrmWarehouse staging() {
    // 1 KB per request: 40 rows need several staging inserts, then one MERGE
    return new BigQueryCrmWarehouse(BigQueryOptions.newBuilder().setHost(UsageTestbed.bigquery().endpoint())
        .setProjectId(UsageTestbed.PROJECT).setCredentials(NoCredentials.getInstance()).build().getService(), 1_024,
        java.time.Clock.systemUTC());
  }

  private static List<SyncPlan.WarehouseWrite> manyInserts() {
    List<SyncPlan.WarehouseWrite> writes = new java.util.ArrayList<>();
    writes.add(new SyncPlan.WarehouseWrite("Ada@Example.COM", false, Map.of("first_name", "Ada staged")));
    for (int i = 0; i < 40; i++) {
      writes.add(new SyncPlan.WarehouseWrite("u" + i + "@example.com", true, Map.of("email", "u" + i + "@example.com",
          "first_name", "User " + i, "company_id", "c9")));
    }
    return writes;
  }

  /** Inside a run (a time budget) queries go by jobs.insert; outside one by jobs.query. */
  private static final String IN_A_RUN = "jobs.insert";

  /** A run's budget of a few seconds, so retries of a call that keeps failing give up soon. */
  private static dev.bqsync.core.RunBudget shortBudget() {
    return dev.bqsync.core.RunBudget.open(java.time.Instant.now().plusSeconds(6), java.time.Clock.systemUTC());
  }

  private static long queries() {
    return UsageTestbed.bigquery().requestCount("jobs.query") + UsageTestbed.bigquery().requestCount("jobs.insert");
  }

  private long stagingTables() {
    return java.util.stream.StreamSupport.stream(BigQueryOptions.newBuilder().setHost(UsageTestbed.bigquery().endpoint())
        .setProjectId(UsageTestbed.PROJECT).setCredentials(NoCredentials.getInstance()).build().getService()
        .listTables(com.google.cloud.bigquery.DatasetId.of(UsageTestbed.PROJECT, "crm")).iterateAll().spliterator(), false)
        .filter(t -> t.getTableId().getTable().startsWith(BigQueryCrmWarehouse.STAGE_PREFIX)).count();
  }

  private static long uploads() {
    return UsageTestbed.bigquery().requestCount("jobs.insert.upload");
  }

  @Test
  void rowsPastOneRequestAreLoadedIntoAStageThenWrittenByOneMergeAndTheStageIsDropped() {
    long before = queries();
    long uploadsBefore = uploads();

    int jobs = staging().merge(USERS, "email", Map.of("first_name", ColumnType.STRING, "company_id", ColumnType.STRING),
        manyInserts(), Map.of("tenant", "acme"), null).jobs();

    assertThat(jobs).as("one load job and one MERGE, however many requests the rows would take").isEqualTo(2);
    assertThat(queries() - before).as("the MERGE").isEqualTo(1);
    assertThat(uploads() - uploadsBefore).as("the load").isEqualTo(1);
    assertThat(bed.bigqueryRows("SELECT COUNT(*) FROM crm.end_users WHERE company_id = 'c9'")).isEqualTo("40|\n");
    assertThat(bed.bigqueryRows("SELECT first_name FROM crm.end_users WHERE email = 'Ada@Example.COM'"))
        .isEqualTo("Ada staged|\n");
    assertThat(stagingTables()).isZero();
  }

  @Test
  void rowsWithAJsonColumnAreStagedByInsertJobsSinceALoadWouldNotParseTheirText() {
    bed.sql("CREATE TABLE crm.with_json (email STRING, first_name STRING, tags JSON)");
    List<SyncPlan.WarehouseWrite> writes = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      writes.add(new SyncPlan.WarehouseWrite("j" + i + "@example.com", true, Map.of("email", "j" + i + "@example.com",
          "first_name", "J" + i, "tags", "{\"n\":" + i + ",\"vip\":true}")));
    }
    long uploadsBefore = uploads();

    int jobs = staging().merge(TableRef.parse(UsageTestbed.PROJECT + ".crm.with_json"), "email",
        Map.of("first_name", ColumnType.STRING, "tags", ColumnType.JSON), writes, Map.of(), null).jobs();

    assertThat(jobs).as("several staging inserts and one MERGE").isGreaterThan(2);
    assertThat(uploads()).isEqualTo(uploadsBefore);
    assertThat(bed.bigqueryRows("SELECT JSON_VALUE(tags, '$.n'), JSON_VALUE(tags, '$.vip') FROM crm.with_json "
        + "WHERE email = 'j7@example.com'")).as("parsed as JSON, not kept as a JSON string").isEqualTo("7|true|\n");
    assertThat(stagingTables()).isZero();
  }

  @Test
  void everyScalarTypeLoadedIntoTheStageLandsAsTheParameterMergeWritesIt() {
    String columns = "(k STRING, s STRING, i INT64, f FLOAT64, n NUMERIC, bn BIGNUMERIC, b BOOL, d DATE, dt DATETIME, "
        + "ts TIMESTAMP)";
    bed.sql("CREATE TABLE crm.typed_params " + columns);
    bed.sql("CREATE TABLE crm.typed_loaded " + columns);
    Map<String, ColumnType> types = Map.of("s", ColumnType.STRING, "i", ColumnType.INT64, "f", ColumnType.FLOAT64,
        "n", ColumnType.NUMERIC, "bn", ColumnType.BIGNUMERIC, "b", ColumnType.BOOL, "d", ColumnType.DATE,
        "dt", ColumnType.DATETIME, "ts", ColumnType.TIMESTAMP);
    List<Object[]> samples = List.of(
        new Object[] {"Zoë \"quoted\"\n\u65e5\u672c", Long.MIN_VALUE, Double.NaN, new java.math.BigDecimal("-99999999999999999999999999999.999999999"),
            new java.math.BigDecimal("123456789012345678901234567890.12345678901234567890123456789012345678"), true,
            java.time.LocalDate.of(1, 1, 1), java.time.LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000),
            java.time.Instant.parse("1970-01-01T00:00:00.000001Z")},
        new Object[] {"", Long.MAX_VALUE, Double.NEGATIVE_INFINITY, new java.math.BigDecimal("0.000000001"),
            java.math.BigDecimal.ZERO, false, java.time.LocalDate.of(2026, 2, 28),
            java.time.LocalDateTime.of(2026, 12, 4, 8, 30), java.time.Instant.parse("9999-12-31T23:59:59.999999Z")},
        new Object[] {"x", 0L, 1.0E-300, java.math.BigDecimal.ONE, new java.math.BigDecimal("-1E-38"), true,
            java.time.LocalDate.of(2024, 2, 29), java.time.LocalDateTime.of(2000, 1, 1, 0, 0, 0, 1_000),
            java.time.Instant.parse("2026-12-04T20:00:00.123456Z")});
    String[] names = {"s", "i", "f", "n", "bn", "b", "d", "dt", "ts"};
    List<SyncPlan.WarehouseWrite> writes = new java.util.ArrayList<>();
    for (int row = 0; row < 60; row++) {
      Map<String, Object> values = new java.util.HashMap<>();
      values.put("k", "k" + row);
      Object[] sample = samples.get(row % samples.size());
      for (int c = 0; c < names.length; c++) {
        if ((row + c) % 7 != 0) { // some values NULL, set to NULL
          values.put(names[c], sample[c]);
        } else if (row % 2 == 0) {
          values.put(names[c], null);
        }
      }
      writes.add(new SyncPlan.WarehouseWrite("k" + row, true, values));
    }
    long uploadsBefore = uploads();

    warehouse.merge(TableRef.parse(UsageTestbed.PROJECT + ".crm.typed_params"), "k", types, writes, Map.of(), null);
    int loadedJobs = new BigQueryCrmWarehouse(BigQueryOptions.newBuilder().setHost(UsageTestbed.bigquery().endpoint())
        .setProjectId(UsageTestbed.PROJECT).setCredentials(NoCredentials.getInstance()).build().getService(), 4_096,
        java.time.Clock.systemUTC()).merge(TableRef.parse(UsageTestbed.PROJECT + ".crm.typed_loaded"), "k", types,
        writes, Map.of(), null).jobs();

    assertThat(loadedJobs).isEqualTo(2);
    assertThat(uploads() - uploadsBefore).isEqualTo(1);
    String select = "SELECT k, s, i, CAST(f AS STRING), CAST(n AS STRING), CAST(bn AS STRING), b, d, dt, ts FROM crm.";
    String params = bed.bigqueryRows(select + "typed_params ORDER BY k");
    assertThat(params).contains("|nan|", "|-inf|", "9223372036854775807", "-9223372036854775808", "Zoë");
    assertThat(bed.bigqueryRows(select + "typed_loaded ORDER BY k")).isEqualTo(params);
  }

  @Test
  void aFailureWhileStagingOrInTheMergeLeavesTheTargetAsItWas() {
    String target = "SELECT email, first_name, company_id FROM crm.end_users ORDER BY email";
    String untouched = bed.bigqueryRows(target);
    Map<String, ColumnType> types = Map.of("first_name", ColumnType.STRING, "company_id", ColumnType.STRING);

    // the load's upload fails for good (every retry)
    UsageTestbed.bigquery().faults().failAfter("jobs.insert.upload", 0, 1_000, 503);
    try (var budget = shortBudget()) {
      assertThatThrownBy(() -> staging().merge(USERS, "email", types, manyInserts(), Map.of(), null))
          .isInstanceOf(dev.bqsync.core.TransientException.class).hasMessageContaining("loading the rows staged");
    } finally {
      UsageTestbed.bigquery().faults().clear();
    }
    assertThat(bed.bigqueryRows(target)).isEqualTo(untouched);
    assertThat(stagingTables()).as("dropped after the failure too").isZero();

    // the load succeeds, the MERGE fails (inside a run, the MERGE is the only jobs.insert)
    UsageTestbed.bigquery().faults().failAfter(IN_A_RUN, 0, 1_000, 503);
    try (var budget = shortBudget()) {
      assertThatThrownBy(() -> staging().merge(USERS, "email", types, manyInserts(), Map.of(), null))
          .isInstanceOf(dev.bqsync.core.TransientException.class).hasMessageContaining("merging the staged rows");
    } finally {
      UsageTestbed.bigquery().faults().clear();
    }
    assertThat(bed.bigqueryRows(target)).isEqualTo(untouched);
    assertThat(stagingTables()).isZero();
  }

  @Test
  void rowsBigQueryRefusesAreIsolatedByHalvesAndEveryOtherRowIsWritten() {
    bed.sql("CREATE TABLE crm.strict (email STRING NOT NULL, first_name STRING, company_id STRING NOT NULL)");
    bed.sql("INSERT INTO crm.strict VALUES ('old@example.com', 'Old', 'c0')");
    List<SyncPlan.WarehouseWrite> writes = new java.util.ArrayList<>();
    writes.add(new SyncPlan.WarehouseWrite("old@example.com", false, Map.of("first_name", "Old updated")));
    for (int i = 0; i < 12; i++) {
      Map<String, Object> values = new java.util.HashMap<>(Map.of("email", "n" + i + "@example.com", "first_name", "N" + i));
      if (i != 3 && i != 10) {
        values.put("company_id", "c" + i); // rows 3 and 10 leave the REQUIRED company_id NULL
      }
      writes.add(new SyncPlan.WarehouseWrite("n" + i + "@example.com", true, values));
    }
    long before = queries();

    var result = warehouse.merge(TableRef.parse(UsageTestbed.PROJECT + ".crm.strict"), "email",
        Map.of("first_name", ColumnType.STRING, "company_id", ColumnType.STRING), writes, Map.of(), null);
    long jobs = queries() - before;

    assertThat(result.refused()).extracting(r -> r.key() + " " + r.reason())
        .containsExactly("n3@example.com WAREHOUSE_REFUSED", "n10@example.com WAREHOUSE_REFUSED");
    assertThat(result.refused().get(0).detail()).containsIgnoringCase("null");
    assertThat(bed.bigqueryRows("SELECT COUNT(*) FROM crm.strict")).isEqualTo("11|\n");
    assertThat(bed.bigqueryRows("SELECT first_name FROM crm.strict WHERE email = 'old@example.com'"))
        .isEqualTo("Old updated|\n");
    assertThat(result.jobs()).as("every MERGE is counted").isEqualTo(jobs)
        .isLessThanOrEqualTo(1 + BigQueryCrmWarehouse.MAX_ISOLATION_JOBS);
  }

  @Test
  void aRowRefusedInTheStagedMergeIsIsolatedAndTheStageIsDropped() {
    bed.sql("CREATE TABLE crm.strict3 (email STRING NOT NULL, first_name STRING, company_id STRING NOT NULL)");
    List<SyncPlan.WarehouseWrite> writes = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      Map<String, Object> values = new java.util.HashMap<>(Map.of("email", "s" + i + "@example.com", "first_name", "S" + i));
      if (i != 25) {
        values.put("company_id", "c" + i);
      }
      writes.add(new SyncPlan.WarehouseWrite("s" + i + "@example.com", true, values));
    }

    var result = staging().merge(TableRef.parse(UsageTestbed.PROJECT + ".crm.strict3"), "email",
        Map.of("first_name", ColumnType.STRING, "company_id", ColumnType.STRING), writes, Map.of(), null);

    assertThat(result.refused()).extracting(r -> r.key()).containsExactly("s25@example.com");
    assertThat(bed.bigqueryRows("SELECT COUNT(*) FROM crm.strict3")).isEqualTo("39|\n");
    assertThat(stagingTables()).isZero();
  }

  @Test
  void refusalsTooManyToIsolateFailTheSectionSayingWhat() {
    bed.sql("CREATE TABLE crm.strict4 (email STRING NOT NULL, company_id STRING NOT NULL)");
    List<SyncPlan.WarehouseWrite> writes = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) { // every row refused: isolating them all takes 59 MERGEs, past the cap
      writes.add(new SyncPlan.WarehouseWrite("z" + i + "@example.com", true, Map.of("email", "z" + i + "@example.com")));
    }

    assertThatThrownBy(() -> warehouse.merge(TableRef.parse(UsageTestbed.PROJECT + ".crm.strict4"), "email",
        Map.of("company_id", ColumnType.STRING), writes, Map.of(), null))
        .isInstanceOf(dev.bqsync.core.NeedsAttentionException.class)
        .hasMessageContaining("did not isolate").hasMessageContaining("NOT NULL");
    assertThat(bed.bigqueryRows("SELECT COUNT(*) FROM crm.strict4")).isEqualTo("0|\n");
  }

  @Test
  void aRefusalOfTheStatementItselfIsNotIsolatedRowByRow() {
    bed.sql("CREATE TABLE crm.strict2 (email STRING, first_name INT64)");
    assertThatThrownBy(() -> warehouse.merge(TableRef.parse(UsageTestbed.PROJECT + ".crm.strict2"), "email",
        Map.of("first_name", ColumnType.STRING), List.of(new SyncPlan.WarehouseWrite("a@x.com", true,
            Map.of("email", "a@x.com", "first_name", "Ada"))), Map.of(), null))
        .isInstanceOf(dev.bqsync.core.NeedsAttentionException.class);
  }
}
