package dev.bqsync.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.Clustering;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.RangePartitioning;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableInfo;
import com.google.cloud.bigquery.TimePartitioning;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.TableResult;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Metadata: INFORMATION_SCHEMA views and DDL, as BigQuery documents them. */
class MetadataConformanceTest extends ConformanceSupport {
  @Test
  @DisplayName("INFORMATION_SCHEMA.SCHEMATA lists the project's datasets with their location")
  void schemata() throws Exception {
    run("CREATE SCHEMA other");

    List<FieldValueList> found = rows("SELECT schema_name, location FROM `" + PROJECT + "`.INFORMATION_SCHEMA.SCHEMATA "
        + "ORDER BY schema_name");

    assertThat(found).extracting(r -> r.get("schema_name").getStringValue()).containsExactly("d", "other");
    assertThat(found.get(0).get("location").getStringValue()).isEqualTo("US");
    assertThat(rows("SELECT schema_name FROM `region-us`.INFORMATION_SCHEMA.SCHEMATA")).hasSize(2);
  }

  @Test
  @DisplayName("dataset.INFORMATION_SCHEMA.TABLES lists tables (BASE TABLE) and views (VIEW)")
  void tables() throws Exception {
    run("CREATE TABLE d.events (id INT64)");
    run("CREATE VIEW d.recent AS SELECT id FROM d.events");

    List<FieldValueList> found = rows("SELECT table_name, table_type, table_schema FROM d.INFORMATION_SCHEMA.TABLES "
        + "ORDER BY table_name");

    assertThat(found).extracting(r -> r.get(0).getStringValue() + ":" + r.get(1).getStringValue() + ":"
        + r.get(2).getStringValue()).containsExactly("events:BASE TABLE:d", "recent:VIEW:d");
    assertThat(rows("SELECT t.table_name FROM `" + PROJECT + ".d.INFORMATION_SCHEMA.TABLES` AS t WHERE t.table_type = 'VIEW'"))
        .hasSize(1);
  }

  @Test
  @DisplayName("dataset.INFORMATION_SCHEMA.COLUMNS lists columns in order, with GoogleSQL type names")
  void columns() throws Exception {
    run("CREATE TABLE d.events (id INT64 NOT NULL, who STRING, amount NUMERIC, at_time TIMESTAMP, local DATETIME, "
        + "tags ARRAY<STRING>, ok BOOL, f FLOAT64)");

    List<FieldValueList> found = rows("SELECT column_name, data_type, is_nullable FROM d.INFORMATION_SCHEMA.COLUMNS "
        + "WHERE table_name = 'events' ORDER BY ordinal_position");

    assertThat(found).extracting(r -> r.get(0).getStringValue() + " " + r.get(1).getStringValue() + " "
        + r.get(2).getStringValue()).containsExactly("id INT64 NO", "who STRING YES", "amount NUMERIC YES",
        "at_time TIMESTAMP YES", "local DATETIME YES", "tags ARRAY<STRING> YES", "ok BOOL YES", "f FLOAT64 YES");
  }

  @Test
  @DisplayName("INFORMATION_SCHEMA views not served are refused by name")
  void otherViewsAreRefused() {
    assertRefused(() -> query("SELECT * FROM d.INFORMATION_SCHEMA.PARTITIONS"), "invalidQuery",
        "INFORMATION_SCHEMA.PARTITIONS");
  }

  @Test
  @DisplayName("CREATE TABLE t (columns) AS SELECT takes the query's columns by position, in the declared types")
  void createTableWithColumnsAsSelect() throws Exception {
    query("CREATE TABLE d.copy (id INT64, amount NUMERIC) AS SELECT 1 AS x, 2.5 AS y");

    TableResult copy = query("SELECT id, amount FROM d.copy");
    assertThat(copy.getSchema().getFields()).extracting(f -> f.getType().getStandardType())
        .containsExactly(StandardSQLTypeName.INT64, StandardSQLTypeName.NUMERIC);
    assertThat(copy.streamAll().toList().get(0).get(1).getNumericValue()).isEqualByComparingTo("2.5");
  }

  private StandardTableDefinition definition(String table) {
    return bigquery.getTable(TableId.of(PROJECT, "d", table)).getDefinition();
  }

  @Test
  @DisplayName("tables.insert keeps timePartitioning, clustering and field descriptions; tables.get returns them")
  void partitioningClusteringAndDescriptionsFromTheApi() {
    Schema schema = Schema.of(Field.newBuilder("id", StandardSQLTypeName.INT64).setDescription("the key").build(),
        Field.of("at_time", StandardSQLTypeName.TIMESTAMP), Field.of("region", StandardSQLTypeName.STRING));
    bigquery.create(TableInfo.of(TableId.of(PROJECT, "d", "events"), StandardTableDefinition.newBuilder().setSchema(schema)
        .setTimePartitioning(TimePartitioning.newBuilder(TimePartitioning.Type.HOUR).setField("at_time").build())
        .setClustering(Clustering.newBuilder().setFields(List.of("region", "id")).build()).build()));

    StandardTableDefinition table = definition("events");

    assertThat(table.getTimePartitioning().getType()).isEqualTo(TimePartitioning.Type.HOUR);
    assertThat(table.getTimePartitioning().getField()).isEqualTo("at_time");
    assertThat(table.getClustering().getFields()).containsExactly("region", "id");
    assertThat(table.getSchema().getFields().get("id").getDescription()).isEqualTo("the key");
  }

  @Test
  @DisplayName("CREATE TABLE ... PARTITION BY / CLUSTER BY / OPTIONS(description) are kept and returned")
  void partitioningClusteringAndDescriptionsFromDdl() throws Exception {
    query("CREATE TABLE d.events (id INT64 OPTIONS(description = 'the key'), at_time TIMESTAMP, region STRING) "
        + "PARTITION BY DATE(at_time) CLUSTER BY region OPTIONS(description = 'login events')");
    query("CREATE TABLE d.buckets (n INT64) PARTITION BY RANGE_BUCKET(n, GENERATE_ARRAY(0, 100, 10))");

    StandardTableDefinition events = definition("events");
    RangePartitioning range = definition("buckets").getRangePartitioning();

    assertThat(events.getTimePartitioning().getType()).isEqualTo(TimePartitioning.Type.DAY);
    assertThat(events.getTimePartitioning().getField()).isEqualTo("at_time");
    assertThat(events.getClustering().getFields()).containsExactly("region");
    assertThat(events.getSchema().getFields().get("id").getDescription()).isEqualTo("the key");
    assertThat(bigquery.getTable(TableId.of(PROJECT, "d", "events")).getDescription()).isEqualTo("login events");
    assertThat(range.getField()).isEqualTo("n");
    assertThat(range.getRange().getStart()).isEqualTo(0);
    assertThat(range.getRange().getEnd()).isEqualTo(100);
    assertThat(range.getRange().getInterval()).isEqualTo(10);
  }

  @Test
  @DisplayName("tables.patch changes field descriptions and clustering")
  void patchDescriptionsAndClustering() {
    run("CREATE TABLE d.events (id INT64, region STRING)");
    var table = bigquery.getTable(TableId.of(PROJECT, "d", "events"));

    table.toBuilder().setDefinition(StandardTableDefinition.newBuilder()
        .setSchema(Schema.of(Field.newBuilder("id", StandardSQLTypeName.INT64).setDescription("now described").build(),
            Field.of("region", StandardSQLTypeName.STRING)))
        .setClustering(Clustering.newBuilder().setFields(List.of("region")).build()).build()).build().update();

    assertThat(definition("events").getSchema().getFields().get("id").getDescription()).isEqualTo("now described");
    assertThat(definition("events").getClustering().getFields()).containsExactly("region");
  }

  @Test
  @DisplayName("partitioning on a column that is missing or not a date/time is refused (invalid)")
  void badPartitioningIsRefused() {
    assertRefused(() -> query("CREATE TABLE d.events (id INT64) PARTITION BY DATE(nope)"), "invalid",
        "cannot be found in the schema: nope");
    assertRefused(() -> bigquery.create(TableInfo.of(TableId.of(PROJECT, "d", "t"), StandardTableDefinition.newBuilder()
        .setSchema(Schema.of(Field.of("name", StandardSQLTypeName.STRING)))
        .setTimePartitioning(TimePartitioning.newBuilder(TimePartitioning.Type.DAY).setField("name").build()).build())),
        "invalid", "can only be of type TIMESTAMP, DATE or DATETIME");
    assertThat(bigquery.getTable(TableId.of(PROJECT, "d", "t"))).isNull();
  }
}
