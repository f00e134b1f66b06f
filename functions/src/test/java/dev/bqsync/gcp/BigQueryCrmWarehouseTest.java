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

  @Test
  void rowsPastOneRequestAreStagedThenWrittenByOneMergeAndTheStageIsDropped() {
    long before = queries();

    int jobs = staging().merge(USERS, "email", Map.of("first_name", ColumnType.STRING, "company_id", ColumnType.STRING),
        manyInserts(), Map.of("tenant", "acme"), null).jobs();

    assertThat(jobs).as("staging inserts plus one MERGE").isGreaterThan(2);
    assertThat(queries() - before).isEqualTo(jobs);
    assertThat(bed.bigqueryRows("SELECT COUNT(*) FROM crm.end_users WHERE company_id = 'c9'")).isEqualTo("40|\n");
    assertThat(bed.bigqueryRows("SELECT first_name FROM crm.end_users WHERE email = 'Ada@Example.COM'"))
        .isEqualTo("Ada staged|\n");
    assertThat(stagingTables()).isZero();
  }

  @Test
  void aFailureWhileStagingOrInTheMergeLeavesTheTargetAsItWas() {
    String target = "SELECT email, first_name, company_id FROM crm.end_users ORDER BY email";
    String untouched = bed.bigqueryRows(target);
    Map<String, ColumnType> types = Map.of("first_name", ColumnType.STRING, "company_id", ColumnType.STRING);

    // the third staging insert fails for good (every retry)
    UsageTestbed.bigquery().faults().failAfter(IN_A_RUN, 2, 1_000, 503);
    try (var budget = shortBudget()) {
      assertThatThrownBy(() -> staging().merge(USERS, "email", types, manyInserts(), Map.of(), null))
          .isInstanceOf(dev.bqsync.core.TransientException.class);
    } finally {
      UsageTestbed.bigquery().faults().clear();
    }
    assertThat(bed.bigqueryRows(target)).isEqualTo(untouched);
    assertThat(stagingTables()).as("dropped after the failure too").isZero();

    // every staging insert succeeds, the MERGE fails
    int stagingJobs = staging().merge(USERS, "email", types, manyInserts().subList(0, 1), Map.of(), null).jobs();
    assertThat(stagingJobs).as("one row: no staging, one MERGE").isEqualTo(1);
    bed.sql("UPDATE crm.end_users SET first_name = 'Ada' WHERE email = 'Ada@Example.COM'");
    untouched = bed.bigqueryRows(target);
    int chunks = countStagingInserts(types);
    UsageTestbed.bigquery().faults().failAfter(IN_A_RUN, chunks, 1_000, 503);
    try (var budget = shortBudget()) {
      assertThatThrownBy(() -> staging().merge(USERS, "email", types, manyInserts(), Map.of(), null))
          .isInstanceOf(dev.bqsync.core.TransientException.class).hasMessageContaining("merging the staged rows");
    } finally {
      UsageTestbed.bigquery().faults().clear();
    }
    assertThat(bed.bigqueryRows(target)).isEqualTo(untouched);
    assertThat(stagingTables()).isZero();
  }

  /** How many staging inserts manyInserts() takes: a dry run into a copy of the table. */
  private int countStagingInserts(Map<String, ColumnType> types) {
    bed.sql("CREATE TABLE crm.end_users_copy AS SELECT * FROM crm.end_users");
    int jobs = staging().merge(TableRef.parse(UsageTestbed.PROJECT + ".crm.end_users_copy"), "email", types,
        manyInserts(), Map.of(), null).jobs();
    bed.sql("DROP TABLE crm.end_users_copy");
    return jobs - 1;
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
