package dev.bqsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.Dataset;
import com.google.cloud.bigquery.DatasetId;
import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.InsertAllResponse;
import com.google.cloud.bigquery.LegacySQLTypeName;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableDefinition;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableInfo;
import com.google.cloud.bigquery.ViewDefinition;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class DatasetsAndTablesTest extends EmulatorTestSupport {
  private static final Schema EVENTS = Schema.of(
      Field.newBuilder("event_id", StandardSQLTypeName.INT64).setMode(Field.Mode.REQUIRED).build(),
      // BigQuery spells out NULLABLE in the schemas it returns.
      Field.newBuilder("user_email", StandardSQLTypeName.STRING).setMode(Field.Mode.NULLABLE).build(),
      Field.newBuilder("event_time", StandardSQLTypeName.TIMESTAMP).setMode(Field.Mode.NULLABLE).build());

  private Table createEvents() {
    bigquery.create(DatasetInfo.newBuilder(PROJECT, "usage").setLocation("EU").build());
    return bigquery.create(TableInfo.of(TableId.of(PROJECT, "usage", "events"), StandardTableDefinition.of(EVENTS)));
  }

  @Test
  void datasetsAreCreatedReadListedAndDeleted() {
    Dataset created = bigquery.create(DatasetInfo.newBuilder(PROJECT, "usage").setLocation("EU")
        .setDescription("usage events").setLabels(Map.of("team", "data")).build());
    bigquery.create(DatasetInfo.of(DatasetId.of(PROJECT, "crm")));

    assertThat(created.getLocation()).isEqualTo("EU");
    Dataset read = bigquery.getDataset("usage");
    assertThat(read.getDescription()).isEqualTo("usage events");
    assertThat(read.getLabels()).containsEntry("team", "data");
    assertThat(read.getCreationTime()).isPositive();
    assertThat(StreamSupport.stream(bigquery.listDatasets(PROJECT).iterateAll().spliterator(), false)
        .map(d -> d.getDatasetId().getDataset())).containsExactly("crm", "usage");

    assertThat(bigquery.delete(DatasetId.of(PROJECT, "crm"))).isTrue();
    assertThat(bigquery.getDataset("crm")).isNull();
    assertThat(bigquery.delete(DatasetId.of(PROJECT, "crm"))).isFalse();
  }

  @Test
  void aDuplicateDatasetIsRefusedWithReasonDuplicate() {
    bigquery.create(DatasetInfo.of("usage"));

    assertThatThrownBy(() -> bigquery.create(DatasetInfo.of("usage")))
        .isInstanceOfSatisfying(BigQueryException.class, e -> {
          assertThat(e.getCode()).isEqualTo(409);
          assertThat(e.getReason()).isEqualTo("duplicate");
          assertThat(e.getMessage()).contains("Already Exists: Dataset acme-analytics:usage");
        });
  }

  @Test
  void aDatasetWithTablesIsDeletedOnlyWithItsContents() {
    createEvents();

    assertThatThrownBy(() -> bigquery.delete(DatasetId.of(PROJECT, "usage")))
        .isInstanceOfSatisfying(BigQueryException.class, e -> assertThat(e.getReason()).isEqualTo("resourceInUse"));
    assertThat(bigquery.delete(DatasetId.of(PROJECT, "usage"), BigQuery.DatasetDeleteOption.deleteContents())).isTrue();
  }

  @Test
  void aTableReportsSchemaTypeRowsBytesAndTimes() {
    Table created = createEvents();
    bigquery.insertAll(InsertAllRequest.newBuilder(created.getTableId())
        .addRow(Map.of("event_id", 1, "user_email", "ada@acme.example", "event_time", "2026-11-23 10:00:00"))
        .addRow(Map.of("event_id", 2, "user_email", "bob@acme.example")).build());

    Table table = bigquery.getTable(TableId.of(PROJECT, "usage", "events"));

    assertThat(table.getDefinition().getType()).isEqualTo(TableDefinition.Type.TABLE);
    assertThat(table.getDefinition().getSchema()).isEqualTo(EVENTS);
    assertThat(((StandardTableDefinition) table.getDefinition()).getNumRows()).isEqualTo(2);
    // 2 INT64 (8 each) + 2 strings (2 + 16 bytes each) + 1 TIMESTAMP (8)
    assertThat(((StandardTableDefinition) table.getDefinition()).getNumBytes()).isEqualTo(16 + 36 + 8);
    assertThat(table.getCreationTime()).isPositive();
    assertThat(table.getLastModifiedTime()).isGreaterThan(table.getCreationTime());
  }

  @Test
  void lastModifiedTimeMovesOnEveryWriteAndOnlyThen() throws Exception {
    Table created = createEvents();
    long t0 = bigquery.getTable(created.getTableId()).getLastModifiedTime();

    bigquery.insertAll(InsertAllRequest.newBuilder(created.getTableId()).addRow(Map.of("event_id", 1)).build());
    long t1 = bigquery.getTable(created.getTableId()).getLastModifiedTime();
    bigquery.query(QueryJobConfiguration.of("SELECT * FROM usage.events"));
    long t2 = bigquery.getTable(created.getTableId()).getLastModifiedTime();
    bigquery.query(QueryJobConfiguration.of("UPDATE usage.events SET user_email = 'x@y.z' WHERE event_id = 1"));
    long t3 = bigquery.getTable(created.getTableId()).getLastModifiedTime();
    bigquery.query(QueryJobConfiguration.of("DELETE FROM usage.events WHERE event_id = 99"));
    long t4 = bigquery.getTable(created.getTableId()).getLastModifiedTime();

    assertThat(t1).isGreaterThan(t0);
    assertThat(t2).as("a read is not a write").isEqualTo(t1);
    assertThat(t3).isGreaterThan(t2);
    assertThat(t4).as("a DML that changed nothing").isEqualTo(t3);
  }

  @Test
  void listsArePagedByMaxResultsAndPageTokenLikeBigQuery() {
    for (String name : List.of("a", "b", "c")) {
      bigquery.create(DatasetInfo.newBuilder(PROJECT, name).setLocation("EU").build());
      bigquery.create(TableInfo.of(TableId.of(PROJECT, "a", "t_" + name), StandardTableDefinition.of(EVENTS)));
    }

    var first = bigquery.listTables(DatasetId.of(PROJECT, "a"), BigQuery.TableListOption.pageSize(2));
    var second = bigquery.listTables(DatasetId.of(PROJECT, "a"), BigQuery.TableListOption.pageSize(2),
        BigQuery.TableListOption.pageToken(first.getNextPageToken()));
    var datasets = bigquery.listDatasets(PROJECT, BigQuery.DatasetListOption.pageSize(1));

    assertThat(StreamSupport.stream(first.getValues().spliterator(), false).map(t -> t.getTableId().getTable()))
        .containsExactly("t_a", "t_b");
    assertThat(StreamSupport.stream(second.getValues().spliterator(), false).map(t -> t.getTableId().getTable()))
        .containsExactly("t_c");
    assertThat(second.hasNextPage()).isFalse();
    assertThat(datasets.getValues()).hasSize(1);
    assertThat(StreamSupport.stream(datasets.iterateAll().spliterator(), false).map(d -> d.getDatasetId().getDataset()))
        .containsExactly("a", "b", "c");
  }

  @Test
  void tablesAreListedPatchedAndDeleted() {
    createEvents();
    bigquery.create(TableInfo.of(TableId.of(PROJECT, "usage", "events_by_user"),
        ViewDefinition.of("SELECT user_email, count(*) AS n FROM `acme-analytics.usage.events` GROUP BY user_email")));

    List<String> names = StreamSupport.stream(bigquery.listTables(DatasetId.of(PROJECT, "usage")).iterateAll().spliterator(), false)
        .map(t -> t.getTableId().getTable() + ":" + t.getDefinition().getType()).toList();
    assertThat(names).containsExactly("events:TABLE", "events_by_user:VIEW");

    Table events = bigquery.getTable(TableId.of(PROJECT, "usage", "events"));
    Schema wider = Schema.of(List.of(EVENTS.getFields().get(0), EVENTS.getFields().get(1), EVENTS.getFields().get(2),
        Field.newBuilder("country", StandardSQLTypeName.STRING).setMode(Field.Mode.NULLABLE).build()));
    Table patched = events.toBuilder().setDefinition(StandardTableDefinition.of(wider)).setDescription("login events")
        .build().update();
    assertThat(patched.getDefinition().getSchema().getFields()).extracting(Field::getName)
        .containsExactly("event_id", "user_email", "event_time", "country");
    assertThat(patched.getDescription()).isEqualTo("login events");

    assertThat(bigquery.delete(TableId.of(PROJECT, "usage", "events_by_user"))).isTrue();
    assertThat(bigquery.getTable(TableId.of(PROJECT, "usage", "events_by_user"))).isNull();
  }

  @Test
  void aViewReportsItsTypeAndQuery() {
    createEvents();
    String query = "SELECT event_id FROM `acme-analytics.usage.events` WHERE event_id > 10";
    bigquery.create(TableInfo.of(TableId.of(PROJECT, "usage", "recent"), ViewDefinition.of(query)));

    Table view = bigquery.getTable(TableId.of(PROJECT, "usage", "recent"));

    assertThat(view.getDefinition().getType()).isEqualTo(TableDefinition.Type.VIEW);
    assertThat(((ViewDefinition) view.getDefinition()).getQuery()).isEqualTo(query);
    assertThat(view.getDefinition().getSchema().getFields()).extracting(Field::getName).containsExactly("event_id");
    assertThat(view.getDefinition().getSchema().getFields().get(0).getType()).isEqualTo(LegacySQLTypeName.INTEGER);
  }

  @Test
  void missingTablesAndDatasetsAreNotFoundAndOtherProjectsAreDenied() {
    bigquery.create(DatasetInfo.of("usage"));

    assertThat(bigquery.getTable(TableId.of(PROJECT, "usage", "nope"))).isNull();
    assertThat(bigquery.getDataset(DatasetId.of(PROJECT, "nope"))).isNull();
    assertThatThrownBy(() -> bigquery.listTables(DatasetId.of("some-other-project", "usage")))
        .isInstanceOfSatisfying(BigQueryException.class, e -> {
          assertThat(e.getCode()).isEqualTo(403);
          assertThat(e.getReason()).isEqualTo("accessDenied");
          assertThat(e.getMessage()).contains("Permission bigquery.tables.list denied on dataset some-other-project:usage");
        });
  }

  @Test
  void insertAllReportsBadRowsAndInsertsNothingUnlessToldToSkipThem() {
    Table table = createEvents();
    InsertAllRequest.Builder rows = InsertAllRequest.newBuilder(table.getTableId())
        .addRow(Map.of("event_id", 1, "user_email", "ada@acme.example"))
        .addRow(Map.of("event_id", "not-a-number"))
        .addRow(Map.of("user_email", "missing-required-key@acme.example"))
        .addRow(Map.of("event_id", 4, "colour", "blue"));

    InsertAllResponse strict = bigquery.insertAll(rows.build());

    assertThat(strict.hasErrors()).isTrue();
    assertThat(strict.getErrorsFor(1).get(0).getMessage()).contains("Cannot convert value to integer (bad value): not-a-number");
    assertThat(strict.getErrorsFor(2).get(0).getMessage()).contains("Missing required field: event_id");
    assertThat(strict.getErrorsFor(3).get(0).getMessage()).contains("no such field: colour");
    assertThat(strict.getErrorsFor(0).get(0).getReason()).isEqualTo("stopped");
    assertThat(((StandardTableDefinition) bigquery.getTable(table.getTableId()).getDefinition()).getNumRows()).isZero();

    InsertAllResponse lenient = bigquery.insertAll(rows.setSkipInvalidRows(true).setIgnoreUnknownValues(true).build());

    assertThat(lenient.getInsertErrors()).containsOnlyKeys(1L, 2L);
    assertThat(((StandardTableDefinition) bigquery.getTable(table.getTableId()).getDefinition()).getNumRows()).isEqualTo(2);
  }
}
