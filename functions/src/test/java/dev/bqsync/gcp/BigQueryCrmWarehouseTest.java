package dev.bqsync.gcp;

import static org.assertj.core.api.Assertions.assertThat;

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
}
