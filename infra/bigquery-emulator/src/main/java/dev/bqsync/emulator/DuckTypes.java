package dev.bqsync.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** DuckDB type names back to BigQuery field schemas (for query results and DDL-created tables). */
final class DuckTypes {
  /** NUMERIC: BigQuery's precision 38, scale 9. */
  static final String NUMERIC = "DECIMAL(38,9)";
  /**
   * BIGNUMERIC: DuckDB's decimals stop at 38 digits, so BIGNUMERIC is stored with 32 integer and
   * 6 fractional digits instead of BigQuery's 76.76 and 38 (a documented deviation).
   */
  static final String BIGNUMERIC = "DECIMAL(38,6)";

  private DuckTypes() {}

  static FieldSchema toField(String name, String duckType, boolean notNull) {
    String type = duckType.trim();
    if (type.endsWith("[]")) {
      FieldSchema element = toField(name, type.substring(0, type.length() - 2), false);
      return new FieldSchema(name, element.type(), "REPEATED", element.fields(), null);
    }
    String upper = type.toUpperCase(Locale.ROOT);
    if (upper.startsWith("STRUCT(")) {
      List<FieldSchema> fields = new ArrayList<>();
      for (String[] member : structMembers(type.substring(7, type.length() - 1))) {
        fields.add(toField(member[0], member[1], false));
      }
      return new FieldSchema(name, "RECORD", notNull ? "REQUIRED" : "NULLABLE", fields, null);
    }
    String bq;
    if (upper.startsWith("DECIMAL")) {
      bq = upper.replace(" ", "").equals(NUMERIC) || scale(upper) <= 9 && precision(upper) <= 29 ? "NUMERIC" : "BIGNUMERIC";
    } else {
      bq = switch (upper) {
        case "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER", "USMALLINT", "UTINYINT",
            "INT64", "INT32", "INT16", "INT8", "INT128" -> "INTEGER";
        case "DOUBLE", "FLOAT", "REAL" -> "FLOAT";
        case "BOOLEAN" -> "BOOLEAN";
        case "VARCHAR", "UUID", "INTERVAL", "BIT" -> "STRING";
        case "BLOB" -> "BYTES";
        case "DATE" -> "DATE";
        case "TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S" -> "DATETIME";
        case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" -> "TIMESTAMP";
        case "TIME" -> "TIME";
        case "JSON" -> "JSON";
        case "\"NULL\"", "NULL" -> "INTEGER"; // untyped NULL: BigQuery types a bare NULL as INT64
        default -> "STRING";
      };
    }
    return new FieldSchema(name, bq, notNull ? "REQUIRED" : "NULLABLE", List.of(), null);
  }

  private static int precision(String decimal) {
    String[] ps = decimal.replaceAll("[^0-9,]", "").split(",");
    return ps.length == 2 ? Integer.parseInt(ps[0]) : 18;
  }

  private static int scale(String decimal) {
    String[] ps = decimal.replaceAll("[^0-9,]", "").split(",");
    return ps.length == 2 ? Integer.parseInt(ps[1]) : 3;
  }

  /** Splits {@code a INTEGER, "b c" STRUCT(x VARCHAR)} into name/type pairs at the top level. */
  static List<String[]> structMembers(String body) {
    List<String[]> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    boolean quoted = false;
    for (int i = 0; i <= body.length(); i++) {
      char c = i < body.length() ? body.charAt(i) : ',';
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')') {
        depth--;
      } else if (!quoted && c == ',' && depth == 0) {
        String member = body.substring(start, i).trim();
        if (!member.isEmpty()) {
          out.add(splitMember(member));
        }
        start = i + 1;
      }
    }
    return out;
  }

  private static String[] splitMember(String member) {
    if (member.startsWith("\"")) {
      int end = member.indexOf('"', 1);
      while (end + 1 < member.length() && member.charAt(end + 1) == '"') {
        end = member.indexOf('"', end + 2);
      }
      return new String[] {member.substring(1, end).replace("\"\"", "\""), member.substring(end + 1).trim()};
    }
    int space = member.indexOf(' ');
    return new String[] {member.substring(0, space), member.substring(space + 1).trim()};
  }
}
