package dev.bqsync.emulator.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.bigquery.FieldValueList;
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
}
