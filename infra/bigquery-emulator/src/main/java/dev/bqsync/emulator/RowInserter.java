package dev.bqsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * tabledata.insertAll: every row is checked against the schema first. Without
 * {@code skipInvalidRows} one bad row stops the request and nothing is inserted (the others are
 * reported as "stopped"), as BigQuery does; with it, the good rows go in. The rows that go in are
 * inserted in one transaction.
 */
final class RowInserter {
  private static final int ROWS_PER_STATEMENT = 2_000;
  /** JSON rows per INSERT: a few MB of SQL text each. */
  private static final int JSON_ROWS_PER_STATEMENT = 20_000;

  private final Warehouse warehouse;

  RowInserter(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  /** {@code streamed}: the REST insertAll, whose rows go through the streaming buffer; false for seeding. */
  ObjectNode insertAll(TableName table, JsonNode body, boolean streamed) {
    boolean skipInvalid = body.path("skipInvalidRows").asBoolean(false);
    boolean ignoreUnknown = body.path("ignoreUnknownValues").asBoolean(false);
    if (body.hasNonNull("templateSuffix")) {
      throw ApiException.unsupported("insertAll templateSuffix");
    }
    return warehouse.locked(() -> {
      TableInfo info = warehouse.requireTable(table);
      if (info.isView()) {
        throw ApiException.invalid("Cannot insert rows into view " + table.display() + ": views are read-only");
      }
      List<FieldSchema> schema = info.schema();
      JsonNode rows = body.path("rows");
      List<JsonNode> objects = new ArrayList<>();
      for (JsonNode row : rows) {
        objects.add(row.get("json") == null ? Json.object() : row.get("json"));
      }
      Checked checked = check(schema, objects, ignoreUnknown);
      List<String> valid = checked.tuples();
      ArrayNode errors = Json.array();
      checked.errors().forEach((i, e) -> {
        ObjectNode error = errors.addObject();
        error.put("index", i);
        ObjectNode detail = error.putArray("errors").addObject();
        detail.put("reason", "invalid");
        detail.put("location", e.location());
        detail.put("debugInfo", "");
        detail.put("message", e.getMessage());
      });
      ObjectNode response = Json.object();
      response.put("kind", "bigquery#tableDataInsertAllResponse");
      if (!errors.isEmpty() && !skipInvalid) {
        Set<Integer> bad = new HashSet<>();
        errors.forEach(e -> bad.add(e.get("index").asInt()));
        for (int i = 0; i < rows.size(); i++) {
          if (!bad.contains(i)) {
            ObjectNode stopped = errors.addObject();
            stopped.put("index", i);
            ObjectNode detail = stopped.putArray("errors").addObject();
            detail.put("reason", "stopped");
            detail.put("location", "");
            detail.put("debugInfo", "");
            detail.put("message", "");
          }
        }
        response.set("insertErrors", errors);
        return response;
      }
      if (streamed && warehouse.streaming().enabled() && !valid.isEmpty()) {
        long before = warehouse.maxRowId(table);
        long bytesBefore = warehouse.bytes(table, null);
        insert(table, schema, valid, false);
        warehouse.streaming().add(table, new StreamingBuffer.Batch(valid.size(), warehouse.bytes(table, null) - bytesBefore,
            warehouse.now(), before + 1, warehouse.maxRowId(table)));
      } else {
        insert(table, schema, valid, true);
      }
      if (!errors.isEmpty()) {
        response.set("insertErrors", errors);
      }
      return response;
    });
  }

  /**
   * Rows checked against a schema: the good ones in the form {@link #insertRows} takes (JSON objects
   * when {@link #jsonCastable}, else value tuples), and the error of each bad one by its index.
   */
  record Checked(List<String> tuples, SortedMap<Integer, ValueException> errors) {}

  /**
   * Checks every row (a JSON object each) against the schema, as insertAll and load jobs both do;
   * nothing is written.
   */
  static Checked check(List<FieldSchema> schema, List<JsonNode> rows, boolean ignoreUnknown) {
    List<String> tuples = new ArrayList<>();
    SortedMap<Integer, ValueException> errors = new TreeMap<>();
    for (int i = 0; i < rows.size(); i++) {
      try {
        tuples.add(rowValues(schema, rows.get(i), ignoreUnknown));
      } catch (ValueException e) {
        errors.put(i, e);
      }
    }
    return new Checked(tuples, errors);
  }

  private static String rowValues(List<FieldSchema> schema, JsonNode json, boolean ignoreUnknown) {
    if (!json.isObject()) {
      throw new ValueException("", "A row must be a JSON object.");
    }
    boolean asJson = jsonCastable(schema);
    Set<String> known = new HashSet<>();
    List<String> values = new ArrayList<>();
    ObjectNode object = Json.object();
    for (int i = 0; i < schema.size(); i++) {
      FieldSchema field = schema.get(i);
      known.add(field.name().toLowerCase(Locale.ROOT));
      JsonNode value = Values.fieldIgnoringCase(json, field.name());
      if (asJson) {
        object.set(column(i), Values.jsonForm(field, value, field.name(), ignoreUnknown));
      } else {
        values.add(Values.inner(field, value, field.name(), ignoreUnknown));
      }
    }
    if (!ignoreUnknown) {
      for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!known.contains(name.toLowerCase(Locale.ROOT))) {
          throw new ValueException(name, "no such field: " + name + ".");
        }
      }
    }
    return asJson ? object.toString() : "(" + String.join(", ", values) + ")";
  }

  /**
   * Whether checked rows of this schema are JSON objects (one JSON array per INSERT, cast to the
   * rows' struct type: DuckDB binds it in milliseconds) rather than VALUES tuples (one expression
   * per value: seconds per 10,000 rows). BYTES and JSON columns keep the tuples (see
   * {@link Values#jsonCastable}).
   */
  static boolean jsonCastable(List<FieldSchema> schema) {
    return schema.stream().allMatch(Values::jsonCastable);
  }

  private static String column(int i) {
    return "c" + i;
  }

  /** Inserts rows given as DuckDB value tuples, casting each column once to its type, in one transaction. */
  void insert(TableName table, List<FieldSchema> schema, List<String> tuples, boolean touch) throws SQLException {
    if (tuples.isEmpty()) {
      return;
    }
    warehouse.transaction(() -> insertRows(table, schema, tuples));
    if (touch) {
      warehouse.touch(table);
    }
  }

  /** The INSERT statements of {@link #insert}, in the caller's transaction (see {@link Warehouse#transaction}). */
  void insertRows(TableName table, List<FieldSchema> schema, List<String> tuples) throws SQLException {
    if (tuples.isEmpty()) {
      return;
    }
    if (jsonCastable(schema)) {
      insertJsonRows(table, schema, tuples);
      return;
    }
    List<String> names = new ArrayList<>();
    List<String> casts = new ArrayList<>();
    List<String> aliases = new ArrayList<>();
    for (int i = 0; i < schema.size(); i++) {
      names.add(Sql.quoteIdentifier(schema.get(i).name()));
      casts.add("CAST(c" + i + " AS " + schema.get(i).duckType() + ")");
      aliases.add("c" + i);
    }
    try (Statement s = warehouse.connection().createStatement()) {
      for (int from = 0; from < tuples.size(); from += ROWS_PER_STATEMENT) {
        List<String> chunk = tuples.subList(from, Math.min(tuples.size(), from + ROWS_PER_STATEMENT));
        s.execute("INSERT INTO " + Sql.table(table) + " (" + String.join(", ", names) + ") SELECT "
            + String.join(", ", casts) + " FROM (VALUES " + String.join(", ", chunk) + ") AS v("
            + String.join(", ", aliases) + ")");
      }
    }
  }

  private void insertJsonRows(TableName table, List<FieldSchema> schema, List<String> objects) throws SQLException {
    List<String> names = new ArrayList<>();
    List<String> members = new ArrayList<>();
    for (int i = 0; i < schema.size(); i++) {
      names.add(Sql.quoteIdentifier(schema.get(i).name()));
      members.add(Sql.quoteIdentifier(column(i)) + " " + schema.get(i).duckType());
    }
    String type = "STRUCT(" + String.join(", ", members) + ")[]";
    try (Statement s = warehouse.connection().createStatement()) {
      for (int from = 0; from < objects.size(); from += JSON_ROWS_PER_STATEMENT) {
        String array = "[" + String.join(",", objects.subList(from, Math.min(objects.size(), from + JSON_ROWS_PER_STATEMENT)))
            + "]";
        s.execute("INSERT INTO " + Sql.table(table) + " (" + String.join(", ", names) + ") SELECT UNNEST(_bqemu_r) FROM "
            + "(SELECT UNNEST(CAST(CAST(" + Sql.quoteString(array) + " AS JSON) AS " + type + ")) AS _bqemu_r)");
      }
    }
  }
}
