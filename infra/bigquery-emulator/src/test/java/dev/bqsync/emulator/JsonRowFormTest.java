package dev.bqsync.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.bigquery.DatasetInfo;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.InsertAllRequest;
import com.google.cloud.bigquery.InsertAllResponse;
import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.StandardSQLTypeName;
import com.google.cloud.bigquery.StandardTableDefinition;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rows of a table without BYTES or JSON columns reach DuckDB as JSON objects (one JSON array per
 * INSERT); a table with a BYTES column keeps the VALUES tuples. The same rows, written both ways
 * through insertAll, read back the same, value for value, edge values of every type included.
 */
class JsonRowFormTest extends EmulatorTestSupport {
  private static final List<Field> CASTABLE = List.of(
      Field.of("i", StandardSQLTypeName.INT64),
      Field.of("f", StandardSQLTypeName.FLOAT64),
      Field.of("b", StandardSQLTypeName.BOOL),
      Field.of("n", StandardSQLTypeName.NUMERIC),
      Field.of("bn", StandardSQLTypeName.BIGNUMERIC),
      Field.of("s", StandardSQLTypeName.STRING),
      Field.of("d", StandardSQLTypeName.DATE),
      Field.of("dt", StandardSQLTypeName.DATETIME),
      Field.of("t", StandardSQLTypeName.TIME),
      Field.of("ts", StandardSQLTypeName.TIMESTAMP),
      Field.newBuilder("tags", StandardSQLTypeName.STRING).setMode(Field.Mode.REPEATED).build(),
      Field.of("address", StandardSQLTypeName.STRUCT, Field.of("city", StandardSQLTypeName.STRING),
          Field.newBuilder("zips", StandardSQLTypeName.INT64).setMode(Field.Mode.REPEATED).build()));

  private static Map<String, Object> row(Object... pairs) {
    Map<String, Object> row = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      row.put((String) pairs[i], pairs[i + 1]);
    }
    return row;
  }

  private static List<Map<String, Object>> rows() {
    List<Map<String, Object>> rows = new ArrayList<>();
    rows.add(row("i", "-9223372036854775808", "f", "NaN", "b", true, "n", "-99999999999999999999999999999.999999999",
        "bn", "99999999999999999999999999999999.999999", "s", "", "d", "0001-01-01", "dt", "0001-01-01T00:00:00",
        "t", "00:00:00", "ts", "0001-01-01 00:00:00 UTC", "tags", List.of(), "address", row("city", null, "zips", List.of())));
    rows.add(row("i", 9223372036854775807L, "f", "-Infinity", "b", "false", "n", "0.000000001", "bn", "-0.5",
        "s", "Grüße, 東京 🚀 \"q\" 'single' \\ back\nnew line\t\u0001", "d", "9999-12-31",
        "dt", "9999-12-31 23:59:59.999999", "t", "23:59:59.999999", "ts", "9999-12-31T23:59:59.999999Z",
        "tags", List.of("vip", "it's"), "address", row("city", "Köln", "zips", List.of(50667, -1))));
    rows.add(row("i", 0, "f", -0.0, "b", "1", "n", 7, "bn", "1e3", "s", "'); DROP TABLE x; --", "d", "2026-12-04",
        "dt", "2026-12-04 10:00", "t", "12:30:01.5", "ts", 1700000000.25));
    rows.add(row("i", " 12 ", "f", 5e-324));
    return rows;
  }

  private List<List<Object>> writeAndRead(String table, List<Field> fields) throws InterruptedException {
    TableId id = TableId.of(PROJECT, "forms", table);
    bigquery.create(TableInfo.of(id, StandardTableDefinition.of(Schema.of(fields))));
    InsertAllRequest.Builder request = InsertAllRequest.newBuilder(id);
    rows().forEach(request::addRow);
    InsertAllResponse response = bigquery.insertAll(request.build());
    assertFalse(response.hasErrors(), String.valueOf(response.getInsertErrors()));
    List<List<Object>> out = new ArrayList<>();
    String columns = String.join(", ", CASTABLE.stream().map(Field::getName).toList());
    for (FieldValueList values : bigquery.query(QueryJobConfiguration.of("SELECT " + columns
        + " FROM forms." + table + " ORDER BY i")).iterateAll()) {
      out.add(Arrays.asList(values.stream().map(v -> v.isNull() ? null : v.getValue().toString()).toArray()));
    }
    return out;
  }

  @Test
  void jsonRowsReadBackAsTupleRowsDo() throws InterruptedException {
    bigquery.create(DatasetInfo.of("forms"));
    List<Field> withBytes = new ArrayList<>(CASTABLE);
    withBytes.add(Field.of("by", StandardSQLTypeName.BYTES));
    assertTrue(RowInserter.jsonCastable(emulatorSchema(CASTABLE)));
    assertFalse(RowInserter.jsonCastable(emulatorSchema(withBytes)));

    List<List<Object>> json = writeAndRead("json_form", CASTABLE);
    List<List<Object>> tuples = writeAndRead("tuple_form", withBytes);

    assertEquals(4, json.size());
    assertEquals(tuples, json);
    assertEquals("-9223372036854775808", json.get(0).get(0));
    assertEquals("99999999999999999999999999999999.999999", json.get(0).get(4));
  }

  /** The schema as the emulator holds it after tables.insert (its REST form, parsed). */
  private static List<FieldSchema> emulatorSchema(List<Field> fields) {
    List<FieldSchema> out = new ArrayList<>();
    for (Field field : fields) {
      out.add(FieldSchema.fromJson(restForm(field)));
    }
    return out;
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode restForm(Field field) {
    var node = Json.object().put("name", field.getName()).put("type", field.getType().name())
        .put("mode", field.getMode() == null ? "NULLABLE" : field.getMode().name());
    if (field.getSubFields() != null) {
      var sub = node.putArray("fields");
      field.getSubFields().forEach(f -> sub.add(restForm(f)));
    }
    return node;
  }
}
