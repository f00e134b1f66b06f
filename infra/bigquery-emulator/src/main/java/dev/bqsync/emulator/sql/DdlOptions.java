package dev.bqsync.emulator.sql;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bqsync.emulator.ApiException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a CREATE TABLE says beyond columns, in the REST API's shape, to be stored and returned by
 * tables.get: PARTITION BY as {@code timePartitioning} or {@code rangePartitioning}, CLUSTER BY as
 * {@code clustering}, OPTIONS(description=...) of the table and of its columns.
 */
final class DdlOptions {
  private static final Map<String, String> TRUNC_UNITS = Map.of("DAY", "DAY", "HOUR", "HOUR", "MONTH", "MONTH",
      "YEAR", "YEAR");

  private final List<Token> t;
  private final ObjectNode extras = JsonNodeFactory.instance.objectNode();

  DdlOptions(List<Token> tokens) {
    this.t = tokens;
  }

  ObjectNode extras() {
    return extras;
  }

  /** PARTITION BY tokens [from, to). */
  void partition(int from, int to) {
    Token first = t.get(from);
    ObjectNode time = JsonNodeFactory.instance.objectNode();
    if (to - from == 1 && first.isName()) {
      String name = first.text();
      if (name.equalsIgnoreCase("_PARTITIONDATE") || name.equalsIgnoreCase("_PARTITIONTIME")) {
        time.put("type", "DAY");
      } else {
        time.put("type", "DAY").put("field", name);
      }
      extras.set("timePartitioning", time);
      return;
    }
    String function = first.upper();
    if (!t.get(from + 1).isSymbol("(")) {
      throw ApiException.invalidQuery("PARTITION BY expression must be a column, DATE(column), a *_TRUNC(column, unit) "
          + "or RANGE_BUCKET(column, GENERATE_ARRAY(start, end, interval))");
    }
    String field = t.get(from + 2).text();
    switch (function) {
      case "DATE" -> time.put("type", "DAY").put("field", field);
      case "TIMESTAMP_TRUNC", "DATETIME_TRUNC", "DATE_TRUNC" -> {
        String unit = t.get(from + 4).upper();
        if (!TRUNC_UNITS.containsKey(unit)) {
          throw ApiException.invalidQuery("PARTITION BY " + function + " takes HOUR, DAY, MONTH or YEAR, not " + unit);
        }
        time.put("type", unit).put("field", field);
      }
      case "RANGE_BUCKET" -> {
        // RANGE_BUCKET(field, GENERATE_ARRAY(start, end, interval))
        int open = from + 5;
        if (!t.get(from + 4).isWord("GENERATE_ARRAY") || !t.get(open).isSymbol("(")) {
          throw ApiException.invalidQuery("PARTITION BY RANGE_BUCKET needs GENERATE_ARRAY(start, end, interval)");
        }
        ObjectNode range = JsonNodeFactory.instance.objectNode();
        range.put("start", signed(open + 1)).put("end", signed(next(open + 1))).put("interval", signed(next(next(open + 1))));
        ObjectNode partitioning = JsonNodeFactory.instance.objectNode();
        partitioning.put("field", field).set("range", range);
        extras.set("rangePartitioning", partitioning);
        return;
      }
      default -> throw ApiException.invalidQuery("Unsupported PARTITION BY expression " + function);
    }
    extras.set("timePartitioning", time);
  }

  /** CLUSTER BY tokens [from, to): column names separated by commas. */
  void cluster(int from, int to) {
    var fields = extras.putObject("clustering").putArray("fields");
    for (int i = from; i < to; i++) {
      if (t.get(i).isName()) {
        fields.add(t.get(i).text());
      }
    }
  }

  /** OPTIONS(name = value, ...) of the table, tokens [open, close] including the parentheses. */
  void tableOptions(int open, int close) {
    String description = description(open, close);
    if (description != null) {
      extras.put("description", description);
    }
  }

  void columnOptions(String column, int open, int close) {
    String description = description(open, close);
    if (description != null) {
      ObjectNode descriptions = extras.has("columnDescriptions") ? (ObjectNode) extras.get("columnDescriptions")
          : extras.putObject("columnDescriptions");
      descriptions.put(column.toLowerCase(Locale.ROOT), description);
    }
  }

  private String description(int open, int close) {
    for (int i = open + 1; i + 2 < close; i++) {
      if (t.get(i).isWord("description") && t.get(i + 1).isSymbol("=") && t.get(i + 2).kind() == Token.Kind.STRING) {
        return t.get(i + 2).text();
      }
    }
    return null;
  }

  private String signed(int i) {
    return t.get(i).isSymbol("-") ? "-" + t.get(i + 1).text() : t.get(i).text();
  }

  private int next(int i) {
    int j = t.get(i).isSymbol("-") ? i + 2 : i + 1;
    return t.get(j).isSymbol(",") ? j + 1 : j;
  }
}
