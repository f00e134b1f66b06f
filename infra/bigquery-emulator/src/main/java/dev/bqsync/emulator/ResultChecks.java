package dev.bqsync.emulator;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What BigQuery refuses to write into a query result but DuckDB computes silently: an integer
 * beyond INT64 (DuckDB's SUM of BIGINT is a 128-bit HUGEINT, BigQuery's is an INT64 that
 * overflows) and an ARRAY holding a NULL element.
 */
final class ResultChecks {
  private static final Set<String> WIDE_INTEGERS = Set.of("HUGEINT", "UBIGINT", "UHUGEINT");

  private ResultChecks() {}

  /** Throws invalidQuery (and drops the result table) when the result breaks one of BigQuery's rules. */
  static void check(Connection connection, TableName table) throws SQLException {
    String violation = null;
    for (String[] column : columns(connection, table)) {
      String name = column[0];
      String type = column[1];
      String quoted = Sql.quoteIdentifier(name);
      if (WIDE_INTEGERS.contains(type) && any(connection, table, quoted + " > 9223372036854775807 OR " + quoted
          + " < -9223372036854775808")) {
        violation = "Int64 overflow: a value of column " + name + " is outside the INT64 range";
      } else if (type.endsWith("[]") && any(connection, table, "len(" + quoted + ") <> list_aggregate(" + quoted
          + ", 'count')")) {
        violation = "Array cannot have a null element; error in writing field " + name;
      }
      if (violation != null) {
        try (Statement s = connection.createStatement()) {
          s.execute("DROP TABLE IF EXISTS " + Sql.table(table));
        }
        throw ApiException.invalidQuery(violation);
      }
    }
  }

  private static List<String[]> columns(Connection connection, TableName table) throws SQLException {
    List<String[]> out = new ArrayList<>();
    try (PreparedStatement p = connection.prepareStatement("SELECT column_name, data_type FROM information_schema.columns "
        + "WHERE table_catalog = ? AND table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
      p.setString(1, table.project());
      p.setString(2, table.dataset());
      p.setString(3, table.table());
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
    }
    return out;
  }

  private static boolean any(Connection connection, TableName table, String condition) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM " + Sql.table(table) + " WHERE " + condition + ")")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }
}
