package dev.bqsync.emulator;

import dev.bqsync.emulator.sql.TypeProbe;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BigQuery's static type rules where DuckDB casts implicitly: comparisons, COALESCE/IFNULL/CONCAT
 * arguments, values assigned or inserted into columns, and SELECT aliases named in WHERE. The
 * operand types come from DuckDB itself (see {@link TypeProbe}); a probe DuckDB cannot bind for
 * another reason proves nothing and is skipped.
 */
final class TypeCheck {
  private static final Pattern ARGUMENT_TYPES = Pattern.compile("argument types 'lower\\((.*)\\)'");

  private TypeCheck() {}

  static void check(Connection connection, List<TypeProbe> probes, List<FieldSchema> insertTarget) {
    for (TypeProbe probe : probes) {
      if (probe.kind() == TypeProbe.Kind.ALIAS) {
        String error = bindError(connection, probe.duckSql());
        if (error != null && error.contains("\"" + probe.label() + "\" not found")) {
          throw ApiException.invalidQuery("Unrecognized name: " + probe.label());
        }
        continue;
      }
      List<BigQueryType> types = probe.kind() == TypeProbe.Kind.INSERT ? insertTypes(connection, probe.duckSql())
          : argumentTypes(bindError(connection, probe.duckSql()));
      if (types == null) {
        continue;
      }
      switch (probe.kind()) {
        case COMPARISON -> {
          if (probe.label().equals("IN")) {
            inList(types);
          } else if (types.size() == 2 && !BigQueryType.comparable(types.get(0), types.get(1))) {
            throw ApiException.invalidQuery("No matching signature for operator " + probe.label() + " for argument types: "
                + types.get(0) + ", " + types.get(1) + ". Supported signature: ANY " + probe.label() + " ANY");
          }
        }
        case FUNCTION -> function(probe.label(), types);
        case ASSIGNMENT -> {
          if (types.size() == 2 && !BigQueryType.assignable(types.get(1), types.get(0))) {
            throw ApiException.invalidQuery("Value of type " + types.get(1) + " cannot be assigned to " + probe.label()
                + ", which has type " + types.get(0));
          }
        }
        case INSERT -> insert(probe.label(), types, insertTarget);
        default -> { }
      }
    }
  }

  private static void inList(List<BigQueryType> types) {
    for (int i = 1; i < types.size(); i++) {
      if (!BigQueryType.comparable(types.get(0), types.get(i))) {
        String listed = String.join(", ", types.subList(1, types.size()).stream().map(BigQueryType::toString)
            .distinct().toList());
        throw ApiException.invalidQuery("No matching signature for operator IN for argument types " + types.get(0)
            + " and {" + listed + "}. Supported signature: ANY IN (ANY, [ANY, ...])");
      }
    }
  }

  private static void function(String name, List<BigQueryType> types) {
    String list = String.join(", ", types.stream().map(BigQueryType::toString).toList());
    if (name.equals("CONCAT")) {
      boolean strings = types.stream().allMatch(x -> x.isNull() || x.isString());
      boolean bytes = types.stream().allMatch(x -> x.isNull() || x.name().equals("BYTES"));
      if (!strings && !bytes) {
        throw ApiException.invalidQuery("No matching signature for function CONCAT for argument types: " + list
            + ". Supported signatures: CONCAT(STRING, [STRING, ...]); CONCAT(BYTES, [BYTES, ...])");
      }
      return;
    }
    for (int i = 0; i < types.size(); i++) {
      for (int j = i + 1; j < types.size(); j++) {
        if (!BigQueryType.comparable(types.get(i), types.get(j))) {
          throw ApiException.invalidQuery("No matching signature for function " + name + " for argument types: " + list
              + ". Supported signature: " + (name.equals("IFNULL") ? "IFNULL(ANY, ANY)" : name + "([ANY, ...])"));
        }
      }
    }
  }

  private static void insert(String columnList, List<BigQueryType> types, List<FieldSchema> target) {
    if (target == null) {
      return;
    }
    String[] columns = columnList.split(",");
    for (int i = 0; i < Math.min(columns.length, types.size()); i++) {
      String column = columns[i].replace("`", "").trim();
      FieldSchema field = target.stream().filter(f -> f.name().equalsIgnoreCase(column)).findFirst().orElse(null);
      if (field == null || field.repeated() || field.type().equals("RECORD")) {
        continue;
      }
      BigQueryType columnType = BigQueryType.ofField(field.type());
      if (!BigQueryType.assignable(types.get(i), columnType)) {
        throw ApiException.invalidQuery("Query column " + (i + 1) + " has type " + types.get(i)
            + " which cannot be inserted into column " + field.name() + ", which has type " + columnType);
      }
    }
  }

  /** The probe's bind error message, or null when it binds. */
  private static String bindError(Connection connection, String duckSql) {
    try (PreparedStatement p = connection.prepareStatement(duckSql)) {
      return null;
    } catch (SQLException e) {
      return String.valueOf(e.getMessage());
    }
  }

  private static List<BigQueryType> argumentTypes(String error) {
    if (error == null) {
      return null;
    }
    Matcher m = ARGUMENT_TYPES.matcher(error);
    if (!m.find()) {
      return null;
    }
    List<BigQueryType> types = new ArrayList<>();
    for (String duck : splitTopLevel(m.group(1))) {
      types.add(BigQueryType.ofDuck(duck));
    }
    return types;
  }

  /** An INSERT's source: VALUES rows come back as lower(...) argument types, a SELECT as its result columns. */
  private static List<BigQueryType> insertTypes(Connection connection, String duckSql) {
    if (duckSql.startsWith("SELECT lower(")) {
      return argumentTypes(bindError(connection, duckSql));
    }
    try (PreparedStatement p = connection.prepareStatement(duckSql)) {
      ResultSetMetaData meta = p.getMetaData();
      List<BigQueryType> types = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        types.add(BigQueryType.ofDuck(meta.getColumnTypeName(i)));
      }
      return types;
    } catch (SQLException e) {
      return null;
    }
  }

  private static List<String> splitTopLevel(String list) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < list.length(); i++) {
      char c = list.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(list.substring(start, i).trim());
        start = i + 1;
      }
    }
    out.add(list.substring(start).trim());
    return out;
  }

  /** A value's type in BigQuery's terms; {@code literal} for an untyped integer or string literal. */
  record BigQueryType(String name, boolean literal) {
    static BigQueryType ofDuck(String duck) {
      String d = duck.trim().toUpperCase(Locale.ROOT);
      if (d.equals("INTEGER_LITERAL")) {
        return new BigQueryType("INT64", true);
      }
      if (d.equals("STRING_LITERAL")) {
        return new BigQueryType("STRING", true);
      }
      if (d.equals("\"NULL\"") || d.equals("NULL")) {
        return new BigQueryType("NULL", true);
      }
      if (d.startsWith("DECIMAL")) {
        return new BigQueryType(d.replace(" ", "").equals("DECIMAL(38,6)") ? "BIGNUMERIC" : "NUMERIC", false);
      }
      if (d.endsWith("[]") || d.startsWith("STRUCT") || d.startsWith("MAP") || d.startsWith("UNION")) {
        return new BigQueryType("OTHER", false);
      }
      return new BigQueryType(switch (d) {
        case "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER", "USMALLINT", "UTINYINT" -> "INT64";
        case "DOUBLE", "FLOAT" -> "FLOAT64";
        case "VARCHAR", "UUID" -> "STRING";
        case "BOOLEAN" -> "BOOL";
        case "BLOB" -> "BYTES";
        case "DATE" -> "DATE";
        case "TIME" -> "TIME";
        case "TIMESTAMP" -> "DATETIME";
        case "TIMESTAMP WITH TIME ZONE" -> "TIMESTAMP";
        default -> "OTHER";
      }, false);
    }

    static BigQueryType ofField(String fieldType) {
      return new BigQueryType(switch (fieldType) {
        case "INTEGER" -> "INT64";
        case "FLOAT" -> "FLOAT64";
        case "BOOLEAN" -> "BOOL";
        case "STRING", "BYTES", "NUMERIC", "BIGNUMERIC", "DATE", "DATETIME", "TIME", "TIMESTAMP" -> fieldType;
        default -> "OTHER";
      }, false);
    }

    boolean isNull() {
      return name.equals("NULL");
    }

    boolean isString() {
      return name.equals("STRING");
    }

    boolean numeric() {
      return Families.NUMERIC.contains(name);
    }

    boolean civilTime() {
      return Families.TIMES.contains(name);
    }

    /** GoogleSQL's comparison rules: numbers with numbers, a string literal with dates and times, DATE with DATETIME. */
    static boolean comparable(BigQueryType a, BigQueryType b) {
      if (a.isNull() || b.isNull() || a.name.equals("OTHER") || b.name.equals("OTHER") || a.name.equals(b.name)) {
        return true;
      }
      if (a.numeric() && b.numeric()) {
        return true;
      }
      if ((a.isString() && a.literal && b.civilTime()) || (b.isString() && b.literal && a.civilTime())) {
        return true;
      }
      return (a.name.equals("DATE") && b.name.equals("DATETIME")) || (a.name.equals("DATETIME") && b.name.equals("DATE"));
    }

    /** GoogleSQL's coercion of a value into a column: INT64 widens to NUMERIC, BIGNUMERIC and FLOAT64, and so on. */
    static boolean assignable(BigQueryType value, BigQueryType column) {
      if (value.isNull() || value.name.equals("OTHER") || column.name.equals("OTHER") || value.name.equals(column.name)) {
        return true;
      }
      return switch (value.name) {
        case "INT64" -> column.numeric();
        case "NUMERIC" -> column.name.equals("BIGNUMERIC") || column.name.equals("FLOAT64");
        case "BIGNUMERIC" -> column.name.equals("FLOAT64");
        // FLOAT64 literals coerce to NUMERIC; the translator types 1.5 as FLOAT64, so literal or not cannot be told
        case "FLOAT64" -> column.numeric() && !column.name.equals("INT64");
        case "STRING" -> value.literal && column.civilTime();
        case "DATE" -> column.name.equals("DATETIME");
        default -> false;
      };
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Type families. */
  private static final class Families {
    static final Set<String> NUMERIC = Set.of("INT64", "NUMERIC", "BIGNUMERIC", "FLOAT64");
    static final Set<String> TIMES = Set.of("DATE", "DATETIME", "TIME", "TIMESTAMP");
  }
}
