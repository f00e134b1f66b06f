package dev.bqsync.emulator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.duckdb.DuckDBFunctions;
import org.duckdb.DuckDBLogicalType;

/**
 * Typed DuckDB macros for the GoogleSQL operations DuckDB answers differently: DuckDB picks the
 * overload by argument type, which is how BigQuery's result types come out (NUMERIC / NUMERIC is
 * NUMERIC, INT64 / INT64 is FLOAT64) and its errors happen (division by zero, a STRING that is
 * not an integer cast to INT64). The translator emits calls to them.
 */
final class BigQueryMacros {
  private static final String DIVISION_BY_ZERO =
      "error('division by zero: ' || CAST(a AS VARCHAR) || ' / ' || CAST(b AS VARCHAR))";
  private static final String INTEGER_TEXT = "'\\s*[+-]?[0-9]+\\s*'";
  /** Exact NUMERIC division (DuckDB divides decimals as doubles), rounded half away from zero to 9 digits. */
  private static final String NUMERIC_DIVIDE = "_bqemu_numeric_divide";

  private static final List<String> MACROS = List.of(
      "CREATE OR REPLACE TEMP MACRO _bqemu_divide"
          + "(a DECIMAL(38,9), b DECIMAL(38,9)) AS CASE WHEN b = 0 THEN " + DIVISION_BY_ZERO
          + " ELSE " + NUMERIC_DIVIDE + "(a, b) END, "
          + "(a DOUBLE, b DOUBLE) AS CASE WHEN b = 0 THEN " + DIVISION_BY_ZERO + " ELSE a / b END",
      "CREATE OR REPLACE TEMP MACRO _bqemu_divide_untyped(a, b) AS CASE WHEN b = 0 THEN " + DIVISION_BY_ZERO
          + " ELSE a / b END",
      // A time zone's offset from UTC at an instant, in seconds, and as +HH:MM (or +HHMM).
      "CREATE OR REPLACE TEMP MACRO _bqemu_offset_seconds(ts, zone) AS "
          + "CAST(epoch(timezone(zone, ts)) - epoch(ts) AS BIGINT)",
      "CREATE OR REPLACE TEMP MACRO _bqemu_utc_offset(s, sep) AS (CASE WHEN s < 0 THEN '-' ELSE '+' END) "
          + "|| lpad(CAST(abs(s) // 3600 AS VARCHAR), 2, '0') || sep || lpad(CAST((abs(s) % 3600) // 60 AS VARCHAR), 2, '0')",
      "CREATE OR REPLACE TEMP MACRO _bqemu_safe_divide"
          + "(a DECIMAL(38,9), b DECIMAL(38,9)) AS CASE WHEN b = 0 THEN NULL ELSE " + NUMERIC_DIVIDE + "(a, b) END, "
          + "(a DOUBLE, b DOUBLE) AS CASE WHEN b = 0 THEN NULL ELSE a / b END",
      // CAST(x AS INT64): FLOAT64 rounds half away from zero; a STRING must be an integer.
      "CREATE OR REPLACE TEMP MACRO _bqemu_int64"
          + "(x BIGINT) AS x, (x BOOLEAN) AS CAST(x AS BIGINT), (x DECIMAL(38,9)) AS CAST(x AS BIGINT), "
          + "(x DOUBLE) AS CAST(round(x) AS BIGINT), "
          + "(x VARCHAR) AS CASE WHEN regexp_full_match(x, " + INTEGER_TEXT + ") THEN CAST(trim(x) AS BIGINT) "
          + "ELSE error('Bad int64 value: ' || x) END",
      "CREATE OR REPLACE TEMP MACRO _bqemu_safe_int64"
          + "(x BIGINT) AS x, (x BOOLEAN) AS CAST(x AS BIGINT), (x DECIMAL(38,9)) AS TRY_CAST(x AS BIGINT), "
          + "(x DOUBLE) AS TRY_CAST(round(x) AS BIGINT), "
          + "(x VARCHAR) AS CASE WHEN regexp_full_match(x, " + INTEGER_TEXT + ") THEN TRY_CAST(trim(x) AS BIGINT) END");

  private BigQueryMacros() {}

  static void install(Connection connection) throws SQLException {
    DuckDBLogicalType numeric = DuckDBLogicalType.decimal(38, 9);
    DuckDBFunctions.scalarFunction().withName(NUMERIC_DIVIDE).withParameters(numeric, numeric).withReturnType(numeric)
        .withNullInNullOut().withFunction((BigDecimal a, BigDecimal b) -> a.divide(b, 9, RoundingMode.HALF_UP))
        .register(connection);
    try (Statement s = connection.createStatement()) {
      for (String macro : MACROS) {
        s.execute(macro);
      }
    }
  }
}
